package com.practicekey.stack.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * Seeded, deterministic synthetic patients as FHIR R4 transaction bundles, for the demo
 * practices of the local stack: per patient a {@code Patient}, ambulatory {@code Encounter}s,
 * {@code Condition}s on the problem list, vital-sign {@code Observation}s (LOINC codes, UCUM
 * units, blood pressure as a panel with components), a {@code Coverage} and one {@code Claim}
 * per encounter. Every reference inside a bundle is a {@code urn:uuid:} full URL of an entry of
 * the same bundle; payers and the practice (which no app imports) are referenced by identifier.
 *
 * <p>Deterministic: patient {@code i} of a practice is generated from its own random source,
 * seeded from (practice alias, seed, i) only, so it is the same whatever the patient count and
 * bundle size, and the same seed gives byte-identical JSON. Dates are counted back from the fixed
 * day {@link #AS_OF}, never from today, and all lie on or before it. Every resource carries an
 * identifier (systems {@code urn:practicekey:demo:*}, values {@code <alias>-<seed>-<index>...}) and
 * each entry's request is a conditional create ({@code ifNoneExist}) on it, so that importing a
 * bundle twice creates nothing new.
 *
 * <p>Everything is invented: names from invented lists, towns in the fictional state {@code ZZ},
 * phone numbers in the fictional 555-01xx range; every patient is tagged {@code HTEST} (test
 * health data).
 */
public final class DemoPatients {

    /** The day the data describes: ages are counted to it and every date lies on or before it. */
    public static final LocalDate AS_OF = LocalDate.of(2026, 11, 30);

    public static final String PATIENT_SYSTEM = "urn:practicekey:demo:patient";
    public static final String ENCOUNTER_SYSTEM = "urn:practicekey:demo:encounter";
    public static final String CONDITION_SYSTEM = "urn:practicekey:demo:condition";
    public static final String OBSERVATION_SYSTEM = "urn:practicekey:demo:observation";
    public static final String COVERAGE_SYSTEM = "urn:practicekey:demo:coverage";
    public static final String CLAIM_SYSTEM = "urn:practicekey:demo:claim";
    public static final String PAYER_SYSTEM = "urn:practicekey:demo:payer";
    public static final String PRACTICE_SYSTEM = "urn:practicekey:demo:practice";

    static final String LOINC = "http://loinc.org";
    static final String SNOMED = "http://snomed.info/sct";
    static final String ICD10 = "http://hl7.org/fhir/sid/icd-10-cm";
    static final String CPT = "http://www.ama-assn.org/go/cpt";
    static final String UCUM = "http://unitsofmeasure.org";

    /** Compact JSON with a stable field order (insertion order of the nodes). */
    public static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

    /** Exact decimals: {@code 72.0} stays {@code 72.0}, never {@code 72} or {@code 7.2E+1}. */
    private static final JsonNodeFactory F = JsonNodeFactory.withExactBigDecimals(true);
    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);

    /** What kind of practice: decides the age mix, visit frequency and what is billed. */
    public enum Profile {
        /** All ages 0-95. */
        FAMILY,
        /** Children 0-17. */
        PEDIATRICS,
        /** Adults 35-95, more visits, ECGs. */
        CARDIOLOGY;

        /** {@code family}, {@code pediatrics}, {@code cardiology}; anything else is refused, naming it. */
        public static Profile parse(String name) {
            for (Profile p : values()) {
                if (p.name().equalsIgnoreCase(name)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown demo profile '" + name + "' (known: family, pediatrics, cardiology)");
        }
    }

    /** A demo practice: its alias (tenant id) and display name, and its profile. */
    public record Practice(String alias, String name, Profile profile) {
        public Practice {
            if (alias == null || !alias.matches("[a-z0-9][a-z0-9-]{0,62}")) {
                throw new IllegalArgumentException("practice alias must be lower-case letters, digits and '-': " + alias);
            }
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("practice name is missing for " + alias);
            }
            if (profile == null) {
                throw new IllegalArgumentException("practice profile is missing for " + alias);
            }
        }
    }

    private final Practice practice;
    private final long seed;

    public DemoPatients(Practice practice, long seed) {
        if (seed < 0) {
            throw new IllegalArgumentException("seed must not be negative: " + seed);
        }
        this.practice = practice;
        this.seed = seed;
    }

    public Practice practice() {
        return practice;
    }

    /** The identifier value of patient {@code index}: {@code <alias>-<seed>-<index, 6 digits>}. */
    public String patientKey(int index) {
        return practice.alias() + "-" + seed + "-" + String.format(Locale.ROOT, "%06d", index);
    }

    /**
     * Patients {@code 0..count-1} as transaction bundles of at most {@code maxBytes} bytes of
     * compact JSON each (a patient and its records always share a bundle; a patient alone larger
     * than the limit, which the generator does not produce at sensible limits, is refused).
     */
    public List<ObjectNode> bundles(int count, int maxBytes) {
        if (count < 0) {
            throw new IllegalArgumentException("patient count must not be negative: " + count);
        }
        List<ObjectNode> out = new ArrayList<>();
        List<ObjectNode> entries = new ArrayList<>();
        int size = bundle(List.of()).toString().length();
        final int empty = size;
        for (int i = 0; i < count; i++) {
            List<ObjectNode> patient = patientEntries(i);
            int bytes = 0;
            for (ObjectNode e : patient) {
                bytes += utf8Length(e) + 1;
            }
            if (empty + bytes > maxBytes) {
                throw new IllegalArgumentException("patient " + i + " alone needs " + (empty + bytes)
                        + " bytes, more than the bundle limit " + maxBytes);
            }
            if (size + bytes > maxBytes && !entries.isEmpty()) {
                out.add(bundle(entries));
                entries = new ArrayList<>();
                size = empty;
            }
            entries.addAll(patient);
            size += bytes;
        }
        if (!entries.isEmpty()) {
            out.add(bundle(entries));
        }
        return out;
    }

    /** One transaction bundle of the given entries. */
    public static ObjectNode bundle(List<ObjectNode> entries) {
        ObjectNode b = F.objectNode();
        b.put("resourceType", "Bundle");
        b.put("type", "transaction");
        ArrayNode a = b.putArray("entry");
        entries.forEach(a::add);
        return b;
    }

    /** Compact JSON bytes (UTF-8) of a bundle or resource: the same for the same input. */
    public static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int utf8Length(ObjectNode node) {
        return bytes(node).length;
    }

    // ------------------------------------------------------------------------------------------
    // One patient

    /** The bundle entries of patient {@code index}: the patient first, then its records. */
    public List<ObjectNode> patientEntries(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("patient index must not be negative: " + index);
        }
        return new PatientBuilder(index).build();
    }

    private final class PatientBuilder {
        final int index;
        final String key;
        final Random rnd;
        final List<ObjectNode> entries = new ArrayList<>();
        String patientUrl;
        LocalDate birth;
        boolean female;
        double sizeFactor;
        double heightFactor;

        PatientBuilder(int index) {
            this.index = index;
            this.key = patientKey(index);
            this.rnd = new Random(seedOf(practice.alias() + "|" + seed + "|" + index));
        }

        List<ObjectNode> build() {
            int age = age();
            birth = AS_OF.minusYears(age).minusDays(rnd.nextInt(365));
            double genderDraw = rnd.nextDouble();
            female = genderDraw < 0.51;
            String gender = genderDraw < 0.51 ? "female" : genderDraw < 0.995 ? "male" : "other";
            sizeFactor = clamp(rnd.nextGaussian(), -2, 2.5);
            heightFactor = clamp(rnd.nextGaussian(), -2, 2);
            patient(gender);

            // Visits over the last three years (since birth for infants), oldest first.
            LocalDate first = later(birth.plusDays(3), AS_OF.minusYears(3));
            long span = ChronoUnit.DAYS.between(first, AS_OF);
            int visits = switch (practice.profile()) {
                case CARDIOLOGY -> 1 + rnd.nextInt(4);
                case PEDIATRICS -> age < 2 ? 2 + rnd.nextInt(3) : 1 + rnd.nextInt(3);
                case FAMILY -> 1 + rnd.nextInt(age >= 60 ? 5 : 3);
            };
            List<LocalDate> days = new ArrayList<>();
            for (int v = 0; v < visits; v++) {
                days.add(first.plusDays(span <= 0 ? 0 : (long) (rnd.nextDouble() * span)));
            }
            days.sort(null);

            // Problems: chronic ones diagnosed at some visit (or before the first), acute ones at a sick visit.
            List<Diagnosis> diagnoses = new ArrayList<>();
            int ageAtFirstVisit = (int) ChronoUnit.YEARS.between(birth, days.get(0));
            for (Vocabulary.Problem p : Vocabulary.PROBLEMS) {
                if (age < p.minAge() || ageAtFirstVisit > p.maxAge()) {
                    continue;
                }
                double chance = p.prevalence() * (practice.profile() == Profile.CARDIOLOGY && isCardiac(p) ? 2.0 : 1.0);
                if (rnd.nextDouble() < chance) {
                    diagnoses.add(new Diagnosis(p, rnd.nextInt(days.size())));
                }
                if (diagnoses.size() == 4) {
                    break;
                }
            }

            String coverageUrl = coverage(age, days.get(0));
            for (int v = 0; v < days.size(); v++) {
                LocalDateTime start = days.get(v).atTime(8 + rnd.nextInt(9), rnd.nextInt(4) * 15);
                int visit = v;
                boolean sick = diagnoses.stream().anyMatch(d -> d.visit == visit && !d.problem.chronic());
                boolean preventive = !sick && (v == 0 || rnd.nextDouble() < 0.4);
                String encounterUrl = encounter(v, start, sick, preventive, v == 0);
                List<String> problemUrls = new ArrayList<>();
                for (Diagnosis d : diagnoses) {
                    if (d.visit == v) {
                        d.url = condition(d, start);
                    }
                    if (d.url != null && (d.visit == v || d.problem.chronic())) {
                        problemUrls.add(d.url);
                    }
                }
                vitals(v, start, encounterUrl, sick, diagnoses);
                claim(v, start, encounterUrl, coverageUrl, sick, preventive, v == 0, diagnoses, problemUrls);
            }
            return entries;
        }

        int age() {
            return switch (practice.profile()) {
                case PEDIATRICS -> Math.min(17, (int) Math.floor(Math.abs(rnd.nextGaussian()) * 7));
                case CARDIOLOGY -> (int) Math.round(clamp(68 + rnd.nextGaussian() * 12, 35, 95));
                case FAMILY -> {
                    double d = rnd.nextDouble();
                    yield d < 0.2 ? rnd.nextInt(18) : d < 0.85 ? 18 + rnd.nextInt(47) : 65 + rnd.nextInt(31);
                }
            };
        }

        double ageOn(LocalDate day) {
            return ChronoUnit.DAYS.between(birth, day) / 365.25;
        }

        void patient(String gender) {
            ObjectNode p = resource("Patient");
            ArrayNode ids = p.putArray("identifier");
            ObjectNode id = ids.addObject();
            id.put("use", "usual");
            ObjectNode type = id.putObject("type");
            type.set("coding", F.arrayNode().add(coding("http://terminology.hl7.org/CodeSystem/v2-0203", "MR", "Medical record number")));
            type.put("text", "Demo MRN");
            id.put("system", PATIENT_SYSTEM);
            id.put("value", key);
            p.put("active", true);
            List<String> givenList = female || (!"male".equals(gender) && rnd.nextBoolean())
                    ? Vocabulary.GIVEN_FEMALE : Vocabulary.GIVEN_MALE;
            String family = pick(Vocabulary.FAMILY);
            String given = pick(givenList);
            ObjectNode name = p.putArray("name").addObject();
            name.put("use", "official");
            name.put("family", family);
            ArrayNode givens = name.putArray("given");
            givens.add(given);
            if (rnd.nextDouble() < 0.4) {
                String middle = pick(givenList);
                if (!middle.equals(given)) { // no "Sage Sage"; the same draws either way
                    givens.add(middle);
                }
            }
            ObjectNode phone = p.putArray("telecom").addObject();
            phone.put("system", "phone");
            phone.put("value", "555-01" + String.format(Locale.ROOT, "%02d", rnd.nextInt(100)));
            phone.put("use", rnd.nextBoolean() ? "mobile" : "home");
            p.put("gender", gender);
            p.put("birthDate", birth.toString());
            ObjectNode address = p.putArray("address").addObject();
            address.put("use", "home");
            address.putArray("line").add((10 + rnd.nextInt(990)) + " " + pick(Vocabulary.STREETS) + " " + pick(Vocabulary.STREET_TYPES));
            address.put("city", pick(Vocabulary.TOWNS));
            address.put("state", "ZZ");
            address.put("postalCode", String.format(Locale.ROOT, "%05d", 100 + rnd.nextInt(900)));
            address.put("country", "US");
            patientUrl = add(p, "Patient", PATIENT_SYSTEM, key);
        }

        String coverage(int age, LocalDate firstVisit) {
            Vocabulary.Payer payer = age >= 65 ? Vocabulary.SENIOR_PAYER
                    : age < 18 && rnd.nextDouble() < 0.35 ? Vocabulary.CHILD_PAYER
                    : pick(Vocabulary.PRIVATE_PAYERS);
            String idValue = key + "-COV";
            ObjectNode c = resource("Coverage");
            c.putArray("identifier").add(identifier(COVERAGE_SYSTEM, idValue));
            c.put("status", "active");
            ObjectNode type = c.putObject("type");
            type.set("coding", F.arrayNode().add(coding("http://terminology.hl7.org/CodeSystem/v3-ActCode",
                    payer.coverageType(), payer.coverageTypeDisplay())));
            c.put("subscriberId", payer.code() + String.format(Locale.ROOT, "%09d", rnd.nextInt(1_000_000_000)));
            c.set("beneficiary", reference(patientUrl));
            ObjectNode rel = c.putObject("relationship");
            String relationship = age < 18 ? "child" : "self";
            rel.set("coding", F.arrayNode().add(coding("http://terminology.hl7.org/CodeSystem/subscriber-relationship",
                    relationship, age < 18 ? "Child" : "Self")));
            LocalDate start = later(birth, firstVisit.minusDays(30 + rnd.nextInt(700)));
            c.putObject("period").put("start", start.toString());
            ObjectNode payor = c.putArray("payor").addObject();
            payor.set("identifier", identifier(PAYER_SYSTEM, payer.code()));
            payor.put("display", payer.name());
            return add(c, "Coverage", COVERAGE_SYSTEM, idValue);
        }

        String encounter(int v, LocalDateTime start, boolean sick, boolean preventive, boolean firstVisit) {
            String idValue = key + "-E" + String.format(Locale.ROOT, "%02d", v + 1);
            ObjectNode e = resource("Encounter");
            e.putArray("identifier").add(identifier(ENCOUNTER_SYSTEM, idValue));
            e.put("status", "finished");
            e.set("class", coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"));
            ObjectNode type = e.putArray("type").addObject();
            String[] t = sick ? new String[]{"185345009", "Encounter for symptom", "Sick visit"}
                    : preventive ? new String[]{"185349003", "Encounter for check up", "Check-up"}
                    : new String[]{"390906007", "Follow-up encounter", "Follow-up"};
            type.set("coding", F.arrayNode().add(coding(SNOMED, t[0], t[1])));
            type.put("text", firstVisit ? t[2] + " (new patient)" : t[2]);
            e.set("subject", reference(patientUrl));
            ObjectNode period = e.putObject("period");
            period.put("start", instant(start));
            period.put("end", instant(start.plusMinutes(20 + rnd.nextInt(3) * 10)));
            ObjectNode provider = e.putObject("serviceProvider");
            provider.set("identifier", identifier(PRACTICE_SYSTEM, practice.alias()));
            provider.put("display", practice.name());
            return add(e, "Encounter", ENCOUNTER_SYSTEM, idValue);
        }

        String condition(Diagnosis d, LocalDateTime visit) {
            String idValue = key + "-P-" + d.problem.key();
            ObjectNode c = resource("Condition");
            c.putArray("identifier").add(identifier(CONDITION_SYSTEM, idValue));
            LocalDate resolved = d.problem.chronic() ? null : visit.toLocalDate().plusDays(7 + rnd.nextInt(14));
            if (resolved != null && resolved.isAfter(AS_OF)) {
                resolved = null;
            }
            c.set("clinicalStatus", concept("http://terminology.hl7.org/CodeSystem/condition-clinical",
                    resolved == null ? "active" : "resolved", resolved == null ? "Active" : "Resolved"));
            c.set("verificationStatus", concept("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", "Confirmed"));
            c.putArray("category").add(concept("http://terminology.hl7.org/CodeSystem/condition-category",
                    "problem-list-item", "Problem List Item"));
            ObjectNode code = c.putObject("code");
            code.set("coding", F.arrayNode()
                    .add(coding(SNOMED, d.problem.snomed(), d.problem.snomedDisplay()))
                    .add(coding(ICD10, d.problem.icd10(), d.problem.icd10Display())));
            code.put("text", d.problem.snomedDisplay());
            c.set("subject", reference(patientUrl));
            c.set("encounter", reference(lastEncounterUrl));
            LocalDate onset = d.problem.chronic()
                    ? later(birth.plusYears(d.problem.minAge()), visit.toLocalDate().minusDays(rnd.nextInt(3 * 365)))
                    : visit.toLocalDate().minusDays(1 + rnd.nextInt(5));
            onset = later(birth, onset);
            c.put("onsetDateTime", (onset.isAfter(visit.toLocalDate()) ? visit.toLocalDate() : onset).toString());
            if (resolved != null) {
                c.put("abatementDateTime", resolved.toString());
            }
            c.put("recordedDate", visit.toLocalDate().toString());
            return add(c, "Condition", CONDITION_SYSTEM, idValue);
        }

        void vitals(int v, LocalDateTime start, String encounterUrl, boolean sick, List<Diagnosis> diagnoses) {
            LocalDateTime at = start.plusMinutes(5);
            double a = ageOn(start.toLocalDate());
            boolean hypertensive = diagnoses.stream().anyMatch(d -> d.problem.key().equals("htn") && d.visit <= v);
            boolean afib = diagnoses.stream().anyMatch(d -> d.problem.key().equals("afib") && d.visit <= v);
            boolean obese = diagnoses.stream().anyMatch(d -> d.problem.key().equals("obesity"));
            String prefix = key + "-E" + String.format(Locale.ROOT, "%02d", v + 1) + "-";

            double height = height(a);
            double weight = weight(a, height, obese);
            if (a >= 3) {
                int[] bp = bloodPressure(a, hypertensive);
                ObjectNode o = observation(prefix + "BP", "85354-9", "Blood pressure panel with all children optional",
                        "Blood pressure", encounterUrl, at);
                ArrayNode comps = o.putArray("component");
                comps.add(component("8480-6", "Systolic blood pressure", bp[0], 0, "mm[Hg]", "mm[Hg]"));
                comps.add(component("8462-4", "Diastolic blood pressure", bp[1], 0, "mm[Hg]", "mm[Hg]"));
                add(o, "Observation", OBSERVATION_SYSTEM, prefix + "BP");
            }
            double hr = a < 1 ? 110 + rnd.nextInt(50) : a < 6 ? 85 + rnd.nextInt(40) : a < 13 ? 70 + rnd.nextInt(35)
                    : afib ? 75 + rnd.nextInt(45) : 58 + rnd.nextInt(38);
            if (sick) {
                hr += 8;
            }
            vital(prefix + "HR", "8867-4", "Heart rate", hr, 0, "/min", "/min", encounterUrl, at);
            vital(prefix + "WT", "29463-7", "Body weight", weight, 1, "kg", "kg", encounterUrl, at);
            if (a < 18 || v == 0) {
                vital(prefix + "HT", "8302-2", "Body height", height, 1, "cm", "cm", encounterUrl, at);
                if (a >= 2) {
                    vital(prefix + "BMI", "39156-5", "Body mass index (BMI) [Ratio]", weight / Math.pow(height / 100, 2), 1,
                            "kg/m2", "kg/m2", encounterUrl, at);
                }
            }
            if (sick || a < 6) {
                double temp = sick ? 37.6 + rnd.nextDouble() * 1.8 : 36.4 + rnd.nextDouble() * 0.9;
                vital(prefix + "TEMP", "8310-5", "Body temperature", temp, 1, "Cel", "Cel", encounterUrl, at);
                double rr = a < 1 ? 30 + rnd.nextInt(20) : a < 6 ? 22 + rnd.nextInt(10) : 12 + rnd.nextInt(9);
                vital(prefix + "RR", "9279-1", "Respiratory rate", rr + (sick ? 2 : 0), 0, "/min", "/min", encounterUrl, at);
            }
        }

        /** Median height by age (rough growth curve), spread by the patient's own factor. */
        double height(double a) {
            double median;
            if (a < 1) {
                median = 50 + 25 * a;
            } else if (a < 2) {
                median = 75 + 12 * (a - 1);
            } else if (a < 12) {
                median = 87 + 6 * (a - 2);
            } else if (a < 18) {
                median = 147 + (female ? 2.7 : 4.8) * (a - 12);
            } else {
                median = female ? 163 : 176;
            }
            double shrink = a > 70 ? (a - 70) * 0.12 : 0;
            return median * (1 + 0.04 * heightFactor) - shrink;
        }

        /** Weight from height: a plausible BMI for the age, spread by the patient's own factor. */
        double weight(double a, double height, boolean obese) {
            double bmi;
            if (a < 1) {
                return (3.4 + 6.6 * a) * (1 + 0.08 * sizeFactor);
            } else if (a < 2) {
                bmi = 16.5;
            } else if (a < 10) {
                bmi = 15.8 + 0.15 * (a - 2);
            } else if (a < 18) {
                bmi = 17 + 0.55 * (a - 10);
            } else {
                bmi = 24 + Math.min(4, (a - 18) * 0.08);
            }
            bmi *= 1 + 0.1 * sizeFactor;
            if (obese) {
                bmi = Math.max(bmi, a < 18 ? 25 : 31 + rnd.nextDouble() * 4);
            }
            return bmi * Math.pow(height / 100, 2);
        }

        int[] bloodPressure(double a, boolean hypertensive) {
            int systolic;
            int diastolic;
            if (a < 13) {
                systolic = 90 + (int) (a * 1.5) + rnd.nextInt(12);
                diastolic = 52 + (int) a + rnd.nextInt(10);
            } else if (hypertensive) {
                systolic = 134 + rnd.nextInt(30);
                diastolic = 82 + rnd.nextInt(16);
            } else {
                systolic = 104 + (int) Math.min(20, Math.max(0, a - 20) * 0.3) + rnd.nextInt(22);
                diastolic = 64 + rnd.nextInt(18);
            }
            return new int[]{systolic, Math.min(diastolic, systolic - 25)};
        }

        void claim(int v, LocalDateTime start, String encounterUrl, String coverageUrl, boolean sick, boolean preventive,
                   boolean newPatient, List<Diagnosis> diagnoses, List<String> problemUrls) {
            String idValue = key + "-C" + String.format(Locale.ROOT, "%02d", v + 1);
            int age = (int) ageOn(start.toLocalDate());
            ObjectNode c = resource("Claim");
            c.putArray("identifier").add(identifier(CLAIM_SYSTEM, idValue));
            c.put("status", "active");
            c.set("type", concept("http://terminology.hl7.org/CodeSystem/claim-type", "professional", "Professional"));
            c.put("use", "claim");
            c.set("patient", reference(patientUrl));
            ObjectNode billable = c.putObject("billablePeriod");
            billable.put("start", start.toLocalDate().toString());
            billable.put("end", start.toLocalDate().toString());
            LocalDate created = start.toLocalDate().plusDays(rnd.nextInt(3));
            c.put("created", (created.isAfter(AS_OF) ? AS_OF : created).toString());
            ObjectNode provider = c.putObject("provider");
            provider.set("identifier", identifier(PRACTICE_SYSTEM, practice.alias()));
            provider.put("display", practice.name());
            c.set("priority", concept("http://terminology.hl7.org/CodeSystem/processpriority", "normal", "Normal"));
            ObjectNode insurance = c.putArray("insurance").addObject();
            insurance.put("sequence", 1);
            insurance.put("focal", true);
            insurance.set("coverage", reference(coverageUrl));

            ArrayNode diagnosisArray = c.putArray("diagnosis");
            int seq = 0;
            for (String url : problemUrls) {
                ObjectNode d = diagnosisArray.addObject();
                d.put("sequence", ++seq);
                d.set("diagnosisReference", reference(url));
                if (seq == 4) {
                    break;
                }
            }
            if (seq == 0) {
                ObjectNode d = diagnosisArray.addObject();
                d.put("sequence", ++seq);
                String[] z = age < 18 ? new String[]{"Z00.129", "Encounter for routine child health examination without abnormal findings"}
                        : new String[]{"Z00.00", "Encounter for general adult medical examination without abnormal findings"};
                ObjectNode concept = d.putObject("diagnosisCodeableConcept");
                concept.set("coding", F.arrayNode().add(coding(ICD10, z[0], z[1])));
            }

            List<Vocabulary.Service> services = new ArrayList<>();
            if (preventive && !newPatient) {
                services.add(Vocabulary.preventive(age));
            } else if (newPatient) {
                services.add(problemUrls.size() > 1 ? Vocabulary.NEW_MODERATE : Vocabulary.NEW_LOW);
            } else {
                services.add(problemUrls.size() > 1 ? Vocabulary.EST_MODERATE : Vocabulary.EST_LOW);
            }
            if (practice.profile() == Profile.CARDIOLOGY && (newPatient || rnd.nextDouble() < 0.3)) {
                services.add(Vocabulary.ECG);
            }
            if (sick && diagnoses.stream().anyMatch(d -> d.visit == v && d.problem.key().equals("pharyngitis"))) {
                services.add(Vocabulary.STREP_TEST);
            }
            if (preventive && age < 18 && rnd.nextDouble() < 0.5) {
                services.add(Vocabulary.IMMUNIZATION);
            }
            if (age >= 40 && preventive && rnd.nextDouble() < 0.5) {
                services.add(Vocabulary.VENIPUNCTURE);
            }
            ArrayNode items = c.putArray("item");
            long total = 0;
            for (int i = 0; i < services.size(); i++) {
                Vocabulary.Service s = services.get(i);
                ObjectNode item = items.addObject();
                item.put("sequence", i + 1);
                ArrayNode pointers = item.putArray("diagnosisSequence");
                for (int d = 1; d <= Math.min(seq, 4); d++) {
                    pointers.add(d);
                }
                ObjectNode product = item.putObject("productOrService");
                product.set("coding", F.arrayNode().add(coding(CPT, s.cpt(), s.display())));
                product.put("text", s.display());
                item.put("servicedDate", start.toLocalDate().toString());
                item.set("unitPrice", money(s.cents()));
                item.set("net", money(s.cents()));
                item.putArray("encounter").add(reference(encounterUrl));
                total += s.cents();
            }
            c.set("total", money(total));
            add(c, "Claim", CLAIM_SYSTEM, idValue);
        }

        // ---- helpers ----

        String lastEncounterUrl;

        ObjectNode observation(String idValue, String loinc, String display, String text, String encounterUrl, LocalDateTime at) {
            ObjectNode o = resource("Observation");
            o.putArray("identifier").add(identifier(OBSERVATION_SYSTEM, idValue));
            o.put("status", "final");
            o.putArray("category").add(concept("http://terminology.hl7.org/CodeSystem/observation-category",
                    "vital-signs", "Vital Signs"));
            ObjectNode code = o.putObject("code");
            code.set("coding", F.arrayNode().add(coding(LOINC, loinc, display)));
            if (!text.equals(display)) {
                code.put("text", text);
            }
            o.set("subject", reference(patientUrl));
            o.set("encounter", reference(encounterUrl));
            o.put("effectiveDateTime", instant(at));
            return o;
        }

        void vital(String idValue, String loinc, String display, double value, int decimals, String unit, String ucum,
                   String encounterUrl, LocalDateTime at) {
            ObjectNode o = observation(idValue, loinc, display, display, encounterUrl, at);
            o.set("valueQuantity", quantity(value, decimals, unit, ucum));
            add(o, "Observation", OBSERVATION_SYSTEM, idValue);
        }

        ObjectNode component(String loinc, String display, double value, int decimals, String unit, String ucum) {
            ObjectNode c = F.objectNode();
            ObjectNode code = c.putObject("code");
            code.set("coding", F.arrayNode().add(coding(LOINC, loinc, display)));
            c.set("valueQuantity", quantity(value, decimals, unit, ucum));
            return c;
        }

        ObjectNode resource(String type) {
            ObjectNode r = F.objectNode();
            r.put("resourceType", type);
            if (type.equals("Patient")) {
                ObjectNode tag = r.putObject("meta").putArray("tag").addObject();
                tag.put("system", "http://terminology.hl7.org/CodeSystem/v3-ActReason");
                tag.put("code", "HTEST");
                tag.put("display", "test health data");
            }
            return r;
        }

        /** Adds the entry (conditional create on its identifier) and returns its full URL. */
        String add(ObjectNode resource, String type, String system, String value) {
            String url = "urn:uuid:" + UUID.nameUUIDFromBytes(("practicekey-demo|" + practice.alias() + "|" + seed + "|"
                    + type + "|" + value).getBytes(StandardCharsets.UTF_8));
            ObjectNode entry = F.objectNode();
            entry.put("fullUrl", url);
            entry.set("resource", resource);
            ObjectNode request = entry.putObject("request");
            request.put("method", "POST");
            request.put("url", type);
            request.put("ifNoneExist", "identifier=" + system + "|" + value);
            entries.add(entry);
            if (type.equals("Encounter")) {
                lastEncounterUrl = url;
            }
            return url;
        }

        <T> T pick(List<T> list) {
            return list.get(rnd.nextInt(list.size()));
        }
    }

    private static final class Diagnosis {
        final Vocabulary.Problem problem;
        final int visit;
        String url;

        Diagnosis(Vocabulary.Problem problem, int visit) {
            this.problem = problem;
            this.visit = visit;
        }
    }

    private static boolean isCardiac(Vocabulary.Problem p) {
        return switch (p.key()) {
            case "htn", "hld", "cad", "afib", "hf" -> true;
            default -> false;
        };
    }

    private static ObjectNode coding(String system, String code, String display) {
        ObjectNode c = F.objectNode();
        c.put("system", system);
        c.put("code", code);
        c.put("display", display);
        return c;
    }

    private static ObjectNode concept(String system, String code, String display) {
        ObjectNode c = F.objectNode();
        c.set("coding", F.arrayNode().add(coding(system, code, display)));
        return c;
    }

    private static ObjectNode identifier(String system, String value) {
        ObjectNode i = F.objectNode();
        i.put("system", system);
        i.put("value", value);
        return i;
    }

    private static ObjectNode reference(String url) {
        ObjectNode r = F.objectNode();
        r.put("reference", url);
        return r;
    }

    private static ObjectNode quantity(double value, int decimals, String unit, String ucum) {
        ObjectNode q = F.objectNode();
        q.put("value", BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP));
        q.put("unit", unit);
        q.put("system", UCUM);
        q.put("code", ucum);
        return q;
    }

    private static ObjectNode money(long cents) {
        ObjectNode m = F.objectNode();
        m.put("value", BigDecimal.valueOf(cents, 2));
        m.put("currency", "USD");
        return m;
    }

    private static String instant(LocalDateTime t) {
        return t.atOffset(ZoneOffset.UTC).format(INSTANT);
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** A 64-bit seed from the text: the first 8 bytes of its SHA-256. */
    static long seedOf(String text) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(h).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
