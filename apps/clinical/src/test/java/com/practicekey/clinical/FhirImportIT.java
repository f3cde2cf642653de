package com.practicekey.clinical;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.practicekey.stack.Http;
import com.practicekey.stack.junit.AppTokens;
import com.practicekey.stack.junit.AppTokens.Claims;
import com.practicekey.stack.junit.PracticeKeyServer;
import com.practicekey.stack.junit.PracticeKeyServer.Tenant;
import com.practicekey.stack.junit.PracticeKeyServer.User;
import com.practicekey.stack.junit.PracticeKeyTest;
import io.micronaut.runtime.server.EmbeddedServer;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.practicekey.clinical.FhirTestBundles.bundle;
import static com.practicekey.clinical.FhirTestBundles.entry;
import static com.practicekey.clinical.FhirTestBundles.fullBundle;
import static com.practicekey.clinical.FhirTestBundles.map;
import static com.practicekey.clinical.FhirTestBundles.observation;
import static com.practicekey.clinical.FhirTestBundles.patient;
import static com.practicekey.clinical.FhirTestBundles.ref;
import static com.practicekey.clinical.FhirTestBundles.uuid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /api/fhir/import and GET /api/fhir/Patient/{id} of clinical-app, on the real Keycloak and PostgreSQL. */
@PracticeKeyTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FhirImportIT {

    static final List<String> TABLES = List.of("patient", "encounter", "problem", "observation", "observation_component",
            "procedure", "medication_request", "allergy_intolerance", "fhir_match", "fhir_reference", "audit_entry");

    private EmbeddedServer app;
    private AppTokens tokens;
    private PracticeKeyServer kc;
    private final FhirContext fhir = FhirContext.forR4();

    private record Member(Tenant tenant, User user, String token) {
    }

    @BeforeAll
    void start(PracticeKeyServer kc) {
        this.kc = kc;
        app = ClinicalApp.start(kc);
        tokens = new AppTokens(kc);
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.getApplicationContext().close();
        }
    }

    private Member member(List<String> permissions) {
        Tenant t = kc.newTenant("Clinic " + PracticeKeyServer.unique("f"), Map.of());
        User u = kc.newUser();
        kc.addMember(t, u);
        return new Member(t, u, tokens.accessToken(tokens.client(new Claims("clinical-app", t.alias(), permissions)), u));
    }

    private Http.Response importBundle(String token, Object bundle) {
        return importBody(token, Http.toJson(bundle), "application/fhir+json");
    }

    private Http.Response importBody(String token, String body, String contentType) {
        return Http.send(HttpRequest.newBuilder(ClinicalApp.url(app, "/api/fhir/import")).timeout(Duration.ofSeconds(120))
                .header("Content-Type", contentType).header("Accept", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private Http.Response get(String path, String token) {
        return Http.send("GET", ClinicalApp.url(app, path), token, null);
    }

    private static Map<String, Integer> counts(JsonNode node) {
        Map<String, Integer> m = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asInt()));
        return m;
    }

    /** Rows of each table in the practice (read as the database owner, filtered by practice_id). */
    private Map<String, Long> rows(Tenant t) {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = kc.database().connect(ClinicalApp.DB)) {
            for (String table : TABLES) {
                try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE practice_id = ?")) {
                    s.setString(1, t.alias());
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        out.put(table, rs.getLong(1));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private String patientId(Member m, String family) {
        JsonNode list = get("/api/patients?name=" + family, m.token()).expect(200).json();
        assertEquals(1, list.get("total").asLong(), "one patient " + family);
        return list.get("items").get(0).get("id").asText();
    }

    @Test
    void a_bundle_is_imported_with_counts_and_the_patient_reads_back_as_fhir() throws SQLException {
        Member m = member(ClinicalApp.allClinicalPermissions());
        JsonNode r = importBundle(m.token(), fullBundle("counts", "Fhircount")).expect(200).json();
        assertEquals(Map.of("Patient", 1, "Encounter", 1, "Condition", 1, "Observation", 4, "Procedure", 1,
                "MedicationRequest", 1, "AllergyIntolerance", 1), counts(r.get("created")));
        assertEquals(Map.of(), counts(r.get("updated")));
        assertEquals(Map.of("DiagnosticReport", 1), counts(r.get("ignored")));

        String id = patientId(m, "Fhircount");
        assertEquals(1, get("/api/patients/" + id + "/encounters", m.token()).expect(200).json().get("total").asLong());
        assertEquals(1, get("/api/patients/" + id + "/problems", m.token()).expect(200).json().get("total").asLong());
        JsonNode obs = get("/api/patients/" + id + "/observations", m.token()).expect(200).json();
        assertEquals(4, obs.get("total").asLong(), "every observation, with or without a numeric value");
        int numeric = 0;
        int coded = 0;
        for (JsonNode o : obs.get("items")) {
            numeric += o.get("value").isNull() ? 0 : 1;
            coded += "449868002".equals(o.get("valueCode").asText(null)) ? 1 : 0;
            assertEquals("vital", o.get("category").asText());
        }
        assertEquals(1, numeric);
        assertEquals(1, coded);
        Map<String, Long> rows = rows(m.tenant());
        assertEquals(2, rows.get("observation_component"), "systolic and diastolic");
        assertEquals(1, rows.get("procedure"));
        assertEquals(1, rows.get("medication_request"));
        assertEquals(1, rows.get("allergy_intolerance"));

        // GET /api/fhir/Patient/{id}: FHIR JSON that HAPI parses, with the identifiers
        Http.Response fhirPatient = get("/api/fhir/Patient/" + id, m.token()).expect(200);
        assertTrue(fhirPatient.header("Content-Type").startsWith("application/fhir+json"), fhirPatient.header("Content-Type"));
        Patient p = fhir.newJsonParser().parseResource(Patient.class, fhirPatient.body());
        assertEquals(id, p.getIdElement().getIdPart());
        assertEquals(1, p.getIdentifier().size());
        assertEquals(FhirTestBundles.PATIENT_SYSTEM, p.getIdentifier().get(0).getSystem());
        assertEquals("MRN-counts", p.getIdentifier().get(0).getValue());
        assertEquals("Fhircount", p.getNameFirstRep().getFamily());
        assertEquals("1980-04-02", p.getBirthDateElement().getValueAsString());
        assertEquals("female", p.getGender().toCode());
        // the conditional reference to an organization outside the bundle is kept, as written
        assertEquals(FhirTestBundles.ORG_REF, p.getManagingOrganization().getReference());
    }

    @Test
    void conditional_references_outside_the_bundle_are_kept_as_references() throws SQLException {
        Member m = member(ClinicalApp.allClinicalPermissions());
        importBundle(m.token(), fullBundle("kept", "Fhirkept")).expect(200);
        List<String> kept = new ArrayList<>();
        try (Connection c = kc.database().connect(ClinicalApp.DB);
             PreparedStatement s = c.prepareStatement("SELECT resource_type || ' ' || path || ' ' || reference FROM fhir_reference "
                     + "WHERE practice_id = ? ORDER BY 1")) {
            s.setString(1, m.tenant().alias());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    kept.add(rs.getString(1));
                }
            }
        }
        assertEquals(List.of(
                "Encounter participant.individual " + FhirTestBundles.PRACTITIONER_REF,
                "Encounter serviceProvider " + FhirTestBundles.ORG_REF,
                "MedicationRequest requester " + FhirTestBundles.PRACTITIONER_REF,
                "Patient managingOrganization " + FhirTestBundles.ORG_REF), kept);
    }

    @Test
    void importing_the_same_bundle_twice_creates_nothing_new() {
        Member m = member(ClinicalApp.allClinicalPermissions());
        Map<String, Object> b = fullBundle("twice", "Fhirtwice");
        JsonNode first = importBundle(m.token(), b).expect(200).json();
        Map<String, Long> after = rows(m.tenant());
        JsonNode second = importBundle(m.token(), b).expect(200).json();
        assertEquals(Map.of(), counts(second.get("created")));
        assertEquals(counts(first.get("created")), counts(second.get("updated")));
        assertEquals(counts(first.get("ignored")), counts(second.get("ignored")));
        Map<String, Long> again = rows(m.tenant());
        again.remove("audit_entry");
        after.remove("audit_entry");
        assertEquals(after, again, "no new rows");

        // matched on the identifier: the same patient under another fullUrl and id is still the same record
        Map<String, Object> moved = bundle("collection", List.of(entry("urn:uuid:" + uuid("moved", 1),
                patient(uuid("moved", 1), "MRN-twice", "Fhirtwice"))));
        JsonNode third = importBundle(m.token(), moved).expect(200).json();
        assertEquals(Map.of("Patient", 1), counts(third.get("updated")));
        assertEquals(1, get("/api/patients?name=Fhirtwice", m.token()).expect(200).json().get("total").asLong());
    }

    @Test
    void a_bad_bundle_gets_400_naming_the_entry_and_changes_nothing() {
        Member m = member(ClinicalApp.allClinicalPermissions());
        Map<String, Long> before = rows(m.tenant());

        // entry 3: a reference to a patient that is neither in the bundle nor imported
        Map<String, Object> broken = fullBundle("broken", "Fhirbroken");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) broken.get("entry");
        String missing = "urn:uuid:" + uuid("nobody", 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> third = (Map<String, Object>) entries.get(3).get("resource");
        third.put("subject", ref(missing));
        Http.Response r = importBundle(m.token(), broken);
        assertEquals(400, r.status(), r.body());
        assertEquals("invalid_request", r.json().get("error").asText());
        assertEquals("entry[3] (Observation): subject: references " + missing + " which is neither in the bundle nor imported",
                r.json().get("message").asText());

        // entry 2: an invalid resource (a status FHIR does not have)
        Map<String, Object> invalid = fullBundle("invalid", "Fhirinvalid");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> invalidEntries = (List<Map<String, Object>>) invalid.get("entry");
        invalidEntries.set(2, entry("urn:uuid:" + uuid("invalid", 3), observation(uuid("invalid", 3), "urn:uuid:" + uuid("invalid", 1),
                "urn:uuid:" + uuid("invalid", 2), map("status", "bogus"))));
        Http.Response bad = importBundle(m.token(), invalid);
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.json().get("message").asText().startsWith("entry[2] (Observation): not valid FHIR"), bad.body());

        // a required value missing: birthDate, and the value is never echoed
        Map<String, Object> noBirth = bundle("batch", List.of(entry("urn:uuid:" + uuid("nobirth", 1),
                map("resourceType", "Patient", "name", List.of(map("family", "Fhirnobirth"))))));
        assertEquals("entry[0] (Patient): birthDate: required", importBundle(m.token(), noBirth).json().get("message").asText());
        Map<String, Object> badDate = patient(uuid("baddate", 1), "MRN-baddate", "Fhirbaddate");
        badDate.put("birthDate", "1980-13-45");
        Http.Response dateResponse = importBundle(m.token(), bundle("batch", List.of(entry("urn:uuid:" + uuid("baddate", 1), badDate))));
        assertEquals(400, dateResponse.status());
        assertTrue(dateResponse.json().get("message").asText().startsWith("entry[0] (Patient): not valid FHIR"), dateResponse.body());
        assertTrue(!dateResponse.body().contains("1980-13-45"), "the value is not echoed: " + dateResponse.body());

        // not a bundle, not JSON, a bundle type that is not imported, a wrong media type
        assertTrue(importBody(m.token(), "{not json", "application/fhir+json").expect(400).json().get("message").asText()
                .startsWith("bundle: not valid FHIR JSON"));
        assertTrue(importBundle(m.token(), map("resourceType", "Patient", "birthDate", "1980-01-01")).expect(400).json()
                .get("message").asText().startsWith("bundle:"));
        assertEquals("bundle: type searchset is not imported (transaction, batch or collection)",
                importBundle(m.token(), bundle("searchset", List.of())).expect(400).json().get("message").asText());
        assertEquals(415, importBody(m.token(), Http.toJson(fullBundle("text", "Fhirtext")), "text/plain").status());

        assertEquals(before, rows(m.tenant()), "nothing was written");
        assertEquals(0, get("/api/patients", m.token()).expect(200).json().get("total").asLong());
    }

    @Test
    void import_needs_the_import_permission() {
        List<String> withoutImport = new ArrayList<>(ClinicalApp.allClinicalPermissions());
        withoutImport.remove("clinical.import");
        Member m = member(withoutImport);
        Http.Response r = importBundle(m.token(), fullBundle("perm", "Fhirperm"));
        assertEquals(403, r.status(), r.body());
        assertTrue(r.json().get("message").asText().contains("clinical.import"), r.body());
        assertEquals(0, get("/api/patients", m.token()).expect(200).json().get("total").asLong());
        assertEquals(401, importBody(null, Http.toJson(fullBundle("perm", "Fhirperm")), "application/fhir+json").status());
    }

    @Test
    void another_practice_does_not_see_the_imported_patient() {
        Member a = member(ClinicalApp.allClinicalPermissions());
        Member b = member(ClinicalApp.allClinicalPermissions());
        Map<String, Object> bundle = fullBundle("iso", "Fhiriso");
        importBundle(a.token(), bundle).expect(200);
        String id = patientId(a, "Fhiriso");
        assertEquals(404, get("/api/fhir/Patient/" + id, b.token()).status());
        assertEquals(404, get("/api/patients/" + id, b.token()).status());
        // the same bundle in practice B: new records there, matched only within B
        JsonNode inB = importBundle(b.token(), bundle).expect(200).json();
        assertEquals(1, counts(inB.get("created")).get("Patient"));
        assertEquals(Map.of(), counts(inB.get("updated")));
        String idB = patientId(b, "Fhiriso");
        assertTrue(!id.equals(idB));
        assertEquals(404, get("/api/fhir/Patient/" + idB, a.token()).status());
    }

    @Test
    void bundles_above_64_kib_are_accepted_up_to_the_import_limit_and_other_bodies_stay_small() {
        Member m = member(ClinicalApp.allClinicalPermissions());
        // about 400 KB: well above the 64 KiB the other endpoints take
        String p = "urn:uuid:" + uuid("big", 1);
        List<Map<String, Object>> entries = new ArrayList<>();
        entries.add(entry(p, patient(uuid("big", 1), "MRN-big", "Fhirbig")));
        for (int i = 0; i < 1000; i++) {
            Map<String, Object> o = observation(uuid("big", 100 + i), p, null,
                    map("valueQuantity", map("value", 60 + i % 40, "unit", "/min")));
            o.remove("encounter");
            entries.add(entry("urn:uuid:" + uuid("big", 100 + i), o));
        }
        String big = Http.toJson(bundle("transaction", entries));
        assertTrue(big.length() > 4 * 65536, "size " + big.length());
        assertEquals(1000, importBody(m.token(), big, "application/json").expect(200).json().get("created").get("Observation").asInt());

        String tooBig = "{\"resourceType\": \"Bundle\", \"type\": \"batch\", \"entry\": [], \"id\": \"" + "x".repeat(16 * 1024 * 1024) + "\"}";
        Http.Response r = importBody(m.token(), tooBig, "application/fhir+json");
        assertEquals(413, r.status(), r.body().length() > 300 ? r.body().substring(0, 300) : r.body());

        String hugePatient = "{\"familyName\": \"" + "x".repeat(100_000) + "\", \"givenName\": \"y\", \"birthDate\": \"1990-01-01\", \"sex\": \"male\"}";
        assertEquals(413, Http.send("POST", ClinicalApp.url(app, "/api/patients"), m.token(), hugePatient).status());
    }
}
