package com.practicekey.clinical;

import com.fasterxml.jackson.databind.JsonNode;
import com.practicekey.stack.junit.AppTokens;
import com.practicekey.stack.junit.AppTokens.Member;
import com.practicekey.stack.junit.FhirImports;
import com.practicekey.stack.junit.PracticeKeyServer;
import com.practicekey.stack.junit.PracticeKeyTest;
import com.practicekey.stack.junit.SyntheaSample;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

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
    private FhirImports imports;
    private Member member;

    @BeforeAll
    void start(PracticeKeyServer kc) {
        sample = SyntheaSample.require();
        app = ClinicalApp.start(kc);
        imports = new FhirImports(kc, ClinicalApp.url(app, ""), ClinicalApp.DB);
        member = new AppTokens(kc).newMember("Synthea clinic", "clinical-app", ClinicalApp.allClinicalPermissions());
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.getApplicationContext().close();
        }
    }

    private long total(String path) {
        return imports.get(path, member.token()).expect(200).json().get("total").asLong();
    }

    @Test
    void every_bundle_imports_with_the_counts_of_source_md() {
        SyntheaSample.Counts got = sample.importAll(f -> imports.importFile(member.token(), f));
        assertEquals(30, sample.files().size(), "28 patient bundles and 2 support bundles");

        SyntheaSample.Counts expected = sample.expected(FhirImporter.TYPES);
        Map<String, Integer> expectCreated = expected.created();
        assertEquals(7, expectCreated.size(), "SOURCE.md names every type clinical takes: " + expectCreated);
        assertEquals(4184, expectCreated.get("Observation"));
        assertEquals(18, expectCreated.get("AllergyIntolerance"));
        assertEquals(expectCreated, got.created(), "created");
        assertEquals(Map.of(), got.updated(), "nothing imported twice");
        assertEquals(expected.ignored(), got.ignored(), "ignored");

        // the database holds exactly these rows for the practice
        for (Map.Entry<String, String> t : TABLES.entrySet()) {
            assertEquals((long) expectCreated.get(t.getKey()),
                    imports.count(member.tenant(), "SELECT count(*) FROM " + t.getValue() + " WHERE practice_id = ?"),
                    t.getValue() + " rows");
        }

        // and the list endpoints show them
        JsonNode patients = imports.get("/api/patients?size=100", member.token()).expect(200).json();
        assertEquals((long) expectCreated.get("Patient"), patients.get("total").asLong());
        long encounters = 0;
        long observations = 0;
        long problems = 0;
        for (JsonNode p : patients.get("items")) {
            String id = p.get("id").asText();
            encounters += total("/api/patients/" + id + "/encounters?size=1");
            observations += total("/api/patients/" + id + "/observations?size=1");
            problems += total("/api/patients/" + id + "/problems?size=1");
        }
        assertEquals((long) expectCreated.get("Encounter"), encounters);
        assertEquals((long) expectCreated.get("Observation"), observations);
        assertEquals((long) expectCreated.get("Condition"), problems);

        // a second import of a patient bundle matches every record and creates none
        JsonNode again = imports.importFile(member.token(), sample.smallestPatientBundle());
        assertEquals(0, again.get("created").size(), "created on the second import: " + again.get("created"));
        assertEquals(1, again.get("updated").get("Patient").asInt());
    }
}
