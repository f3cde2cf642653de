package com.practicekey.billing;

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
    private FhirImports imports;
    private Member member;

    @BeforeAll
    void start(PracticeKeyServer kc) {
        sample = SyntheaSample.require();
        app = BillingApp.start(kc);
        imports = new FhirImports(kc, BillingApp.url(app, ""), BillingApp.DB);
        member = new AppTokens(kc).newMember("Synthea billing", "billing-app", BillingApp.allBillingPermissions());
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.getApplicationContext().close();
        }
    }

    private long count(String sql) {
        return imports.count(member.tenant(), sql);
    }

    @Test
    void every_bundle_imports_with_the_counts_of_source_md() {
        SyntheaSample.Counts got = sample.importAll(f -> imports.importFile(member.token(), f));
        assertEquals(30, sample.files().size(), "28 patient bundles and 2 support bundles");

        SyntheaSample.Counts expected = sample.expected(FhirImporter.TYPES);
        assertEquals(Map.of("Patient", 28, "Claim", 806, "ExplanationOfBenefit", 806), expected.created(), "from SOURCE.md");
        // Synthea has no Coverage entries: each EOB contains one; one record per patient and payer
        Integer coverages = got.created().remove("Coverage");
        assertTrue(coverages != null && coverages >= 28, "coverages from the EOBs: " + coverages);
        assertEquals(expected.created(), got.created(), "created");
        assertEquals(Map.of(), got.updated(), "nothing imported twice");
        assertEquals(expected.ignored(), got.ignored(), "ignored");

        assertEquals(28, count("SELECT count(*) FROM patient WHERE practice_id = ?"));
        assertEquals(806, count("SELECT count(*) FROM claim WHERE practice_id = ?"));
        assertEquals(806, count("SELECT count(*) FROM explanation_of_benefit WHERE practice_id = ?"));
        assertEquals(806, count("SELECT count(*) FROM explanation_of_benefit WHERE practice_id = ? AND claim_id IS NOT NULL "
                + "AND coverage_id IS NOT NULL"), "every EOB linked to its claim and coverage");
        assertEquals((long) coverages, count("SELECT count(*) FROM coverage WHERE practice_id = ?"));
        assertTrue(count("SELECT count(*) FROM claim_line WHERE practice_id = ?") >= 806);
        assertEquals(28, imports.get("/api/patients?size=1", member.token()).expect(200).json().get("total").asLong());
        assertEquals(806, imports.get("/api/claims?size=1", member.token()).expect(200).json().get("total").asLong());

        JsonNode again = imports.importFile(member.token(), sample.smallestPatientBundle());
        assertEquals(0, again.get("created").size(), "created on the second import: " + again.get("created"));
        assertEquals(1, again.get("updated").get("Patient").asInt());
    }
}
