package com.practicekey.stack.demo;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoPatientsTest {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final DemoPatients.Practice RIVERBEND = new DemoPatients.Practice("riverbend", "Riverbend Cardiology", DemoPatients.Profile.CARDIOLOGY);
    static final DemoPatients.Practice LAKESIDE = new DemoPatients.Practice("lakeside", "Lakeside Pediatrics", DemoPatients.Profile.PEDIATRICS);
    static final DemoPatients.Practice SUMMIT = new DemoPatients.Practice("summit", "Summit Family Medicine", DemoPatients.Profile.FAMILY);
    static final int LIMIT = DemoPatientLoader.MAX_BUNDLE_BYTES;

    // ---- determinism --------------------------------------------------------------------

    @Test
    void the_same_seed_gives_byte_identical_bundles() {
        List<byte[]> a = bytes(new DemoPatients(SUMMIT, 7).bundles(60, LIMIT));
        List<byte[]> b = bytes(new DemoPatients(SUMMIT, 7).bundles(60, LIMIT));
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i)).as("bundle " + i).isEqualTo(b.get(i));
        }
    }

    @Test
    void a_patient_is_the_same_whatever_the_count_and_bundle_size() {
        DemoPatients g = new DemoPatients(RIVERBEND, 1);
        String alone = entriesOf(g.bundles(1, LIMIT)).get(g.patientKey(0));
        Map<String, String> small = entriesOf(g.bundles(30, 45_000));
        Map<String, String> large = entriesOf(g.bundles(50, 1_000_000));
        assertThat(small.get(g.patientKey(0))).isEqualTo(alone);
        for (int i = 0; i < 30; i++) {
            assertThat(large.get(g.patientKey(i))).as("patient " + i).isEqualTo(small.get(g.patientKey(i)));
        }
    }

    @Test
    void practices_and_seeds_get_different_patients() {
        List<String> riverbend = people(new DemoPatients(new DemoPatients.Practice("riverbend", "X", DemoPatients.Profile.FAMILY), 1));
        List<String> summit = people(new DemoPatients(new DemoPatients.Practice("summit", "X", DemoPatients.Profile.FAMILY), 1));
        List<String> otherSeed = people(new DemoPatients(new DemoPatients.Practice("summit", "X", DemoPatients.Profile.FAMILY), 2));
        assertThat(riverbend).hasSize(40);
        // Name and birth date together: with invented lists of ~40 names a few may repeat by chance, but not many.
        assertThat(overlap(riverbend, summit)).isLessThan(3);
        assertThat(overlap(summit, otherSeed)).isLessThan(3);
        assertThat(new DemoPatients(SUMMIT, 1).patientKey(3)).isEqualTo("summit-1-000003");
    }

    // ---- validity ------------------------------------------------------------------------

    @Test
    void every_bundle_parses_strictly_with_hapi_r4_and_has_every_required_element() {
        for (DemoPatients.Practice p : List.of(RIVERBEND, LAKESIDE, SUMMIT)) {
            for (ObjectNode b : new DemoPatients(p, 1).bundles(40, LIMIT)) {
                assertValid(b);
            }
        }
    }

    @Test
    void the_validity_checks_catch_broken_bundles() {
        DemoPatients g = new DemoPatients(SUMMIT, 1);
        ObjectNode noProvider = DemoPatients.bundle(g.patientEntries(0));
        for (JsonNode e : noProvider.get("entry")) {
            if (e.at("/resource/resourceType").asText().equals("Claim")) {
                ((ObjectNode) e.get("resource")).remove("provider");
            }
        }
        assertThatThrownBy(() -> assertValid(noProvider)).hasMessageContaining("Claim.provider");

        ObjectNode dangling = DemoPatients.bundle(g.patientEntries(0));
        ((ObjectNode) dangling.at("/entry/1/resource/beneficiary")).put("reference", "urn:uuid:00000000-0000-0000-0000-000000000000");
        assertThatThrownBy(() -> assertValid(dangling)).hasMessageContaining("resolves in the bundle");

        ObjectNode unknown = DemoPatients.bundle(g.patientEntries(0));
        ((ObjectNode) unknown.at("/entry/0/resource")).put("favouriteColour", "teal");
        assertThatThrownBy(() -> assertValid(unknown)).hasMessageContaining("favouriteColour");

        ObjectNode badCode = DemoPatients.bundle(g.patientEntries(0));
        ((ObjectNode) badCode.at("/entry/0/resource")).put("gender", "robot");
        assertThatThrownBy(() -> assertValid(badCode)).hasMessageContaining("robot");
    }

    @Test
    void bundles_carry_the_resources_both_apps_import() {
        Map<String, Integer> types = new HashMap<>();
        for (ObjectNode b : new DemoPatients(SUMMIT, 1).bundles(50, LIMIT)) {
            for (Bundle.BundleEntryComponent e : parse(b).getEntry()) {
                types.merge(e.getResource().fhirType(), 1, Integer::sum);
            }
        }
        assertThat(types.get("Patient")).isEqualTo(50);
        assertThat(types.get("Coverage")).isEqualTo(50);
        assertThat(types.get("Encounter")).isGreaterThanOrEqualTo(50);
        assertThat(types.get("Claim")).isEqualTo(types.get("Encounter"));
        assertThat(types.get("Condition")).isPositive();
        assertThat(types.get("Observation")).isGreaterThan(types.get("Encounter"));
    }

    @Test
    void bundles_stay_under_the_limit_and_keep_each_patient_whole() {
        DemoPatients g = new DemoPatients(RIVERBEND, 1);
        List<ObjectNode> bundles = g.bundles(80, 60_000);
        assertThat(bundles.size()).isGreaterThan(10);
        assertThat(g.bundles(80, LIMIT).size()).isBetween(2, 6);
        Set<String> seen = new HashSet<>();
        for (ObjectNode b : bundles) {
            assertThat(DemoPatients.bytes(b).length).isLessThanOrEqualTo(60_000);
            Set<String> patientsHere = new HashSet<>();
            for (JsonNode e : b.get("entry")) {
                String id = e.at("/resource/identifier/0/value").asText();
                patientsHere.add(id.substring(0, g.patientKey(0).length()));
            }
            for (String p : patientsHere) {
                assertThat(seen.add(p)).as("patient " + p + " split over bundles").isTrue();
            }
        }
        assertThat(seen).hasSize(80);
        assertThatThrownBy(() -> g.bundles(1, 2_000)).hasMessageContaining("more than the bundle limit 2000");
        assertThatThrownBy(() -> g.bundles(-1, LIMIT)).hasMessageContaining("must not be negative");
    }

    @Test
    void bad_practices_and_seeds_are_refused_naming_the_problem() {
        assertThatThrownBy(() -> new DemoPatients.Practice("River Bend", "x", DemoPatients.Profile.FAMILY)).hasMessageContaining("River Bend");
        assertThatThrownBy(() -> new DemoPatients(SUMMIT, -1)).hasMessageContaining("seed");
        assertThatThrownBy(() -> DemoPatients.Profile.parse("surgery")).hasMessageContaining("surgery");
        assertThat(DemoPatients.Profile.parse("Pediatrics")).isEqualTo(DemoPatients.Profile.PEDIATRICS);
    }

    // ---- realism -------------------------------------------------------------------------

    @Test
    void ages_vitals_and_dates_are_plausible() {
        assertThat(DemoPatients.AS_OF).isBeforeOrEqualTo(LocalDate.now());
        Map<String, int[]> ages = new HashMap<>();
        for (DemoPatients.Practice p : List.of(RIVERBEND, LAKESIDE, SUMMIT)) {
            int min = 200;
            int max = -1;
            for (ObjectNode b : new DemoPatients(p, 1).bundles(150, LIMIT)) {
                for (int age : assertPlausible(parse(b))) {
                    min = Math.min(min, age);
                    max = Math.max(max, age);
                }
            }
            ages.put(p.alias(), new int[]{min, max});
        }
        assertThat(ages.get("lakeside")[1]).as("a pediatric practice has children only").isLessThanOrEqualTo(17);
        assertThat(ages.get("riverbend")[0]).as("a cardiology practice has adults only").isGreaterThanOrEqualTo(35);
        assertThat(ages.get("summit")[0]).as("a family practice has children").isLessThan(18);
        assertThat(ages.get("summit")[1]).as("and elderly patients").isGreaterThanOrEqualTo(65);
    }

    // ---- any seed ------------------------------------------------------------------------

    @Property(tries = 60)
    void any_seed_and_patient_give_a_valid_plausible_bundle(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed,
                                                            @ForAll @IntRange(min = 0, max = 999_999) int index,
                                                            @ForAll("profiles") DemoPatients.Profile profile) {
        DemoPatients g = new DemoPatients(new DemoPatients.Practice("p" + (index % 7), "Practice", profile), seed);
        ObjectNode bundle = DemoPatients.bundle(g.patientEntries(index));
        assertThat(DemoPatients.bytes(bundle).length).as("one patient").isLessThan(100_000);
        assertValid(bundle);
        assertPlausible(parse(bundle));
        assertThat(DemoPatients.bytes(DemoPatients.bundle(g.patientEntries(index)))).isEqualTo(DemoPatients.bytes(bundle));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<DemoPatients.Profile> profiles() {
        return net.jqwik.api.Arbitraries.of(DemoPatients.Profile.class);
    }

    // ---- checks ----------------------------------------------------------------------------

    /** Strict HAPI parse, unique full URLs and identifiers, every reference resolving in the bundle to the right type, required elements. */
    static void assertValid(ObjectNode json) {
        Bundle bundle = parse(json);
        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
        Map<String, String> typeByUrl = new HashMap<>();
        Set<String> identifiers = new HashSet<>();
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
            assertThat(e.getFullUrl()).startsWith("urn:uuid:");
            assertThat(typeByUrl.put(e.getFullUrl(), e.getResource().fhirType())).as("duplicate fullUrl").isNull();
            assertThat(e.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.POST);
            assertThat(e.getRequest().getUrl()).isEqualTo(e.getResource().fhirType());
            JsonNode id = json.get("entry").get(bundle.getEntry().indexOf(e)).at("/resource/identifier/0");
            assertThat(id.path("system").asText()).startsWith("urn:practicekey:demo:");
            String key = id.path("system").asText() + "|" + id.path("value").asText();
            assertThat(identifiers.add(key)).as("duplicate identifier " + key).isTrue();
            assertThat(e.getRequest().getIfNoneExist()).isEqualTo("identifier=" + key);
            List<String> missing = new ArrayList<>();
            missingRequired(e.getResource(), e.getResource().fhirType(), missing);
            assertThat(missing).as("required elements of " + e.getResource().fhirType()).isEmpty();
        }
        // Every reference in the JSON is a urn:uuid of this bundle, to the type its element allows.
        for (JsonNode entry : json.get("entry")) {
            List<String[]> refs = new ArrayList<>();
            references(entry.get("resource"), "", refs);
            for (String[] ref : refs) {
                assertThat(ref[1]).as(ref[0]).startsWith("urn:uuid:");
                assertThat(typeByUrl).as("reference " + ref[0] + " resolves in the bundle").containsKey(ref[1]);
                String expected = switch (ref[0].replaceAll("\\[\\d+]", "")) {
                    case "subject", "patient", "beneficiary" -> "Patient";
                    case "encounter", "item.encounter" -> "Encounter";
                    case "insurance.coverage" -> "Coverage";
                    case "diagnosis.diagnosisReference" -> "Condition";
                    default -> throw new AssertionError("unexpected reference element " + ref[0]);
                };
                assertThat(typeByUrl.get(ref[1])).as(ref[0]).isEqualTo(expected);
            }
        }
    }

    /** The ages at {@link DemoPatients#AS_OF} of the bundle's patients, after checking vitals, dates and totals. */
    static List<Integer> assertPlausible(Bundle bundle) {
        Date endOfAsOf = Date.from(DemoPatients.AS_OF.plusDays(1).atStartOfDay(ZoneId.of("UTC")).toInstant());
        Map<String, LocalDate> births = new HashMap<>();
        List<Integer> ages = new ArrayList<>();
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
            if (e.getResource() instanceof Patient p) {
                LocalDate birth = LocalDate.parse(p.getBirthDateElement().getValueAsString());
                long age = ChronoUnit.YEARS.between(birth, DemoPatients.AS_OF);
                assertThat(age).isBetween(0L, 95L);
                ages.add((int) age);
                births.put(e.getFullUrl(), birth);
                assertThat(p.getNameFirstRep().getFamily()).isNotBlank();
                assertThat(p.getNameFirstRep().getGivenAsSingleString()).isNotBlank();
            }
        }
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
            Resource r = e.getResource();
            for (Date d : dates(r)) {
                assertThat(d).as(r.fhirType() + " date").isBefore(endOfAsOf);
            }
            if (r instanceof Encounter enc) {
                LocalDate birth = births.get(enc.getSubject().getReference());
                assertThat(enc.getPeriod().getStart()).isAfterOrEqualTo(Date.from(birth.atStartOfDay(ZoneId.of("UTC")).toInstant()));
                assertThat(enc.getPeriod().getEnd()).isAfter(enc.getPeriod().getStart());
            } else if (r instanceof Observation o) {
                assertThat(o.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("vital-signs");
                assertThat(o.getCode().getCodingFirstRep().getSystem()).isEqualTo("http://loinc.org");
                String code = o.getCode().getCodingFirstRep().getCode();
                if (code.equals("85354-9")) {
                    assertThat(o.getComponent()).hasSize(2);
                    double systolic = check(o.getComponent().get(0).getValueQuantity(), "8480-6", 70, 200, "mm[Hg]");
                    double diastolic = check(o.getComponent().get(1).getValueQuantity(), "8462-4", 35, 130, "mm[Hg]");
                    assertThat(o.getComponent().get(0).getCode().getCodingFirstRep().getCode()).isEqualTo("8480-6");
                    assertThat(o.getComponent().get(1).getCode().getCodingFirstRep().getCode()).isEqualTo("8462-4");
                    assertThat(systolic - diastolic).as("pulse pressure").isBetween(20.0, 100.0);
                } else {
                    Quantity q = o.getValueQuantity();
                    switch (code) {
                        case "8867-4" -> check(q, code, 40, 200, "/min");
                        case "9279-1" -> check(q, code, 8, 70, "/min");
                        case "8310-5" -> check(q, code, 35.5, 41, "Cel");
                        case "29463-7" -> check(q, code, 2, 250, "kg");
                        case "8302-2" -> check(q, code, 40, 210, "cm");
                        case "39156-5" -> check(q, code, 10, 60, "kg/m2");
                        default -> throw new AssertionError("unexpected vital sign " + code);
                    }
                }
            } else if (r instanceof Claim c) {
                BigDecimal sum = c.getItem().stream().map(i -> i.getNet().getValue()).reduce(BigDecimal.ZERO, BigDecimal::add);
                assertThat(c.getTotal().getValue()).isEqualByComparingTo(sum);
                assertThat(c.getTotal().getCurrency()).isEqualTo("USD");
                assertThat(c.getItem()).allMatch(i -> i.getProductOrService().getCodingFirstRep().getCode().matches("\\d{5}"));
            } else if (r instanceof Condition c) {
                assertThat(c.getCode().getCoding()).extracting(x -> x.getSystem())
                        .containsExactly("http://snomed.info/sct", "http://hl7.org/fhir/sid/icd-10-cm");
                assertThat(c.getOnsetDateTimeType().getValue()).isBeforeOrEqualTo(c.getRecordedDate());
            } else if (r instanceof Coverage c) {
                assertThat(c.getPayorFirstRep().getDisplay()).isNotBlank();
            }
        }
        return ages;
    }

    static double check(Quantity q, String code, double min, double max, String ucum) {
        assertThat(q.getSystem()).as(code + " unit system").isEqualTo("http://unitsofmeasure.org");
        assertThat(q.getCode()).as(code + " unit").isEqualTo(ucum);
        assertThat(q.getValue().doubleValue()).as(code + " value").isBetween(min, max);
        return q.getValue().doubleValue();
    }

    static List<Date> dates(Resource r) {
        List<Date> out = new ArrayList<>();
        collectDates(r, out);
        return out;
    }

    private static void collectDates(IBase element, List<Date> out) {
        BaseRuntimeElementDefinition<?> def = FHIR.getElementDefinition(element.getClass());
        if (element instanceof org.hl7.fhir.r4.model.BaseDateTimeType d) {
            if (d.getValue() != null) {
                out.add(d.getValue());
            }
            return;
        }
        if (element instanceof IPrimitiveType<?> || !(def instanceof BaseRuntimeElementCompositeDefinition<?> composite)) {
            return;
        }
        for (BaseRuntimeChildDefinition child : composite.getChildren()) {
            for (IBase value : child.getAccessor().getValues(element)) {
                collectDates(value, out);
            }
        }
    }

    /** Every element of min cardinality 1 or more in the R4 definitions that is absent, below any present element. */
    static void missingRequired(IBase element, String path, List<String> missing) {
        BaseRuntimeElementDefinition<?> def = element instanceof Resource r
                ? FHIR.getResourceDefinition(r) : FHIR.getElementDefinition(element.getClass());
        if (element instanceof IPrimitiveType<?> || !(def instanceof BaseRuntimeElementCompositeDefinition<?> composite)) {
            return;
        }
        for (BaseRuntimeChildDefinition child : composite.getChildren()) {
            List<IBase> values = child.getAccessor().getValues(element);
            List<IBase> present = values.stream().filter(v -> !v.isEmpty()).toList();
            if (child.getMin() > 0 && present.size() < child.getMin()) {
                missing.add(path + "." + child.getElementName());
            }
            for (IBase v : present) {
                missingRequired(v, path + "." + child.getElementName(), missing);
            }
        }
    }

    static void references(JsonNode node, String path, List<String[]> out) {
        if (node.isObject()) {
            if (node.has("reference")) {
                out.add(new String[]{path, node.get("reference").asText()});
            }
            node.fields().forEachRemaining(f -> references(f.getValue(), path.isEmpty() ? f.getKey() : path + "." + f.getKey(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                references(node.get(i), path, out);
            }
        }
    }

    static Bundle parse(ObjectNode json) {
        IParser parser = FHIR.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
        return parser.parseResource(Bundle.class, new String(DemoPatients.bytes(json), StandardCharsets.UTF_8));
    }

    static List<byte[]> bytes(List<ObjectNode> bundles) {
        return bundles.stream().map(DemoPatients::bytes).toList();
    }

    /** Patient key -> that patient's entries as JSON text. */
    static Map<String, String> entriesOf(List<ObjectNode> bundles) {
        Map<String, StringBuilder> out = new java.util.LinkedHashMap<>();
        for (ObjectNode b : bundles) {
            for (JsonNode e : b.get("entry")) {
                String id = e.at("/resource/identifier/0/value").asText();
                String patient = id.substring(0, id.indexOf('-', id.indexOf('-') + 1) + 7);
                out.computeIfAbsent(patient, k -> new StringBuilder()).append(e).append('\n');
            }
        }
        Map<String, String> texts = new HashMap<>();
        out.forEach((k, v) -> texts.put(k, v.toString()));
        return texts;
    }

    static List<String> people(DemoPatients g) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            JsonNode p = g.patientEntries(i).get(0).get("resource");
            out.add(p.at("/name/0/family").asText() + "|" + p.at("/name/0/given/0").asText() + "|" + p.get("birthDate").asText());
        }
        return out;
    }

    static long overlap(List<String> a, List<String> b) {
        Set<String> s = new HashSet<>(a);
        return b.stream().filter(s::contains).count();
    }
}
