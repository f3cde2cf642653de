package com.practicekey.billing;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.practicekey.stack.Http;
import com.practicekey.stack.junit.AppTokens;
import com.practicekey.stack.junit.AppTokens.Member;
import com.practicekey.stack.junit.FhirImports;
import com.practicekey.stack.junit.FhirTestBundles;
import com.practicekey.stack.junit.PracticeKeyServer;
import com.practicekey.stack.junit.PracticeKeyTest;
import io.micronaut.runtime.server.EmbeddedServer;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.practicekey.billing.BillingBundles.fullBundle;
import static com.practicekey.stack.junit.FhirImports.counts;
import static com.practicekey.stack.junit.FhirTestBundles.map;
import static com.practicekey.stack.junit.FhirTestBundles.ref;
import static com.practicekey.stack.junit.FhirTestBundles.uuid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /api/fhir/import and GET /api/fhir/Patient/{id} of billing-app, on the real Keycloak and PostgreSQL. */
@PracticeKeyTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FhirImportIT {

    static final List<String> TABLES = List.of("patient", "coverage", "claim", "claim_line", "explanation_of_benefit",
            "fhir_match", "fhir_reference");

    private EmbeddedServer app;
    private AppTokens tokens;
    private PracticeKeyServer kc;
    private FhirImports imports;
    private final FhirContext fhir = FhirContext.forR4();

    @BeforeAll
    void start(PracticeKeyServer kc) {
        this.kc = kc;
        app = BillingApp.start(kc);
        tokens = new AppTokens(kc);
        imports = new FhirImports(kc, BillingApp.url(app, ""), BillingApp.DB);
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.getApplicationContext().close();
        }
    }

    private Member member(List<String> permissions) {
        return tokens.newMember("Billing office", "billing-app", permissions);
    }

    @Test
    void a_bundle_is_imported_with_counts_and_the_patient_reads_back_as_fhir() {
        Member m = member(BillingApp.allBillingPermissions());
        JsonNode r = imports.importBundle(m.token(), fullBundle("counts", "Fhircount")).expect(200).json();
        // two coverages: the Coverage entry and the one the ExplanationOfBenefit contains
        assertEquals(Map.of("Patient", 1, "Coverage", 2, "Claim", 1, "ExplanationOfBenefit", 1), counts(r.get("created")));
        assertEquals(Map.of(), counts(r.get("updated")));
        assertEquals(Map.of("Encounter", 1, "Condition", 1), counts(r.get("ignored")));

        String id = imports.patientId(m.token(), "Fhircount");
        assertEquals(2, imports.get("/api/patients/" + id + "/coverage", m.token()).expect(200).json().get("total").asLong());
        JsonNode claims = imports.get("/api/claims?patientId=" + id, m.token()).expect(200).json();
        assertEquals(1, claims.get("total").asLong());
        JsonNode claim = imports.get("/api/claims/" + claims.get("items").get(0).get("id").asText(), m.token()).expect(200).json();
        assertEquals("submitted", claim.get("claim").get("status").asText());
        assertEquals(0, claim.get("claim").get("totalCharge").decimalValue().compareTo(new java.math.BigDecimal("200.00")));
        assertEquals(2, claim.get("lines").size());
        assertEquals("185349003", claim.get("lines").get(0).get("procedureCode").asText());
        assertEquals(0, imports.get("/api/patients/" + id + "/balance", m.token()).expect(200).json().get("charges").decimalValue()
                .compareTo(new java.math.BigDecimal("200.00")));
        Map<String, Long> rows = imports.rows(m.tenant(), TABLES);
        assertEquals(1, rows.get("explanation_of_benefit"));
        try (Connection c = kc.database().connect(BillingApp.DB);
             PreparedStatement s = c.prepareStatement("SELECT e.claim_id = cl.id, e.coverage_id IS NOT NULL, e.payment_amount "
                     + "FROM explanation_of_benefit e JOIN claim cl ON cl.practice_id = e.practice_id WHERE e.practice_id = ?")) {
            s.setString(1, m.tenant().alias());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                assertTrue(rs.getBoolean(1), "the EOB points at its claim");
                assertTrue(rs.getBoolean(2), "and at the coverage it contains");
                assertEquals(0, rs.getBigDecimal(3).compareTo(new java.math.BigDecimal("160.00")));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }

        Patient p = fhir.newJsonParser().parseResource(Patient.class, imports.fhirPatient(id, m.token()));
        assertEquals(id, p.getIdElement().getIdPart());
        assertEquals(1, p.getIdentifier().size());
        assertEquals("MRN-counts", p.getIdentifier().get(0).getValue());
        assertEquals("Fhircount", p.getNameFirstRep().getFamily());
        assertEquals(FhirTestBundles.ORG_REF, p.getManagingOrganization().getReference());
    }

    @Test
    void conditional_references_outside_the_bundle_are_kept_as_references() {
        Member m = member(BillingApp.allBillingPermissions());
        imports.importBundle(m.token(), fullBundle("kept", "Fhirkept")).expect(200);
        List<String> kept = imports.keptReferences(m.tenant());
        assertEquals(List.of(
                "Claim provider " + FhirTestBundles.ORG_REF,
                "Coverage payor " + FhirTestBundles.ORG_REF,
                "ExplanationOfBenefit provider " + FhirTestBundles.PRACTITIONER_REF,
                "Patient managingOrganization " + FhirTestBundles.ORG_REF), kept);
    }

    @Test
    void importing_the_same_bundle_twice_creates_nothing_new() {
        Member m = member(BillingApp.allBillingPermissions());
        imports.assertSecondImportCreatesNothing(m.token(), m.tenant(), fullBundle("twice", "Fhirtwice"), TABLES);
    }

    @Test
    void a_bad_bundle_gets_400_naming_the_entry_and_changes_nothing() {
        Member m = member(BillingApp.allBillingPermissions());
        Map<String, Long> before = imports.rows(m.tenant(), TABLES);

        Map<String, Object> broken = fullBundle("broken", "Fhirbroken");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) broken.get("entry");
        @SuppressWarnings("unchecked")
        Map<String, Object> coverage = (Map<String, Object>) entries.get(3).get("resource");
        String missing = "urn:uuid:" + uuid("nobody", 1);
        coverage.put("beneficiary", ref(missing));
        Http.Response r = imports.importBundle(m.token(), broken);
        assertEquals(400, r.status(), r.body());
        assertEquals("entry[3] (Coverage): beneficiary: references " + missing + " which is neither in the bundle nor imported",
                r.json().get("message").asText());

        Map<String, Object> invalid = fullBundle("invalid", "Fhirinvalid");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> invalidEntries = (List<Map<String, Object>>) invalid.get("entry");
        @SuppressWarnings("unchecked")
        Map<String, Object> claim = (Map<String, Object>) invalidEntries.get(4).get("resource");
        claim.put("status", "bogus");
        Http.Response bad = imports.importBundle(m.token(), invalid);
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.json().get("message").asText().startsWith("entry[4] (Claim): not valid FHIR"), bad.body());

        assertEquals("bundle: type history is not imported (transaction, batch or collection)",
                imports.importBundle(m.token(), map("resourceType", "Bundle", "type", "history")).expect(400).json().get("message").asText());
        assertEquals(before, imports.rows(m.tenant(), TABLES), "nothing was written");
    }

    @Test
    void amounts_dates_and_names_outside_the_limits_get_400_naming_the_entry_and_the_field_and_change_nothing() {
        Member m = member(BillingApp.allBillingPermissions());
        Map<String, Long> before = imports.rows(m.tenant(), TABLES);

        Map<String, Object> overflow = fullBundle("overflow", "Fhiroverflow");
        resource(overflow, 4).put("total", map("value", new java.math.BigDecimal("1e30"), "currency", "USD"));
        assertProblem(m, overflow, "entry[4] (Claim): total: must be between 0.01 and 10000000");
        Map<String, Object> negative = fullBundle("negative", "Fhirnegative");
        resource(negative, 4).put("total", BillingBundles.money(-500));
        assertProblem(m, negative, "entry[4] (Claim): total: must be between 0.01 and 10000000");
        Map<String, Object> payment = fullBundle("payment", "Fhirpayment");
        resource(payment, 5).put("payment", map("amount", BillingBundles.money(-1)));
        assertProblem(m, payment, "entry[5] (ExplanationOfBenefit): payment.amount: must be between 0 and 10000000");
        Map<String, Object> julian = fullBundle("julian", "Fhirjulian");
        resource(julian, 4).put("billablePeriod", map("start", "1500-06-15T10:00:00+00:00"));
        assertProblem(m, julian, "entry[4] (Claim): service_date: must be a date in the years 1800 to 9999");
        Map<String, Object> farCoverage = fullBundle("farcoverage", "Fhirfarcoverage");
        resource(farCoverage, 3).put("period", map("start", "2024-01-01", "end", "99999-01-01"));
        Http.Response r = imports.importBundle(m.token(), farCoverage);
        assertEquals(400, r.status(), r.body());
        assertTrue(r.json().get("message").asText().startsWith("entry[3] (Coverage): "), r.body());

        Map<String, Object> unborn = fullBundle("unborn", "Fhirunborn");
        resource(unborn, 0).put("birthDate", "2999-01-01");
        assertProblem(m, unborn, "entry[0] (Patient): birthDate: must be a past date");
        Map<String, Object> longName = fullBundle("longname", "F" + "x".repeat(5000));
        assertProblem(m, longName, "entry[0] (Patient): name.family: at most 100 characters");

        assertEquals(before, imports.rows(m.tenant(), TABLES), "nothing was written");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resource(Map<String, Object> bundle, int index) {
        return (Map<String, Object>) ((List<Map<String, Object>>) bundle.get("entry")).get(index).get("resource");
    }

    private void assertProblem(Member m, Map<String, Object> bundle, String message) {
        Http.Response r = imports.importBundle(m.token(), bundle);
        assertEquals(400, r.status(), r.body());
        assertEquals("invalid_request", r.json().get("error").asText(), r.body());
        assertEquals(message, r.json().get("message").asText(), r.body());
    }

    @Test
    void import_needs_the_import_permission() {
        List<String> withoutImport = new ArrayList<>(BillingApp.allBillingPermissions());
        withoutImport.remove("billing.import");
        imports.assertImportRefused(member(withoutImport).token(), fullBundle("perm", "Fhirperm"), "billing.import");
    }

    @Test
    void another_practice_does_not_see_the_imported_patient() {
        Member a = member(BillingApp.allBillingPermissions());
        Member b = member(BillingApp.allBillingPermissions());
        imports.assertPracticesApart(a.token(), b.token(), fullBundle("iso", "Fhiriso"), "Fhiriso");
    }
}
