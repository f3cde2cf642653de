package com.practicekey.stack.junit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Building blocks of small hand-written FHIR R4 bundles with synthetic data, as JSON-ready maps,
 * for the apps' import tests (each app builds its own bundles of the types it takes from them).
 */
public final class FhirTestBundles {

    public static final String PATIENT_SYSTEM = "https://example.test/mrn";
    public static final String ORG_REF = "Organization?identifier=https://example.test/org|clinic-1";
    public static final String PRACTITIONER_REF = "Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|9999000001";

    private FhirTestBundles() {
    }

    public static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    public static Map<String, Object> concept(String system, String code, String display) {
        return map("coding", List.of(map("system", system, "code", code, "display", display)), "text", display);
    }

    public static Map<String, Object> ref(String reference) {
        return map("reference", reference);
    }

    public static Map<String, Object> entry(String fullUrl, Map<String, Object> resource) {
        return map("fullUrl", fullUrl, "resource", resource, "request", map("method", "POST", "url", resource.get("resourceType")));
    }

    public static Map<String, Object> bundle(String type, List<Map<String, Object>> entries) {
        return map("resourceType", "Bundle", "type", type, "entry", entries);
    }

    /** Patient (with a conditional managingOrganization) with identifier {@code mrn}. */
    public static Map<String, Object> patient(String id, String mrn, String family) {
        return map("resourceType", "Patient", "id", id,
                "identifier", List.of(map("system", PATIENT_SYSTEM, "value", mrn)),
                "name", List.of(map("use", "official", "family", family, "given", List.of("Avery", "Quinn"))),
                "gender", "female", "birthDate", "1980-04-02",
                "managingOrganization", ref(ORG_REF));
    }

    /** A deterministic UUID-shaped id for a test tag and a number. */
    public static String uuid(String tag, int n) {
        String hex = String.format("%08x", Math.abs(tag.hashCode()));
        return hex + "-0000-4000-8000-" + String.format("%012d", n);
    }
}
