package com.practicekey.clinical;

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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.practicekey.clinical.ClinicalBundles.fullBundle;
import static com.practicekey.clinical.ClinicalBundles.observation;
import static com.practicekey.stack.junit.FhirImports.counts;
import static com.practicekey.stack.junit.FhirTestBundles.bundle;
import static com.practicekey.stack.junit.FhirTestBundles.entry;
import static com.practicekey.stack.junit.FhirTestBundles.map;
import static com.practicekey.stack.junit.FhirTestBundles.patient;
import static com.practicekey.stack.junit.FhirTestBundles.ref;
import static com.practicekey.stack.junit.FhirTestBundles.uuid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /api/fhir/import and GET /api/fhir/Patient/{id} of clinical-app, on the real Keycloak and PostgreSQL. */
@PracticeKeyTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FhirImportIT {

    static final List<String> TABLES = List.of("patient", "encounter", "problem", "observation", "observation_component",
            "procedure", "medication_request", "allergy_intolerance", "fhir_match", "fhir_reference", "audit_entry");
    /** TABLES but audit_entry, which every import adds to. */
    static final List<String> RECORD_TABLES = TABLES.stream().filter(t -> !t.equals("audit_entry")).toList();

    private EmbeddedServer app;
    private AppTokens tokens;
    private FhirImports imports;
    private final FhirContext fhir = FhirContext.forR4();

    @BeforeAll
    void start(PracticeKeyServer kc) {
        app = ClinicalApp.start(kc);
        tokens = new AppTokens(kc);
        imports = new FhirImports(kc, ClinicalApp.url(app, ""), ClinicalApp.DB);
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.getApplicationContext().close();
        }
    }

    private Member member(List<String> permissions) {
        return tokens.newMember("Clinic", "clinical-app", permissions);
    }

    @Test
    void a_bundle_is_imported_with_counts_and_the_patient_reads_back_as_fhir() {
        Member m = member(ClinicalApp.allClinicalPermissions());
        JsonNode r = imports.importBundle(m.token(), fullBundle("counts", "Fhircount")).expect(200).json();
        assertEquals(Map.of("Patient", 1, "Encounter", 1, "Condition", 1, "Observation", 4, "Procedure", 1,
                "MedicationRequest", 1, "AllergyIntolerance", 1), counts(r.get("created")));
        assertEquals(Map.of(), counts(r.get("updated")));
        assertEquals(Map.of("DiagnosticReport", 1), counts(r.get("ignored")));

        String id = imports.patientId(m.token(), "Fhircount");
        assertEquals(1, imports.get("/api/patients/" + id + "/encounters", m.token()).expect(200).json().get("total").asLong());
        assertEquals(1, imports.get("/api/patients/" + id + "/problems", m.token()).expect(200).json().get("total").asLong());
        JsonNode obs = imports.get("/api/patients/" + id + "/observations", m.token()).expect(200).json();
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
        Map<String, Long> rows = imports.rows(m.tenant(), TABLES);
        assertEquals(2, rows.get("observation_component"), "systolic and diastolic");
        assertEquals(1, rows.get("procedure"));
        assertEquals(1, rows.get("medication_request"));
        assertEquals(1, rows.get("allergy_intolerance"));

        // GET /api/fhir/Patient/{id}: FHIR JSON that HAPI parses, with the identifiers
        Patient p = fhir.newJsonParser().parseResource(Patient.class, imports.fhirPatient(id, m.token()));
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
    void conditional_references_outside_the_bundle_are_kept_as_references() {
        Member m = member(ClinicalApp.allClinicalPermissions());
        imports.importBundle(m.token(), fullBundle("kept", "Fhirkept")).expect(200);
        List<String> kept = imports.keptReferences(m.tenant());
        assertEquals(List.of(
                "Encounter participant.individual " + FhirTestBundles.PRACTITIONER_REF,
                "Encounter serviceProvider " + FhirTestBundles.ORG_REF,
                "MedicationRequest requester " + FhirTestBundles.PRACTITIONER_REF,
                "Patient managingOrganization " + FhirTestBundles.ORG_REF), kept);
    }

    @Test
    void importing_the_same_bundle_twice_creates_nothing_new() {
        Member m = member(ClinicalApp.allClinicalPermissions());
        imports.assertSecondImportCreatesNothing(m.token(), m.tenant(), fullBundle("twice", "Fhirtwice"), RECORD_TABLES);

        // matched on the identifier: the same patient under another fullUrl and id is still the same record
        Map<String, Object> moved = bundle("collection", List.of(entry("urn:uuid:" + uuid("moved", 1),
                patient(uuid("moved", 1), "MRN-twice", "Fhirtwice"))));
        JsonNode third = imports.importBundle(m.token(), moved).expect(200).json();
        assertEquals(Map.of("Patient", 1), counts(third.get("updated")));
        assertEquals(1, imports.get("/api/patients?name=Fhirtwice", m.token()).expect(200).json().get("total").asLong());
    }

    @Test
    void a_bad_bundle_gets_400_naming_the_entry_and_changes_nothing() {
        Member m = member(ClinicalApp.allClinicalPermissions());
        Map<String, Long> before = imports.rows(m.tenant(), TABLES);

        // entry 3: a reference to a patient that is neither in the bundle nor imported
        Map<String, Object> broken = fullBundle("broken", "Fhirbroken");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) broken.get("entry");
        String missing = "urn:uuid:" + uuid("nobody", 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> third = (Map<String, Object>) entries.get(3).get("resource");
        third.put("subject", ref(missing));
        Http.Response r = imports.importBundle(m.token(), broken);
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
        Http.Response bad = imports.importBundle(m.token(), invalid);
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.json().get("message").asText().startsWith("entry[2] (Observation): not valid FHIR"), bad.body());

        // a required value missing: birthDate, and the value is never echoed
        Map<String, Object> noBirth = bundle("batch", List.of(entry("urn:uuid:" + uuid("nobirth", 1),
                map("resourceType", "Patient", "name", List.of(map("family", "Fhirnobirth"))))));
        assertEquals("entry[0] (Patient): birthDate: required", imports.importBundle(m.token(), noBirth).json().get("message").asText());
        Map<String, Object> badDate = patient(uuid("baddate", 1), "MRN-baddate", "Fhirbaddate");
        badDate.put("birthDate", "1980-13-45");
        Http.Response dateResponse = imports.importBundle(m.token(), bundle("batch", List.of(entry("urn:uuid:" + uuid("baddate", 1), badDate))));
        assertEquals(400, dateResponse.status());
        assertTrue(dateResponse.json().get("message").asText().startsWith("entry[0] (Patient): not valid FHIR"), dateResponse.body());
        assertTrue(!dateResponse.body().contains("1980-13-45"), "the value is not echoed: " + dateResponse.body());

        // not a bundle, not JSON, a bundle type that is not imported, a wrong media type
        assertTrue(imports.importBody(m.token(), "{not json", "application/fhir+json").expect(400).json().get("message").asText()
                .startsWith("bundle: not valid FHIR JSON"));
        assertTrue(imports.importBundle(m.token(), map("resourceType", "Patient", "birthDate", "1980-01-01")).expect(400).json()
                .get("message").asText().startsWith("bundle:"));
        assertEquals("bundle: type searchset is not imported (transaction, batch or collection)",
                imports.importBundle(m.token(), bundle("searchset", List.of())).expect(400).json().get("message").asText());
        assertEquals(415, imports.importBody(m.token(), Http.toJson(fullBundle("text", "Fhirtext")), "text/plain").status());

        assertEquals(before, imports.rows(m.tenant(), TABLES), "nothing was written");
        assertEquals(0, imports.get("/api/patients", m.token()).expect(200).json().get("total").asLong());
    }

    @Test
    void values_outside_the_limits_get_400_naming_the_entry_and_the_field_and_change_nothing() {
        Member m = member(ClinicalApp.allClinicalPermissions());
        Map<String, Long> before = imports.rows(m.tenant(), TABLES);

        Map<String, Object> tiny = fullBundle("tiny", "Fhirtiny");
        resource(tiny, 3).put("valueQuantity", map("value", new java.math.BigDecimal("1e-20000"), "unit", "/min"));
        assertProblem(m, tiny, "entry[3] (Observation): value: must have at most 15 digits before and 20 after the decimal point");
        Map<String, Object> huge = fullBundle("huge", "Fhirhuge");
        resource(huge, 5).put("component", List.of(map("code", map("coding", List.of(map("system", "http://loinc.org", "code", "8480-6"))),
                "valueQuantity", map("value", new java.math.BigDecimal("1e30"), "unit", "mm[Hg]"))));
        assertProblem(m, huge, "entry[5] (Observation): value: must have at most 15 digits");
        Map<String, Object> julian = fullBundle("julian", "Fhirjulian");
        resource(julian, 1).put("period", map("start", "1500-06-15T10:00:00+00:00"));
        assertProblem(m, julian, "entry[1] (Encounter): encounter_date: must be a date in the years 1800 to 9999");
        Map<String, Object> farOnset = fullBundle("faronset", "Fhirfaronset");
        resource(farOnset, 2).put("onsetDateTime", "1200-03-01T10:00:00+00:00");
        assertProblem(m, farOnset, "entry[2] (Condition): onset_date: must be a date in the years 1800 to 9999");

        Map<String, Object> oldBirth = fullBundle("oldbirth", "Fhiroldbirth");
        resource(oldBirth, 0).put("birthDate", "1500-06-15");
        assertProblem(m, oldBirth, "entry[0] (Patient): birthDate: must be a date in the years 1800 to 9999");
        Map<String, Object> unborn = fullBundle("unborn", "Fhirunborn");
        resource(unborn, 0).put("birthDate", "2999-01-01");
        assertProblem(m, unborn, "entry[0] (Patient): birthDate: must be a past date");
        Map<String, Object> longName = fullBundle("longname", "F" + "x".repeat(5000));
        assertProblem(m, longName, "entry[0] (Patient): name.family: at most 100 characters");
        Map<String, Object> nul = fullBundle("nul", "Fhir\u0000nul");
        Http.Response r = imports.importBundle(m.token(), nul);
        assertEquals(400, r.status(), r.body());
        assertTrue(r.json().get("message").asText().startsWith("entry[0] (Patient): "), r.body());

        assertEquals(before, imports.rows(m.tenant(), TABLES), "nothing was written");
        assertEquals(0, imports.get("/api/patients", m.token()).expect(200).json().get("total").asLong());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resource(Map<String, Object> bundle, int index) {
        return (Map<String, Object>) ((List<Map<String, Object>>) bundle.get("entry")).get(index).get("resource");
    }

    private void assertProblem(Member m, Map<String, Object> bundle, String messageStart) {
        Http.Response r = imports.importBundle(m.token(), bundle);
        assertEquals(400, r.status(), r.body());
        assertEquals("invalid_request", r.json().get("error").asText(), r.body());
        assertTrue(r.json().get("message").asText().startsWith(messageStart), "expected '" + messageStart + "' in " + r.body());
    }

    @Test
    void import_needs_the_import_permission() {
        List<String> withoutImport = new ArrayList<>(ClinicalApp.allClinicalPermissions());
        withoutImport.remove("clinical.import");
        imports.assertImportRefused(member(withoutImport).token(), fullBundle("perm", "Fhirperm"), "clinical.import");
        assertEquals(401, imports.importBody(null, Http.toJson(fullBundle("perm", "Fhirperm")), "application/fhir+json").status());
    }

    @Test
    void another_practice_does_not_see_the_imported_patient() {
        Member a = member(ClinicalApp.allClinicalPermissions());
        Member b = member(ClinicalApp.allClinicalPermissions());
        imports.assertPracticesApart(a.token(), b.token(), fullBundle("iso", "Fhiriso"), "Fhiriso");
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
        assertEquals(1000, imports.importBody(m.token(), big, "application/json").expect(200).json().get("created").get("Observation").asInt());

        String tooBig = "{\"resourceType\": \"Bundle\", \"type\": \"batch\", \"entry\": [], \"id\": \"" + "x".repeat(16 * 1024 * 1024) + "\"}";
        Http.Response r = imports.importBody(m.token(), tooBig, "application/fhir+json");
        assertEquals(413, r.status(), r.body().length() > 300 ? r.body().substring(0, 300) : r.body());

        String hugePatient = "{\"familyName\": \"" + "x".repeat(100_000) + "\", \"givenName\": \"y\", \"birthDate\": \"1990-01-01\", \"sex\": \"male\"}";
        assertEquals(413, Http.send("POST", ClinicalApp.url(app, "/api/patients"), m.token(), hugePatient).status());
    }
}
