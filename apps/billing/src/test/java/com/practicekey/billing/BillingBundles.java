package com.practicekey.billing;

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

/** Billing's FHIR R4 test bundles with synthetic data, of the stack's {@code FhirTestBundles} building blocks. */
final class BillingBundles {

    private BillingBundles() {
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
                "identifier", List.of(map("system", "https://bluebutton.cms.gov/resources/variables/clm_id", "value", uuid(tag, 5)),
                        map("system", "https://bluebutton.cms.gov/resources/identifier/claim-group", "value", "99999999999")),
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
}
