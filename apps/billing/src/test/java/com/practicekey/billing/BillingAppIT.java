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

import java.math.BigDecimal;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** billing-app against the real Keycloak and real PostgreSQL (the shared security rules are covered in depth by ClinicalAppIT). */
@PracticeKeyTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BillingAppIT {

    private EmbeddedServer app;
    private AppTokens tokens;

    @BeforeAll
    void start(PracticeKeyServer kc) {
        app = BillingApp.start(kc);
        tokens = new AppTokens(kc);
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.getApplicationContext().close();
        }
    }

    private Http.Response call(String method, String path, String token, Object body) {
        return Http.send(method, BillingApp.url(app, path), token, body);
    }

    private record Member(Tenant tenant, User user, String token) {
    }

    private Member newMember(PracticeKeyServer kc, List<String> permissions) {
        Tenant t = kc.newTenant("Billing office " + PracticeKeyServer.unique("b"), Map.of());
        User u = kc.newUser();
        kc.addMember(t, u);
        String client = tokens.client(new Claims("billing-app", t.alias(), permissions));
        return new Member(t, u, tokens.accessToken(client, u));
    }

    private static Map<String, Object> claimBody(String patientId, String coverageId, String charge) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("patientId", patientId);
        if (coverageId != null) {
            b.put("coverageId", coverageId);
        }
        b.put("serviceDate", "2024-04-01");
        b.put("lines", List.of(Map.of("procedureCode", "99213", "diagnosisCode", "E11.9", "units", 1, "charge", charge),
                Map.of("procedureCode", "83036", "diagnosisCode", "E11.9", "units", 2, "charge", "20.00")));
        return b;
    }

    @Test
    void claims_go_draft_submitted_paid_and_the_balance_follows(PracticeKeyServer kc) {
        assertEquals(200, Http.send("GET", BillingApp.url(app, "/health"), null, null).status());
        Member m = newMember(kc, BillingApp.allBillingPermissions());
        String patient = call("POST", "/api/patients", m.token(), Map.of("familyName", "Ledgerperson", "givenName", "Indigo",
                "birthDate", "1975-07-07")).expect(201).json().get("id").asText();
        assertEquals(1, call("GET", "/api/patients?name=ledger", m.token(), null).expect(200).json().get("total").asLong());
        String cov = call("POST", "/api/patients/" + patient + "/coverage", m.token(), Map.of("payerName", "Synthetic Health Plan",
                "planName", "Gold", "memberId", "SYN-0001", "startDate", "2024-01-01")).expect(201).json().get("id").asText();

        JsonNode claim = call("POST", "/api/claims", m.token(), claimBody(patient, cov, "100.00")).expect(201).json();
        String claimId = claim.get("claim").get("id").asText();
        assertEquals(0, new BigDecimal("140.00").compareTo(claim.get("claim").get("totalCharge").decimalValue()));
        assertEquals(2, claim.get("lines").size());
        assertEquals(0, call("GET", "/api/patients/" + patient + "/balance", m.token(), null).expect(200).json().get("balance").decimalValue().signum(),
                "a draft is not billed");

        call("POST", "/api/claims/" + claimId + "/adjudication", m.token(), Map.of("outcome", "paid", "paidAmount", "100.00")).expect(409);
        call("POST", "/api/claims/" + claimId + "/submit", m.token(), null).expect(200);
        call("PUT", "/api/claims/" + claimId, m.token(), claimBody(patient, cov, "1.00")).expect(409);
        assertEquals("paid", call("POST", "/api/claims/" + claimId + "/adjudication", m.token(),
                Map.of("outcome", "paid", "paidAmount", "100.00")).expect(200).json().get("status").asText());
        call("POST", "/api/payments", m.token(), Map.of("patientId", patient, "claimId", claimId, "source", "payer",
                "amount", "100.00", "receivedOn", "2024-05-01", "reference", "EFT-1")).expect(201);
        JsonNode balance = call("GET", "/api/patients/" + patient + "/balance", m.token(), null).expect(200).json();
        assertEquals(0, new BigDecimal("40.00").compareTo(balance.get("balance").decimalValue()), balance.toString());
        assertEquals(1, call("GET", "/api/claims?status=paid&from=2024-04-01&to=2024-04-30", m.token(), null).expect(200).json().get("total").asLong());
        assertEquals(1, call("GET", "/api/patients/" + patient + "/payments?from=2024-05-01", m.token(), null).expect(200).json().get("total").asLong());

        Http.Response bad = call("POST", "/api/claims", m.token(), Map.of("patientId", patient, "serviceDate", "2024-04-01", "lines", List.of()));
        assertEquals(400, bad.status());
        assertTrue(bad.json().get("message").asText().contains("lines"), bad.body());
        Http.Response badLine = call("POST", "/api/claims", m.token(), claimBody(patient, null, "-5"));
        assertEquals(400, badLine.status());
        assertTrue(badLine.json().get("message").asText().contains("charge"), badLine.body());
    }

    @Test
    void tokens_for_the_clinical_app_and_missing_permissions_are_refused(PracticeKeyServer kc) {
        Member m = newMember(kc, List.of("billing.claim.read"));
        assertEquals(200, call("GET", "/api/claims", m.token(), null).status());
        String clinical = tokens.client(new Claims("clinical-app", m.tenant().alias(), BillingApp.allBillingPermissions()));
        Http.Response r = call("GET", "/api/claims", tokens.accessToken(clinical, m.user()), null);
        assertEquals(401, r.status());
        assertTrue(r.json().get("message").asText().contains("not meant for billing-app"), r.body());
        Http.Response f = call("POST", "/api/claims/" + java.util.UUID.randomUUID() + "/submit", m.token(), null);
        assertEquals(403, f.status());
        assertTrue(f.json().get("message").asText().contains("billing.claim.submit"), f.body());
    }

    @Test
    void no_endpoint_reveals_or_changes_another_practices_records(PracticeKeyServer kc) {
        List<String> all = BillingApp.allBillingPermissions();
        Member a = newMember(kc, all);
        Member b = newMember(kc, all);
        String patient = call("POST", "/api/patients", b.token(), Map.of("familyName", "Sweepperson", "givenName", "Jordan",
                "birthDate", "1966-06-06")).expect(201).json().get("id").asText();
        Map<String, Object> covBody = Map.of("payerName", "Synthetic Plan", "planName", "Silver", "memberId", "SYN-2", "startDate", "2024-01-01");
        String cov = call("POST", "/api/patients/" + patient + "/coverage", b.token(), covBody).expect(201).json().get("id").asText();
        String draft = call("POST", "/api/claims", b.token(), claimBody(patient, cov, "50.00")).expect(201).json().get("claim").get("id").asText();
        String submitted = call("POST", "/api/claims", b.token(), claimBody(patient, cov, "60.00")).expect(201).json().get("claim").get("id").asText();
        call("POST", "/api/claims/" + submitted + "/submit", b.token(), null).expect(200);
        Map<String, Object> payBody = Map.of("patientId", patient, "source", "patient", "amount", "10.00", "receivedOn", "2024-05-01", "reference", "R1");
        String payment = call("POST", "/api/payments", b.token(), payBody).expect(201).json().get("id").asText();

        List<Object[]> attempts = new ArrayList<>();
        attempts.add(new Object[]{"GET", "/api/patients/" + patient, null});
        attempts.add(new Object[]{"GET", "/api/patients/" + patient + "/balance", null});
        attempts.add(new Object[]{"GET", "/api/patients/" + patient + "/coverage", null});
        attempts.add(new Object[]{"POST", "/api/patients/" + patient + "/coverage", covBody});
        attempts.add(new Object[]{"GET", "/api/coverage/" + cov, null});
        attempts.add(new Object[]{"PUT", "/api/coverage/" + cov, covBody});
        attempts.add(new Object[]{"POST", "/api/claims", claimBody(patient, null, "1.00")});
        attempts.add(new Object[]{"GET", "/api/claims/" + draft, null});
        attempts.add(new Object[]{"PUT", "/api/claims/" + draft, claimBody(patient, null, "1.00")});
        attempts.add(new Object[]{"POST", "/api/claims/" + draft + "/submit", null});
        attempts.add(new Object[]{"POST", "/api/claims/" + submitted + "/adjudication", Map.of("outcome", "denied")});
        attempts.add(new Object[]{"GET", "/api/patients/" + patient + "/payments", null});
        attempts.add(new Object[]{"POST", "/api/payments", payBody});
        attempts.add(new Object[]{"GET", "/api/payments/" + payment, null});
        for (Object[] at : attempts) {
            Http.Response r = call((String) at[0], (String) at[1], a.token(), at[2]);
            assertEquals(404, r.status(), at[0] + " " + at[1] + " must be 404 for another practice: " + r.body());
            assertFalse(r.body().contains("Sweepperson"));
        }
        assertEquals(0, call("GET", "/api/patients", a.token(), null).expect(200).json().get("total").asLong());
        assertEquals(0, call("GET", "/api/claims?patientId=" + patient, a.token(), null).expect(200).json().get("total").asLong());
        assertEquals(0, call("GET", "/api/claims", a.token(), null).expect(200).json().get("total").asLong());
        assertEquals("draft", call("GET", "/api/claims/" + draft, b.token(), null).expect(200).json().get("claim").get("status").asText());
        assertEquals("submitted", call("GET", "/api/claims/" + submitted, b.token(), null).expect(200).json().get("claim").get("status").asText());
        assertEquals(1, call("GET", "/api/patients/" + patient + "/coverage", b.token(), null).expect(200).json().get("total").asLong());
    }

    @Test
    void the_audit_chain_verifies_and_detects_a_modified_row(PracticeKeyServer kc) throws SQLException {
        Member m = newMember(kc, BillingApp.allBillingPermissions());
        String patient = call("POST", "/api/patients", m.token(), Map.of("familyName", "Auditperson", "givenName", "Kai",
                "birthDate", "1950-05-05")).expect(201).json().get("id").asText();
        call("GET", "/api/patients/" + patient + "/balance", m.token(), null).expect(200);
        JsonNode ok = call("GET", "/api/audit", m.token(), null).expect(200).json();
        assertTrue(ok.get("verified").asBoolean(), ok.toString());
        assertEquals(2, ok.get("total").asLong());
        try (Connection c = kc.database().connect(BillingApp.DB); Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica");
            try (PreparedStatement u = c.prepareStatement("UPDATE audit_entry SET record_id = NULL WHERE practice_id = ? AND seq = 1")) {
                u.setString(1, m.tenant().alias());
                assertEquals(1, u.executeUpdate());
            }
        }
        JsonNode broken = call("GET", "/api/audit", m.token(), null).expect(200).json();
        assertFalse(broken.get("verified").asBoolean());
        assertEquals(1, broken.get("brokenAtSeq").asLong());
    }

    @Test
    void values_outside_the_plausible_range_or_the_database_get_400_naming_the_field_and_change_nothing(PracticeKeyServer kc) {
        Member m = newMember(kc, BillingApp.allBillingPermissions());
        assertBadRequest(call("POST", "/api/patients", m.token(), Map.of("familyName", "Rangeperson", "givenName", "Ash",
                "birthDate", "1500-06-15")), "birthDate");
        assertBadRequest(call("POST", "/api/patients", m.token(), Map.of("familyName", "Range\u0000person", "givenName", "Ash",
                "birthDate", "1975-07-07")), "familyName");
        assertBadRequest(call("GET", "/api/patients?bornFrom=-999999999-01-01", m.token(), null), "bornFrom");
        String patient = call("POST", "/api/patients", m.token(), Map.of("familyName", "Rangeperson", "givenName", "Ash",
                "birthDate", "1975-07-07")).expect(201).json().get("id").asText();

        assertBadRequest(call("POST", "/api/payments", m.token(), Map.of("patientId", patient, "source", "patient",
                "amount", "10.00", "receivedOn", "+99999-01-01", "reference", "CASH-1")), "receivedOn");
        assertBadRequest(call("POST", "/api/payments", m.token(), Map.of("patientId", patient, "source", "patient",
                "amount", "10.00", "receivedOn", "2024-05-01", "reference", "CASH\u00001")), "reference");
        assertBadRequest(call("GET", "/api/patients/" + patient + "/payments?to=1500-01-01", m.token(), null), "to");
        assertBadRequest(call("POST", "/api/patients/" + patient + "/coverage", m.token(), Map.of("payerName", "Synthetic Health Plan",
                "planName", "Gold", "memberId", "SYN-0001", "startDate", "1400-01-01")), "startDate");
        Map<String, Object> claim = claimBody(patient, null, "100.00");
        claim.put("serviceDate", "+100000-01-01");
        assertBadRequest(call("POST", "/api/claims", m.token(), claim), "serviceDate");
        assertBadRequest(call("GET", "/api/claims?from=1500-01-01", m.token(), null), "from");

        assertEquals(0, call("GET", "/api/claims", m.token(), null).expect(200).json().get("total").asLong(), "no claim was written");
        assertEquals(0, call("GET", "/api/patients/" + patient + "/payments", m.token(), null).expect(200).json().get("total").asLong());
        assertEquals(0, call("GET", "/api/patients/" + patient + "/coverage", m.token(), null).expect(200).json().get("total").asLong());
        assertEquals(1, call("GET", "/api/patients", m.token(), null).expect(200).json().get("total").asLong());
    }

    @Test
    void claim_line_units_must_be_json_integers_not_fractions_or_strings(PracticeKeyServer kc) {
        Member m = newMember(kc, BillingApp.allBillingPermissions());
        String patient = call("POST", "/api/patients", m.token(), Map.of("familyName", "Unitperson", "givenName", "Rae",
                "birthDate", "1975-07-07")).expect(201).json().get("id").asText();
        for (String units : List.of("1.5", "\"2\"", "0", "100", "1e400", "12345678901")) {
            String body = "{\"patientId\": \"" + patient + "\", \"serviceDate\": \"2024-04-01\", \"lines\": [{\"procedureCode\": \"99213\", "
                    + "\"diagnosisCode\": \"E11.9\", \"units\": " + units + ", \"charge\": \"10.00\"}]}";
            Http.Response r = call("POST", "/api/claims", m.token(), body);
            assertBadRequest(r, "lines[0].units");
            assertTrue(r.json().get("message").asText().contains("whole number"), units + ": " + r.body());
        }
        assertEquals(0, call("GET", "/api/claims", m.token(), null).expect(200).json().get("total").asLong(), "no claim was written");
        String ok = "{\"patientId\": \"" + patient + "\", \"serviceDate\": \"2024-04-01\", \"lines\": [{\"procedureCode\": \"99213\", "
                + "\"diagnosisCode\": \"E11.9\", \"units\": 3, \"charge\": \"10.00\"}]}";
        JsonNode claim = call("POST", "/api/claims", m.token(), ok).expect(201).json();
        assertEquals(3, claim.get("lines").get(0).get("units").asInt());
        assertEquals(0, new BigDecimal("30.00").compareTo(claim.get("claim").get("totalCharge").decimalValue()));
    }

    private static void assertBadRequest(Http.Response r, String field) {
        assertEquals(400, r.status(), r.body());
        assertEquals("invalid_request", r.json().get("error").asText(), r.body());
        assertTrue(r.json().get("message").asText().contains(field), "expected '" + field + "' in " + r.body());
    }
}
