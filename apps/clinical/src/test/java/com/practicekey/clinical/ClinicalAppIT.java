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

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * clinical-app against the real Keycloak and real PostgreSQL: tokens are minted by the server
 * through test clients whose mappers put {@code aud}, {@code tenant}, {@code permissions} and
 * {@code idle_timeout_minutes} into them.
 */
@PracticeKeyTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClinicalAppIT {

    private EmbeddedServer app;
    private AppTokens tokens;

    @BeforeAll
    void start(PracticeKeyServer kc) {
        app = ClinicalApp.start(kc);
        tokens = new AppTokens(kc);
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.getApplicationContext().close();
        }
    }

    private URI url(String path) {
        return ClinicalApp.url(app, path);
    }

    private Http.Response call(String method, String path, String token, Object body) {
        return Http.send(method, url(path), token, body);
    }

    /** A member of a new practice with every clinical permission there; returns [tenant alias, token]. */
    private record Member(Tenant tenant, User user, String clientId, String token) {
    }

    private Member newMember(PracticeKeyServer kc, List<String> permissions) {
        Tenant t = kc.newTenant("Clinic " + PracticeKeyServer.unique("c"), Map.of());
        User u = kc.newUser();
        kc.addMember(t, u);
        String client = tokens.client(new Claims("clinical-app", t.alias(), permissions));
        return new Member(t, u, client, tokens.accessToken(client, u));
    }

    private static Map<String, Object> patientBody(String family, String given, String birthDate) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("familyName", family);
        b.put("givenName", given);
        b.put("birthDate", birthDate);
        b.put("sex", "female");
        return b;
    }

    // ---- a valid token reads its own practice's data ----

    @Test
    void a_valid_token_creates_reads_and_searches_its_practice_data(PracticeKeyServer kc) {
        assertEquals(200, Http.send("GET", url("/health"), null, null).status(), "health is open");
        Member m = newMember(kc, ClinicalApp.allClinicalPermissions());

        JsonNode p = call("POST", "/api/patients", m.token(), patientBody("Testperson", "Avery", "1980-04-02")).expect(201).json();
        String id = p.get("id").asText();
        assertEquals("Avery", call("GET", "/api/patients/" + id, m.token(), null).expect(200).json().get("givenName").asText());
        call("POST", "/api/patients", m.token(), patientBody("Otherperson", "Blake", "2001-09-30")).expect(201);

        JsonNode byName = call("GET", "/api/patients?name=testpers", m.token(), null).expect(200).json();
        assertEquals(1, byName.get("total").asLong());
        assertEquals(id, byName.get("items").get(0).get("id").asText());
        JsonNode byDate = call("GET", "/api/patients?bornFrom=2000-01-01&bornTo=2002-01-01", m.token(), null).expect(200).json();
        assertEquals(1, byDate.get("total").asLong());
        assertEquals("Blake", byDate.get("items").get(0).get("givenName").asText());
        JsonNode paged = call("GET", "/api/patients?size=1&page=1", m.token(), null).expect(200).json();
        assertEquals(2, paged.get("total").asLong());
        assertEquals(1, paged.get("items").size());

        String enc = call("POST", "/api/patients/" + id + "/encounters", m.token(),
                Map.of("encounterDate", "2024-03-01", "kind", "office", "reason", "Annual check-up")).expect(201).json().get("id").asText();
        call("POST", "/api/patients/" + id + "/observations", m.token(), Map.of("encounterId", enc, "category", "vital",
                "code", "8867-4", "display", "Heart rate", "value", 72, "unit", "/min", "observedAt", "2024-03-01T10:15:00Z")).expect(201);
        assertEquals(1, call("GET", "/api/patients/" + id + "/observations?category=vital&from=2024-03-01T00:00:00Z&to=2024-03-02T00:00:00Z",
                m.token(), null).expect(200).json().get("total").asLong());
        assertEquals(1, call("GET", "/api/patients/" + id + "/encounters?from=2024-01-01&to=2024-12-31", m.token(), null)
                .expect(200).json().get("total").asLong());

        // Notes: draft -> signed -> amended; a signed note is never edited in place.
        String note = call("POST", "/api/patients/" + id + "/notes", m.token(), Map.of("encounterId", enc, "title", "Visit",
                "body", "Synthetic note text.")).expect(201).json().get("id").asText();
        call("PUT", "/api/notes/" + note, m.token(), Map.of("title", "Visit", "body", "Edited draft.")).expect(200);
        call("POST", "/api/notes/" + note + "/amendments", m.token(), Map.of("body", "too early")).expect(409);
        assertEquals("signed", call("POST", "/api/notes/" + note + "/sign", m.token(), null).expect(200).json().get("status").asText());
        call("PUT", "/api/notes/" + note, m.token(), Map.of("title", "Visit", "body", "changed after signing")).expect(409);
        call("POST", "/api/notes/" + note + "/amendments", m.token(), Map.of("body", "Addendum.")).expect(201);
        JsonNode view = call("GET", "/api/notes/" + note, m.token(), null).expect(200).json();
        assertEquals("Edited draft.", view.get("note").get("body").asText());
        assertEquals(1, view.get("amendments").size());
    }

    // ---- each refusal of item 1 ----

    @Test
    void tokens_the_app_must_not_accept_get_401(PracticeKeyServer kc) throws Exception {
        Member m = newMember(kc, ClinicalApp.allClinicalPermissions());
        String good = m.token();
        assertEquals(200, call("GET", "/api/patients", good, null).status());

        Http.Response none = call("GET", "/api/patients", null, null);
        assertEquals(401, none.status());
        assertEquals("invalid_token", none.json().get("error").asText());

        // expired: a client whose access tokens live 2 s; the app's leeway is 1 s in this test
        String shortClient = tokens.client(new Claims("clinical-app", m.tenant().alias(), ClinicalApp.allClinicalPermissions()).withLifespan(2));
        String shortLived = tokens.accessToken(shortClient, m.user());
        Thread.sleep(4500);
        assertRefused(shortLived, "expired");

        // wrong audience: no audience mapper
        String noAud = tokens.client(new Claims(null, m.tenant().alias(), ClinicalApp.allClinicalPermissions()));
        assertRefused(tokens.accessToken(noAud, m.user()), "not meant for clinical-app");

        // a token for the other app
        String billing = tokens.client(new Claims("billing-app", m.tenant().alias(), ClinicalApp.allClinicalPermissions()));
        assertRefused(tokens.accessToken(billing, m.user()), "not meant for clinical-app");

        // an ID token whose audience is clinical-app itself (clinical-app given direct grants for this test)
        JsonNode clinicalClient = kc.admin().get("practicekey/clients?clientId=clinical-app").expect(200).json().get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> rep = Http.JSON.convertValue(clinicalClient, Map.class);
        rep.put("directAccessGrantsEnabled", true);
        kc.admin().call("PUT", "practicekey/clients/" + clinicalClient.get("id").asText(), rep).expect(204);
        JsonNode grant = Http.form(kc.realmUrl("protocol/openid-connect/token"), Map.of("grant_type", "password",
                "client_id", "clinical-app", "client_secret", "clinical-app-dev-secret", "scope", "openid",
                "username", m.user().email(), "password", m.user().password())).expect(200).json();
        String idToken = grant.get("id_token").asText();
        assertTrue(claims(idToken).get("aud").toString().contains("clinical-app"), "the ID token is for clinical-app");
        assertRefused(idToken, "only access tokens");
        assertRefused(grant.get("refresh_token").asText(), null);

        // a token authorized for the other app (azp billing-app) even though it names clinical-app as audience
        JsonNode billingClient = kc.admin().get("practicekey/clients?clientId=billing-app").expect(200).json().get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> brep = Http.JSON.convertValue(billingClient, Map.class);
        brep.put("directAccessGrantsEnabled", true);
        kc.admin().call("PUT", "practicekey/clients/" + billingClient.get("id").asText(), brep).expect(204);
        kc.admin().call("POST", "practicekey/clients/" + billingClient.get("id").asText() + "/protocol-mappers/models",
                Map.of("name", "clinical audience (test)", "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
                        "config", Map.of("included.client.audience", "clinical-app", "access.token.claim", "true"))).expect(201);
        String billingAppToken = Http.form(kc.realmUrl("protocol/openid-connect/token"), Map.of("grant_type", "password",
                "client_id", "billing-app", "client_secret", "billing-app-dev-secret",
                "username", m.user().email(), "password", m.user().password())).expect(200).json().get("access_token").asText();
        assertTrue(claims(billingAppToken).get("aud").toString().contains("clinical-app"));
        assertRefused(billingAppToken, "another application");

        // unsigned (alg none), a symmetric algorithm, and a changed payload under a real signature
        String[] parts = good.split("\\.");
        String noneHeader = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        assertRefused(noneHeader + "." + parts[1] + ".", "not signed");
        String kid = Http.JSON.readTree(Base64.getUrlDecoder().decode(parts[0])).get("kid").asText();
        assertRefused(b64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}") + "." + parts[1] + "." + parts[2], "HS256");
        JsonNode payload = claims(good);
        ((com.fasterxml.jackson.databind.node.ObjectNode) payload).put("tenant", "someone-elses-practice");
        assertRefused(parts[0] + "." + b64(payload.toString()) + "." + parts[2], "signature is invalid");
        assertRefused("not-a-jwt", "not a JWT");

        // unknown issuer: a real token of another realm (master), signed by a key this realm does not publish
        String master = Http.form(kc.baseUrl().resolve("/realms/master/protocol/openid-connect/token"), Map.of(
                "grant_type", "password", "client_id", "admin-cli", "username", kc.adminUser(),
                "password", kc.adminPassword())).expect(200).json().get("access_token").asText();
        assertRefused(master, null);
        // ... and a token signed by this realm's own key but under another issuer name (the realm reached by another host name)
        String tokenUrl = kc.realmUrl("protocol/openid-connect/token").toString();
        String otherHost = tokenUrl.contains("127.0.0.1") ? tokenUrl.replace("127.0.0.1", "localhost") : tokenUrl.replace("localhost", "127.0.0.1");
        String otherIssuer = Http.form(URI.create(otherHost), Map.of("grant_type", "password", "client_id", m.clientId(),
                "username", m.user().email(), "password", m.user().password())).expect(200).json().get("access_token").asText();
        assertFalse(claims(otherIssuer).get("iss").asText().equals(claims(good).get("iss").asText()));
        assertRefused(otherIssuer, "another issuer");

        assertEquals(200, call("GET", "/api/patients", good, null).status(), "the good token still works");
    }

    @Test
    void a_missing_permission_or_practice_gets_403_naming_it(PracticeKeyServer kc) {
        Member reader = newMember(kc, List.of("clinical.patient.read"));
        assertEquals(200, call("GET", "/api/patients", reader.token(), null).status());
        Http.Response r = call("POST", "/api/patients", reader.token(), patientBody("Testperson", "Casey", "1990-01-01"));
        assertEquals(403, r.status());
        assertEquals("forbidden", r.json().get("error").asText());
        assertTrue(r.json().get("message").asText().contains("clinical.patient.write"), r.body());
        assertTrue(call("GET", "/api/audit", reader.token(), null).json().get("message").asText().contains("clinical.audit.read"));

        // no tenant claim
        User u = kc.newUser();
        String noTenant = tokens.client(new Claims("clinical-app", null, ClinicalApp.allClinicalPermissions()));
        Http.Response nt = call("GET", "/api/patients", tokens.accessToken(noTenant, u), null);
        assertEquals(403, nt.status());
        assertTrue(nt.json().get("message").asText().contains("no active practice"), nt.body());

        // roles in the token (top-level or Keycloak's nested realm_access) never grant anything
        Tenant t = reader.tenant();
        String roles = tokens.client(new Claims("clinical-app", t.alias(), List.of("clinical.patient.read"))
                .withJsonClaim("roles", "[\"clinical.patient.write\",\"ROLE_ADMIN\",\"admin\"]"));
        String rolesToken = tokens.accessToken(roles, reader.user());
        Http.Response rr = call("POST", "/api/patients", rolesToken, patientBody("Testperson", "Drew", "1990-01-01"));
        assertEquals(403, rr.status());
        assertTrue(rr.body().contains("clinical.patient.write"));
    }

    // ---- the cross-practice sweep ----

    @Test
    void no_endpoint_reveals_or_changes_another_practices_records(PracticeKeyServer kc) throws SQLException {
        List<String> all = ClinicalApp.allClinicalPermissions();
        Member a = newMember(kc, all);
        Member b = newMember(kc, all);

        String patient = call("POST", "/api/patients", b.token(), patientBody("Sweepperson", "Emery", "1970-05-05")).expect(201).json().get("id").asText();
        String enc = call("POST", "/api/patients/" + patient + "/encounters", b.token(),
                Map.of("encounterDate", "2024-02-02", "kind", "office", "reason", "Follow-up")).expect(201).json().get("id").asText();
        String problem = call("POST", "/api/patients/" + patient + "/problems", b.token(),
                Map.of("code", "E11.9", "description", "Type 2 diabetes", "status", "active", "onsetDate", "2020-01-01")).expect(201).json().get("id").asText();
        Map<String, Object> obsBody = Map.of("category", "lab", "code", "4548-4", "display", "HbA1c", "value", 6.9,
                "unit", "%", "observedAt", "2024-02-02T09:00:00Z");
        String obs = call("POST", "/api/patients/" + patient + "/observations", b.token(), obsBody).expect(201).json().get("id").asText();
        String draft = call("POST", "/api/patients/" + patient + "/notes", b.token(), Map.of("title", "Draft", "body", "Draft text.")).expect(201).json().get("id").asText();
        String signed = call("POST", "/api/patients/" + patient + "/notes", b.token(), Map.of("title", "Signed", "body", "Signed text.")).expect(201).json().get("id").asText();
        call("POST", "/api/notes/" + signed + "/sign", b.token(), null).expect(200);

        Map<String, Object> patientUpdate = patientBody("Changedperson", "Mallory", "1970-05-05");
        Map<String, Object> encUpdate = Map.of("encounterDate", "2024-02-02", "kind", "office", "reason", "changed", "status", "closed");
        Map<String, Object> problemUpdate = Map.of("code", "Z00.0", "description", "changed", "status", "resolved");
        Map<String, Object> noteBody = Map.of("title", "x", "body", "changed");
        Map<String, Object> encIntoB = Map.of("encounterDate", "2024-02-03", "kind", "office", "reason", "x");

        List<Object[]> attempts = new ArrayList<>();
        attempts.add(new Object[]{"GET", "/api/patients/" + patient, null});
        attempts.add(new Object[]{"PUT", "/api/patients/" + patient, patientUpdate});
        attempts.add(new Object[]{"GET", "/api/patients/" + patient + "/encounters", null});
        attempts.add(new Object[]{"POST", "/api/patients/" + patient + "/encounters", encIntoB});
        attempts.add(new Object[]{"GET", "/api/encounters/" + enc, null});
        attempts.add(new Object[]{"PUT", "/api/encounters/" + enc, encUpdate});
        attempts.add(new Object[]{"GET", "/api/patients/" + patient + "/problems", null});
        attempts.add(new Object[]{"POST", "/api/patients/" + patient + "/problems", problemUpdate});
        attempts.add(new Object[]{"GET", "/api/problems/" + problem, null});
        attempts.add(new Object[]{"PUT", "/api/problems/" + problem, problemUpdate});
        attempts.add(new Object[]{"GET", "/api/patients/" + patient + "/observations", null});
        attempts.add(new Object[]{"POST", "/api/patients/" + patient + "/observations", obsBody});
        attempts.add(new Object[]{"GET", "/api/observations/" + obs, null});
        attempts.add(new Object[]{"PUT", "/api/observations/" + obs, obsBody});
        attempts.add(new Object[]{"GET", "/api/patients/" + patient + "/notes", null});
        attempts.add(new Object[]{"POST", "/api/patients/" + patient + "/notes", noteBody});
        attempts.add(new Object[]{"GET", "/api/notes/" + draft, null});
        attempts.add(new Object[]{"PUT", "/api/notes/" + draft, noteBody});
        attempts.add(new Object[]{"POST", "/api/notes/" + draft + "/sign", null});
        attempts.add(new Object[]{"GET", "/api/notes/" + signed, null});
        attempts.add(new Object[]{"POST", "/api/notes/" + signed + "/amendments", Map.of("body", "x")});

        // A's own encounter, used to try attaching B's records to it and A's records to B's encounter
        String aPatient = call("POST", "/api/patients", a.token(), patientBody("Ownperson", "Finley", "1985-01-01")).expect(201).json().get("id").asText();
        Map<String, Object> obsWithBEncounter = new LinkedHashMap<>(obsBody);
        obsWithBEncounter.put("encounterId", enc);
        Http.Response crossRef = call("POST", "/api/patients/" + aPatient + "/observations", a.token(), obsWithBEncounter);
        assertEquals(400, crossRef.status(), "B's encounter does not exist for A: " + crossRef.body());

        for (Object[] at : attempts) {
            Http.Response r = call((String) at[0], (String) at[1], a.token(), at[2]);
            assertEquals(404, r.status(), at[0] + " " + at[1] + " must be 404 for another practice: " + r.body());
            assertFalse(r.body().contains("Sweepperson") || r.body().contains("Emery"), "no data in the answer");
        }
        JsonNode aList = call("GET", "/api/patients?size=100", a.token(), null).expect(200).json();
        assertEquals(1, aList.get("total").asLong(), "A sees only its own patient");
        assertFalse(aList.toString().contains(patient));
        // A's audit records A's own refused attempts (not_found) and nothing that B did
        JsonNode aAudit = call("GET", "/api/audit?size=500", a.token(), null).expect(200).json();
        assertTrue(aAudit.get("verified").asBoolean());
        String aSub = claims(a.token()).get("sub").asText();
        for (JsonNode e : aAudit.get("entries")) {
            assertEquals(aSub, e.get("actor").asText(), "only A's entries: " + e);
            if (patient.equals(e.path("recordId").asText())) {
                assertEquals("not_found", e.get("outcome").asText(), e.toString());
            }
        }

        // B's records are unchanged
        assertEquals("Emery", call("GET", "/api/patients/" + patient, b.token(), null).expect(200).json().get("givenName").asText());
        assertEquals("open", call("GET", "/api/encounters/" + enc, b.token(), null).expect(200).json().get("status").asText());
        assertEquals("draft", call("GET", "/api/notes/" + draft, b.token(), null).expect(200).json().get("note").get("status").asText());
        assertEquals(0, call("GET", "/api/notes/" + signed, b.token(), null).expect(200).json().get("amendments").size());
        assertEquals(1, call("GET", "/api/patients/" + patient + "/encounters", b.token(), null).expect(200).json().get("total").asLong());

        // the data layer itself: every table carries practice_id, forces row-level security, and its indexes lead with practice_id
        try (Connection c = kc.database().connect(ClinicalApp.DB); Statement s = c.createStatement()) {
            ResultSet t = s.executeQuery("SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c "
                    + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' "
                    + "AND c.relname NOT IN ('flyway_schema_history', 'idle_session')");
            int tables = 0;
            while (t.next()) {
                tables++;
                assertTrue(t.getBoolean(2) && t.getBoolean(3), t.getString(1) + " forces row-level security");
            }
            assertTrue(tables >= 7, "tables checked: " + tables);
            ResultSet idx = s.executeQuery("SELECT indexrelid::regclass::text, tbl.relname, a.attname FROM pg_index i "
                    + "JOIN pg_class tbl ON tbl.oid = i.indrelid JOIN pg_namespace n ON n.oid = tbl.relnamespace "
                    + "LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
                    + "WHERE n.nspname = 'public' AND tbl.relname NOT IN ('flyway_schema_history', 'idle_session')");
            while (idx.next()) {
                assertEquals("practice_id", idx.getString(3), "index " + idx.getString(1) + " of " + idx.getString(2) + " leads with practice_id");
            }
        }
    }

    // ---- the idle lock ----

    @Test
    void the_idle_lock_refuses_an_old_session_on_every_replica_and_a_fresh_sign_in_works(PracticeKeyServer kc) throws Exception {
        Tenant t = kc.newTenant("Idle clinic", Map.of());
        User u = kc.newUser();
        kc.addMember(t, u);
        String client = tokens.client(new Claims("clinical-app", t.alias(), List.of("clinical.patient.read")).withIdleTimeout(1));
        JsonNode session = tokens.grant(client, u);
        String old = session.get("access_token").asText();
        assertNotNull(claims(old).get("sid"), "Keycloak puts sid into access tokens");
        assertEquals(200, call("GET", "/api/patients", old, null).status());

        EmbeddedServer replica = ClinicalApp.start(kc);
        try {
            assertEquals(200, Http.send("GET", ClinicalApp.url(replica, "/api/patients"), old, null).status(), "replica agrees: active");
            Thread.sleep(62_000); // idle_timeout_minutes = 1
            Http.Response locked = Http.send("GET", ClinicalApp.url(replica, "/api/patients"), old, null);
            assertEquals(401, locked.status());
            assertTrue(locked.header("WWW-Authenticate").contains("error=\"invalid_token\""));
            assertTrue(locked.json().get("message").asText().contains("locked after inactivity"), locked.body());
            assertEquals(401, call("GET", "/api/patients", old, null).status(), "the other replica agrees");

            // a refreshed token of the same session (same auth_time) stays locked
            String refreshed = tokens.refresh(client, session.get("refresh_token").asText()).get("access_token").asText();
            assertEquals(401, call("GET", "/api/patients", refreshed, null).status());

            // signing in again with credentials works
            String fresh = tokens.accessToken(client, u);
            assertEquals(200, call("GET", "/api/patients", fresh, null).status());
            assertEquals(200, Http.send("GET", ClinicalApp.url(replica, "/api/patients"), fresh, null).status());
            assertEquals(401, call("GET", "/api/patients", old, null).status(), "the old token stays locked");
        } finally {
            replica.getApplicationContext().close();
        }
    }

    // ---- the audit chain ----

    @Test
    void the_audit_chain_verifies_and_detects_a_modified_row(PracticeKeyServer kc) throws SQLException {
        Member m = newMember(kc, ClinicalApp.allClinicalPermissions());
        String id = call("POST", "/api/patients", m.token(), patientBody("Auditperson", "Gray", "1960-06-06")).expect(201).json().get("id").asText();
        call("GET", "/api/patients/" + id, m.token(), null).expect(200);
        call("GET", "/api/patients/" + java.util.UUID.randomUUID(), m.token(), null).expect(404);
        call("GET", "/api/patients", m.token(), null).expect(200);

        JsonNode report = call("GET", "/api/audit", m.token(), null).expect(200).json();
        assertTrue(report.get("verified").asBoolean(), report.toString());
        assertEquals(4, report.get("total").asLong());
        JsonNode newest = report.get("entries").get(0);
        assertEquals("list", newest.get("action").asText());
        JsonNode notFound = report.get("entries").get(1);
        assertEquals("not_found", notFound.get("outcome").asText());
        JsonNode read = report.get("entries").get(2);
        assertEquals("read", read.get("action").asText());
        assertEquals(id, read.get("recordId").asText());
        assertEquals(claims(m.token()).get("sub").asText(), read.get("actor").asText());

        // the app's own role cannot change or delete entries
        try (Connection c = java.sql.DriverManager.getConnection(kc.database().jdbcUrl(ClinicalApp.DB), ClinicalApp.ROLE, ClinicalApp.ROLE_PASSWORD)) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("SELECT set_config('practicekey.practice', ?, true)")) {
                s.setString(1, m.tenant().alias());
                s.execute();
            }
            // row-level security has no UPDATE or DELETE policy for audit_entry: nothing is changed
            assertEquals(0, c.createStatement().executeUpdate("UPDATE audit_entry SET outcome = 'x' WHERE seq = 2"));
            assertEquals(0, c.createStatement().executeUpdate("DELETE FROM audit_entry"));
            c.commit();
        }

        // someone with superuser rights bypasses the triggers and edits a row: the chain shows it
        try (Connection c = kc.database().connect(ClinicalApp.DB); Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica");
            try (PreparedStatement u = c.prepareStatement("UPDATE audit_entry SET outcome = 'success' WHERE practice_id = ? AND seq = 3")) {
                u.setString(1, m.tenant().alias());
                assertEquals(1, u.executeUpdate());
            }
        }
        JsonNode broken = call("GET", "/api/audit", m.token(), null).expect(200).json();
        assertFalse(broken.get("verified").asBoolean());
        assertEquals(3, broken.get("brokenAtSeq").asLong());
    }

    // ---- bad input ----

    @Test
    void bad_input_gets_400_naming_the_field_and_oversized_bodies_are_refused(PracticeKeyServer kc) {
        Member m = newMember(kc, ClinicalApp.allClinicalPermissions());
        Map<String, Object> noName = patientBody(" ", "Harper", "1990-01-01");
        Http.Response r = call("POST", "/api/patients", m.token(), noName);
        assertEquals(400, r.status(), r.body());
        assertEquals("invalid_request", r.json().get("error").asText());
        assertTrue(r.json().get("message").asText().contains("familyName"), r.body());

        Map<String, Object> future = patientBody("Testperson", "Harper", "2999-01-01");
        assertTrue(call("POST", "/api/patients", m.token(), future).json().get("message").asText().contains("birthDate"));
        Map<String, Object> badSex = patientBody("Testperson", "Harper", "1990-01-01");
        badSex.put("sex", "x");
        assertTrue(call("POST", "/api/patients", m.token(), badSex).json().get("message").asText().contains("sex"));

        assertBadRequest(call("POST", "/api/patients", m.token(), "{\"familyName\": \"Testperson\", \"birthDate\": \"not-a-date\"}"), "birthDate");
        assertBadRequest(call("POST", "/api/patients", m.token(), "{not json"), null);
        assertBadRequest(call("GET", "/api/patients?bornFrom=yesterday", m.token(), null), "bornFrom");
        assertBadRequest(call("GET", "/api/patients?bornFrom=2020-01-01&bornTo=2019-01-01", m.token(), null), "bornFrom");
        assertBadRequest(call("GET", "/api/patients?size=1000", m.token(), null), "size");
        assertBadRequest(call("GET", "/api/patients?page=-1", m.token(), null), "page");
        assertBadRequest(call("GET", "/api/patients/not-a-uuid", m.token(), null), "id");

        java.net.http.HttpRequest.Builder plain = java.net.http.HttpRequest.newBuilder(url("/api/patients"))
                .header("Content-Type", "text/plain").header("Accept", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Http.toJson(patientBody("Testperson", "Harper", "1990-01-01"))));
        assertEquals(401, Http.send(plain.build()).status(), "without a token still 401");
        Http.Response wrongType = Http.send(plain.header("Authorization", "Bearer " + m.token()).build());
        assertEquals(415, wrongType.status(), wrongType.body());
        assertEquals("unsupported_media_type", wrongType.json().get("error").asText(), wrongType.body());
        assertTrue(wrongType.json().get("message").asText().contains("text/plain"), wrongType.body());

        String huge = "{\"familyName\": \"" + "x".repeat(100_000) + "\", \"givenName\": \"y\", \"birthDate\": \"1990-01-01\", \"sex\": \"male\"}";
        Http.Response big = call("POST", "/api/patients", m.token(), huge);
        assertEquals(413, big.status(), big.body());
        assertEquals(0, call("GET", "/api/patients", m.token(), null).expect(200).json().get("total").asLong(), "nothing was written");
    }

    @Test
    void values_outside_the_plausible_range_or_the_database_get_400_naming_the_field_and_change_nothing(PracticeKeyServer kc) {
        Member m = newMember(kc, ClinicalApp.allClinicalPermissions());
        assertBadRequest(call("POST", "/api/patients", m.token(), patientBody("Testperson", "Harper", "-999999999-01-01")), "birthDate");
        assertBadRequest(call("POST", "/api/patients", m.token(), patientBody("Testperson", "Harper", "1500-06-15")), "birthDate");
        assertBadRequest(call("POST", "/api/patients", m.token(), patientBody("Testperson", "Harper", "1799-12-31")), "birthDate");
        assertBadRequest(call("POST", "/api/patients", m.token(), patientBody("Test\u0000person", "Harper", "1990-01-01")), "familyName");
        assertBadRequest(call("GET", "/api/patients?bornFrom=-999999999-01-01", m.token(), null), "bornFrom");
        assertBadRequest(call("GET", "/api/patients?bornTo=1500-01-01", m.token(), null), "bornTo");
        assertBadRequest(call("GET", "/api/patients?name=a%00b", m.token(), null), "name");
        assertEquals(0, call("GET", "/api/patients", m.token(), null).expect(200).json().get("total").asLong(), "nothing was written");

        JsonNode p = call("POST", "/api/patients", m.token(), patientBody("Testperson", "Harper", "1800-01-01")).expect(201).json();
        assertEquals("1800-01-01", p.get("birthDate").asText(), "the first plausible date is stored as sent");
        String id = p.get("id").asText();
        assertBadRequest(call("POST", "/api/patients/" + id + "/encounters", m.token(),
                Map.of("encounterDate", "+100000-01-01", "kind", "office", "reason", "Check-up")), "encounterDate");
        assertBadRequest(call("POST", "/api/patients/" + id + "/encounters", m.token(),
                Map.of("encounterDate", "1500-06-15", "kind", "office", "reason", "Check-up")), "encounterDate");
        assertBadRequest(call("GET", "/api/patients/" + id + "/encounters?from=1500-01-01", m.token(), null), "from");
        Map<String, Object> obs = new LinkedHashMap<>(Map.of("category", "vital", "code", "8867-4", "display", "Heart rate",
                "value", 72, "unit", "/min", "observedAt", "-290000-01-01T00:00:00Z"));
        assertBadRequest(call("POST", "/api/patients/" + id + "/observations", m.token(), obs), "observedAt");
        obs.put("observedAt", "2024-03-01T10:15:00Z");
        assertBadRequest(call("POST", "/api/patients/" + id + "/observations", m.token(),
                Http.toJson(obs).replace("\"value\":72", "\"value\":1e-20000")), "value");
        assertBadRequest(call("GET", "/api/patients/" + id + "/observations?to=-290000-01-01T00:00:00Z", m.token(), null), "to");
        assertBadRequest(call("POST", "/api/patients/" + id + "/notes", m.token(), Map.of("title", "Visit", "body", "a\u0000b")), "body");
        assertBadRequest(call("GET", "/api/patients/" + id + "/notes?from=1000-01-01T00:00:00Z", m.token(), null), "from");
        assertBadRequest(call("POST", "/api/patients/" + id + "/problems", m.token(), Map.of("code", "I10", "description", "Hypertension",
                "status", "active", "onsetDate", "1200-01-01")), "onsetDate");
        for (String list : List.of("encounters", "observations", "notes", "problems")) {
            assertEquals(0, call("GET", "/api/patients/" + id + "/" + list, m.token(), null).expect(200).json().get("total").asLong(),
                    "no " + list + " were written");
        }
    }

    // ---- helpers ----

    private void assertRefused(String token, String because) {
        Http.Response r = call("GET", "/api/patients", token, null);
        assertEquals(401, r.status(), "refused: " + r.body());
        assertEquals("invalid_token", r.json().get("error").asText());
        assertTrue(r.header("WWW-Authenticate").startsWith("Bearer error=\"invalid_token\""), r.header("WWW-Authenticate"));
        if (because != null) {
            assertTrue(r.json().get("message").asText().contains(because), "expected '" + because + "' in " + r.body());
        }
    }

    private static void assertBadRequest(Http.Response r, String field) {
        assertEquals(400, r.status(), r.body());
        assertEquals("invalid_request", r.json().get("error").asText(), r.body());
        if (field != null) {
            assertTrue(r.json().get("message").asText().contains(field), "expected '" + field + "' in " + r.body());
        }
    }

    private static JsonNode claims(String jwt) {
        try {
            return Http.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
