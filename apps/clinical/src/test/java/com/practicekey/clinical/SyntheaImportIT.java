package com.practicekey.clinical;

import com.fasterxml.jackson.databind.JsonNode;
import com.practicekey.stack.Http;
import com.practicekey.stack.junit.AppTokens;
import com.practicekey.stack.junit.AppTokens.Claims;
import com.practicekey.stack.junit.PracticeKeyServer;
import com.practicekey.stack.junit.PracticeKeyServer.Tenant;
import com.practicekey.stack.junit.PracticeKeyServer.User;
import com.practicekey.stack.junit.PracticeKeyTest;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The real Synthea sample (28 patient bundles, 2 support bundles) into one practice of
 * clinical-app: every resource of the types clinical takes is created, every other one is
 * counted as ignored, with the numbers SOURCE.md states; the database and the list endpoints
 * agree; a second import of a bundle creates nothing. Skipped when the sample is absent.
 */
@PracticeKeyTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyntheaImportIT {

    private static final Map<String, String> TABLES = Map.of("Patient", "patient", "Encounter", "encounter",
            "Condition", "problem", "Observation", "observation", "Procedure", "procedure",
            "MedicationRequest", "medication_request", "AllergyIntolerance", "allergy_intolerance");

    private SyntheaSample sample;
    private EmbeddedServer app;
    private PracticeKeyServer kc;
    private Tenant tenant;
    private String token;

    @BeforeAll
    void start(PracticeKeyServer kc) {
        sample = SyntheaSample.require();
        this.kc = kc;
        app = ClinicalApp.start(kc);
        AppTokens tokens = new AppTokens(kc);
        tenant = kc.newTenant("Synthea clinic " + PracticeKeyServer.unique("s"), Map.of());
        User u = kc.newUser();
        kc.addMember(tenant, u);
        token = tokens.accessToken(tokens.client(new Claims("clinical-app", tenant.alias(), ClinicalApp.allClinicalPermissions())), u);
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.getApplicationContext().close();
        }
    }

    private JsonNode importFile(Path file) throws java.io.IOException {
        return Http.send(HttpRequest.newBuilder(ClinicalApp.url(app, "/api/fhir/import")).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(java.nio.file.Files.readAllBytes(file))).build()).expect(200).json();
    }

    private static void add(Map<String, Integer> sum, JsonNode counts) {
        counts.fields().forEachRemaining(e -> sum.merge(e.getKey(), e.getValue().asInt(), Integer::sum));
    }

    private long get(String path) {
        return Http.send("GET", ClinicalApp.url(app, path), token, null).expect(200).json().get("total").asLong();
    }

    @Test
    void every_bundle_imports_with_the_counts_of_source_md() throws Exception {
        Map<String, Integer> created = new TreeMap<>();
        Map<String, Integer> updated = new TreeMap<>();
        Map<String, Integer> ignored = new TreeMap<>();
        for (Path f : sample.files) {
            JsonNode r = importFile(f);
            add(created, r.get("created"));
            add(updated, r.get("updated"));
            add(ignored, r.get("ignored"));
        }
        assertEquals(30, sample.files.size(), "28 patient bundles and 2 support bundles");

        Map<String, Integer> expectCreated = new TreeMap<>();
        Map<String, Integer> expectIgnored = new TreeMap<>(sample.supportCounts);
        sample.patientBundleCounts.forEach((type, n) -> (FhirImporter.TYPES.contains(type) ? expectCreated : expectIgnored).put(type, n));
        assertEquals(7, expectCreated.size(), "SOURCE.md names every type clinical takes: " + expectCreated);
        assertEquals(4184, expectCreated.get("Observation"));
        assertEquals(18, expectCreated.get("AllergyIntolerance"));
        assertEquals(expectCreated, created, "created");
        assertEquals(Map.of(), updated, "nothing imported twice");
        assertEquals(expectIgnored, ignored, "ignored");

        // the database holds exactly these rows for the practice
        try (Connection c = kc.database().connect(ClinicalApp.DB)) {
            for (Map.Entry<String, String> t : TABLES.entrySet()) {
                try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM " + t.getValue() + " WHERE practice_id = ?")) {
                    s.setString(1, tenant.alias());
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        assertEquals((long) expectCreated.get(t.getKey()), rs.getLong(1), t.getValue() + " rows");
                    }
                }
            }
        }

        // and the list endpoints show them
        JsonNode patients = Http.send("GET", ClinicalApp.url(app, "/api/patients?size=100"), token, null).expect(200).json();
        assertEquals((long) expectCreated.get("Patient"), patients.get("total").asLong());
        long encounters = 0;
        long observations = 0;
        long problems = 0;
        for (JsonNode p : patients.get("items")) {
            String id = p.get("id").asText();
            encounters += get("/api/patients/" + id + "/encounters?size=1");
            observations += get("/api/patients/" + id + "/observations?size=1");
            problems += get("/api/patients/" + id + "/problems?size=1");
        }
        assertEquals((long) expectCreated.get("Encounter"), encounters);
        assertEquals((long) expectCreated.get("Observation"), observations);
        assertEquals((long) expectCreated.get("Condition"), problems);

        // a second import of a patient bundle matches every record and creates none
        Path smallest = sample.files.stream().skip(2).min(Comparator.comparingLong(SyntheaImportIT::size)).orElseThrow();
        JsonNode again = importFile(smallest);
        assertEquals(0, again.get("created").size(), "created on the second import: " + again.get("created"));
        assertEquals(1, again.get("updated").get("Patient").asInt());
    }

    private static long size(Path p) {
        try {
            return java.nio.file.Files.size(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

}
