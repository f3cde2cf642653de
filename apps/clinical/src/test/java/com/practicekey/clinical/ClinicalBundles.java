package com.practicekey.clinical;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.practicekey.stack.junit.FhirTestBundles.ORG_REF;
import static com.practicekey.stack.junit.FhirTestBundles.PRACTITIONER_REF;
import static com.practicekey.stack.junit.FhirTestBundles.bundle;
import static com.practicekey.stack.junit.FhirTestBundles.concept;
import static com.practicekey.stack.junit.FhirTestBundles.entry;
import static com.practicekey.stack.junit.FhirTestBundles.map;
import static com.practicekey.stack.junit.FhirTestBundles.patient;
import static com.practicekey.stack.junit.FhirTestBundles.ref;
import static com.practicekey.stack.junit.FhirTestBundles.uuid;

/** Clinical's FHIR R4 test bundles with synthetic data, of the stack's {@code FhirTestBundles} building blocks. */
final class ClinicalBundles {

    private ClinicalBundles() {
    }

    static Map<String, Object> observation(String id, String patientUrl, String encounterUrl, Map<String, Object> value) {
        Map<String, Object> o = map("resourceType", "Observation", "id", id, "status", "final",
                "category", List.of(concept("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", "Vital signs")),
                "code", concept("http://loinc.org", "8867-4", "Heart rate"),
                "subject", ref(patientUrl), "encounter", ref(encounterUrl),
                "effectiveDateTime", "2024-03-01T10:15:00+00:00");
        o.putAll(value);
        return o;
    }

    /**
     * One patient with one of each clinical type, observations in four shapes (number, code,
     * components, no value) and one DiagnosticReport (ignored). Ids are derived from {@code tag}.
     */
    static Map<String, Object> fullBundle(String tag, String family) {
        String p = "urn:uuid:" + uuid(tag, 1);
        String e = "urn:uuid:" + uuid(tag, 2);
        List<Map<String, Object>> entries = new ArrayList<>();
        entries.add(entry(p, patient(uuid(tag, 1), "MRN-" + tag, family)));
        entries.add(entry(e, map("resourceType", "Encounter", "id", uuid(tag, 2),
                "identifier", List.of(map("system", "https://example.test/encounter", "value", "ENC-" + tag)),
                "status", "finished", "class", map("system", "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code", "AMB"),
                "type", List.of(concept("http://snomed.info/sct", "185349003", "Encounter for check up")),
                "subject", ref(p),
                "participant", List.of(map("individual", ref(PRACTITIONER_REF))),
                "period", map("start", "2024-03-01T10:00:00+00:00", "end", "2024-03-01T10:30:00+00:00"),
                "serviceProvider", ref(ORG_REF))));
        entries.add(entry("urn:uuid:" + uuid(tag, 3), map("resourceType", "Condition", "id", uuid(tag, 3),
                "clinicalStatus", concept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "Active"),
                "code", concept("http://snomed.info/sct", "38341003", "Hypertension"),
                "subject", ref(p), "encounter", ref(e), "onsetDateTime", "2024-03-01T10:00:00+00:00")));
        entries.add(entry("urn:uuid:" + uuid(tag, 4), observation(uuid(tag, 4), p, e,
                map("valueQuantity", map("value", 72, "unit", "/min", "system", "http://unitsofmeasure.org", "code", "/min")))));
        entries.add(entry("urn:uuid:" + uuid(tag, 5), observation(uuid(tag, 5), p, e,
                map("valueCodeableConcept", concept("http://snomed.info/sct", "449868002", "Smokes tobacco daily")))));
        entries.add(entry("urn:uuid:" + uuid(tag, 6), observation(uuid(tag, 6), p, e, map("component", List.of(
                map("code", concept("http://loinc.org", "8480-6", "Systolic blood pressure"),
                        "valueQuantity", map("value", 120, "unit", "mm[Hg]")),
                map("code", concept("http://loinc.org", "8462-4", "Diastolic blood pressure"),
                        "valueQuantity", map("value", 80, "unit", "mm[Hg]")))))));
        entries.add(entry("urn:uuid:" + uuid(tag, 7), observation(uuid(tag, 7), p, e, map())));
        entries.add(entry("urn:uuid:" + uuid(tag, 8), map("resourceType", "Procedure", "id", uuid(tag, 8), "status", "completed",
                "code", concept("http://snomed.info/sct", "117015009", "Throat culture"), "subject", ref(p), "encounter", ref(e),
                "performedPeriod", map("start", "2024-03-01T10:05:00+00:00", "end", "2024-03-01T10:10:00+00:00"))));
        entries.add(entry("urn:uuid:" + uuid(tag, 9), map("resourceType", "MedicationRequest", "id", uuid(tag, 9),
                "status", "active", "intent", "order",
                "medicationCodeableConcept", concept("http://www.nlm.nih.gov/research/umls/rxnorm", "308192", "Amoxicillin 500 MG Oral Tablet"),
                "subject", ref(p), "encounter", ref(e), "authoredOn", "2024-03-01T10:20:00+00:00",
                "requester", ref(PRACTITIONER_REF))));
        entries.add(entry("urn:uuid:" + uuid(tag, 10), map("resourceType", "AllergyIntolerance", "id", uuid(tag, 10),
                "clinicalStatus", concept("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active", "Active"),
                "type", "allergy", "category", List.of("food"), "criticality", "low",
                "code", concept("http://snomed.info/sct", "91935009", "Allergy to peanut"), "patient", ref(p))));
        entries.add(entry("urn:uuid:" + uuid(tag, 11), map("resourceType", "DiagnosticReport", "id", uuid(tag, 11), "status", "final",
                "code", concept("http://loinc.org", "58410-2", "CBC panel"), "subject", ref(p))));
        return bundle("transaction", entries);
    }
}
