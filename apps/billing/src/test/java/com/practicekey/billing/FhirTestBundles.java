package com.practicekey.billing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small hand-written FHIR R4 bundles with synthetic data for the billing import tests. */
final class FhirTestBundles {

    static final String PATIENT_SYSTEM = "https://example.test/mrn";
    static final String ORG_REF = "Organization?identifier=https://example.test/org|clinic-1";
    static final String PRACTITIONER_REF = "Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|9999000001";

    private FhirTestBundles() {
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static Map<String, Object> concept(String system, String code, String display) {
        return map("coding", List.of(map("system", system, "code", code, "display", display)), "text", display);
    }

    static Map<String, Object> ref(String reference) {
        return map("reference", reference);
    }

    static Map<String, Object> entry(String fullUrl, Map<String, Object> resource) {
        return map("fullUrl", fullUrl, "resource", resource, "request", map("method", "POST", "url", resource.get("resourceType")));
    }

    static Map<String, Object> bundle(String type, List<Map<String, Object>> entries) {
        return map("resourceType", "Bundle", "type", type, "entry", entries);
    }

    static Map<String, Object> patient(String id, String mrn, String family) {
        return map("resourceType", "Patient", "id", id,
                "identifier", List.of(map("system", PATIENT_SYSTEM, "value", mrn)),
                "name", List.of(map("use", "official", "family", family, "given", List.of("Avery"))),
                "gender", "female", "birthDate", "1980-04-02",
                "managingOrganization", ref(ORG_REF));
    }

    static Map<String, Object> money(double v) {
        return map("value", v, "currency", "USD");
    }

    /**
     * Patient, Encounter and Condition (ignored by billing), a Coverage, a Claim without identifiers
     * (two items) and an ExplanationOfBenefit containing its own Coverage, in the shape Synthea
     * writes. Ids are derived from {@code tag}.
     */
    static Map<String, Object> fullBundle(String tag, String family) {
        String p = "urn:uuid:" + uuid(tag, 1);
        String e = "urn:uuid:" + uuid(tag, 2);
        String claim = "urn:uuid:" + uuid(tag, 5);
        List<Map<String, Object>> entries = new ArrayList<>();
        entries.add(entry(p, patient(uuid(tag, 1), "MRN-" + tag, family)));
        entries.add(entry(e, map("resourceType", "Encounter", "id", uuid(tag, 2), "status", "finished",
                "class", map("system", "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code", "AMB"), "subject", ref(p))));
        entries.add(entry("urn:uuid:" + uuid(tag, 3), map("resourceType", "Condition", "id", uuid(tag, 3),
                "code", concept("http://snomed.info/sct", "38341003", "Hypertension"), "subject", ref(p))));
        entries.add(entry("urn:uuid:" + uuid(tag, 4), map("resourceType", "Coverage", "id", uuid(tag, 4),
                "identifier", List.of(map("system", "https://example.test/coverage", "value", "COV-" + tag)),
                "status", "active", "subscriberId", "SUB-" + tag, "beneficiary", ref(p),
                "payor", List.of(map("reference", ORG_REF, "display", "Example Health Plan")),
                "period", map("start", "2024-01-01"))));
        entries.add(entry(claim, map("resourceType", "Claim", "id", uuid(tag, 5), "status", "active",
                "type", concept("http://terminology.hl7.org/CodeSystem/claim-type", "professional", "Professional"),
                "use", "claim", "patient", ref(p),
                "billablePeriod", map("start", "2024-03-01T10:00:00+00:00", "end", "2024-03-01T10:30:00+00:00"),
                "created", "2024-03-01T10:30:00+00:00",
                "provider", ref(ORG_REF),
                "priority", concept("http://terminology.hl7.org/CodeSystem/processpriority", "normal", "Normal"),
                "insurance", List.of(map("sequence", 1, "focal", true, "coverage", map("display", "Example Health Plan"))),
                "item", List.of(
                        map("sequence", 1, "productOrService", concept("http://snomed.info/sct", "185349003", "Check up"),
                                "encounter", List.of(ref(e)), "net", money(125.5)),
                        map("sequence", 2, "productOrService", concept("http://loinc.org", "58410-2", "CBC panel"),
                                "net", money(74.5))),
                "total", money(200.0))));
        entries.add(entry("urn:uuid:" + uuid(tag, 6), map("resourceType", "ExplanationOfBenefit", "id", uuid(tag, 6),
                "contained", List.of(map("resourceType", "Coverage", "id", "coverage", "status", "active",
                        "type", map("text", "Example Health Plan"), "beneficiary", ref(p), "payor", List.of(map("display", "Example Health Plan")))),
                "identifier", List.of(map("system", "https://bluebutton.cms.gov/resources/variables/clm_id", "value", uuid(tag, 5))),
                "status", "active",
                "type", concept("http://terminology.hl7.org/CodeSystem/claim-type", "professional", "Professional"),
                "use", "claim", "patient", ref(p),
                "billablePeriod", map("start", "2024-03-01T10:30:00+00:00"),
                "created", "2024-03-01T10:30:00+00:00",
                "insurer", map("display", "Example Health Plan"),
                "provider", ref(PRACTITIONER_REF),
                "claim", ref(claim), "outcome", "complete",
                "insurance", List.of(map("focal", true, "coverage", ref("#coverage"))),
                "total", List.of(map("category", concept("http://terminology.hl7.org/CodeSystem/adjudication", "submitted", "Submitted"),
                        "amount", money(200.0))),
                "payment", map("amount", money(160.0)))));
        return bundle("transaction", entries);
    }

    static String uuid(String tag, int n) {
        String hex = String.format("%08x", Math.abs(tag.hashCode()));
        return hex + "-0000-4000-8000-" + String.format("%012d", n);
    }
}
