package com.practicekey.billing;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real Synthea sample into one practice of billing-app: patients, claims and explanations of
 * benefit with the numbers SOURCE.md states (each EOB linked to its claim), the coverages the EOBs
 * contain, everything else counted as ignored; the database and the list endpoints agree; a second
 * import of a bundle creates nothing. Skipped when the sample is absent.
 */
@PracticeKeyTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyntheaImportIT {

    private SyntheaSample sample;
    private EmbeddedServer app;
    private PracticeKeyServer kc;
    private Tenant tenant;
    private String token;

    @BeforeAll
    void start(PracticeKeyServer kc) {
        sample = SyntheaSample.require();
        this.kc = kc;
        app = BillingApp.start(kc);
        AppTokens tokens = new AppTokens(kc);
        tenant = kc.newTenant("Synthea billing " + PracticeKeyServer.unique("s"), Map.of());
        User u = kc.newUser();
        kc.addMember(tenant, u);
        token = tokens.accessToken(tokens.client(new Claims("billing-app", tenant.alias(), BillingApp.allBillingPermissions())), u);
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.getApplicationContext().close();
        }
    }

    private JsonNode importFile(Path file) throws java.io.IOException {
        return Http.send(HttpRequest.newBuilder(BillingApp.url(app, "/api/fhir/import")).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(java.nio.file.Files.readAllBytes(file))).build()).expect(200).json();
    }

    private static void add(Map<String, Integer> sum, JsonNode counts) {
        counts.fields().forEachRemaining(e -> sum.merge(e.getKey(), e.getValue().asInt(), Integer::sum));
    }

    private long count(Connection c, String sql) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, tenant.alias());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
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
        assertEquals(Map.of("Patient", 28, "Claim", 806, "ExplanationOfBenefit", 806), expectCreated, "from SOURCE.md");
        // Synthea has no Coverage entries: each EOB contains one; one record per patient and payer
        Integer coverages = created.remove("Coverage");
        assertTrue(coverages != null && coverages >= 28, "coverages from the EOBs: " + coverages);
        assertEquals(expectCreated, created, "created");
        assertEquals(Map.of(), updated, "nothing imported twice");
        assertEquals(expectIgnored, ignored, "ignored");

        try (Connection c = kc.database().connect(BillingApp.DB)) {
            assertEquals(28, count(c, "SELECT count(*) FROM patient WHERE practice_id = ?"));
            assertEquals(806, count(c, "SELECT count(*) FROM claim WHERE practice_id = ?"));
            assertEquals(806, count(c, "SELECT count(*) FROM explanation_of_benefit WHERE practice_id = ?"));
            assertEquals(806, count(c, "SELECT count(*) FROM explanation_of_benefit WHERE practice_id = ? AND claim_id IS NOT NULL "
                    + "AND coverage_id IS NOT NULL"), "every EOB linked to its claim and coverage");
            assertEquals((long) coverages, count(c, "SELECT count(*) FROM coverage WHERE practice_id = ?"));
            assertTrue(count(c, "SELECT count(*) FROM claim_line WHERE practice_id = ?") >= 806);
        }
        assertEquals(28, Http.send("GET", BillingApp.url(app, "/api/patients?size=1"), token, null).expect(200).json().get("total").asLong());
        assertEquals(806, Http.send("GET", BillingApp.url(app, "/api/claims?size=1"), token, null).expect(200).json().get("total").asLong());

        Path smallest = sample.files.stream().skip(2).min(Comparator.comparingLong(SyntheaImportIT::size)).orElseThrow();
        JsonNode again = importFile(smallest);
        assertEquals(0, again.get("created").size(), "created on the second import: " + again.get("created"));
        assertEquals(1, again.get("updated").get("Patient").asInt());
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
