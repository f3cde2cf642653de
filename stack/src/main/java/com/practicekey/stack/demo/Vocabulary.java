package com.practicekey.stack.demo;

import java.util.List;

/**
 * The generator's word lists and code tables. Names, streets and towns are invented lists for
 * synthetic people (a random given name, family name and address do not describe anyone); codes
 * are the standard ones (LOINC, SNOMED CT, ICD-10-CM, CPT) with short displays of our own.
 */
final class Vocabulary {

    private Vocabulary() {
    }

    static final List<String> GIVEN_FEMALE = List.of(
            "Ada", "Alma", "Bea", "Carys", "Dalia", "Edie", "Elin", "Fern", "Greta", "Hana", "Ines", "Iris",
            "Juna", "Kaia", "Lark", "Lena", "Mabel", "Mira", "Nell", "Noor", "Opal", "Pia", "Quinn", "Rhea",
            "Sage", "Tova", "Una", "Vera", "Wren", "Yara", "Zoe", "Maren", "Talia", "Odette", "Liv", "Sunniva");

    static final List<String> GIVEN_MALE = List.of(
            "Abel", "Anso", "Bram", "Cyrus", "Dario", "Emil", "Ezra", "Finn", "Gideon", "Hugo", "Idris", "Jonah",
            "Kian", "Lars", "Milo", "Nico", "Otis", "Pavel", "Rafe", "Silas", "Tobin", "Ugo", "Vito", "Wade",
            "Xavi", "Yusuf", "Zane", "Arlo", "Colm", "Dov", "Elio", "Joss", "Leif", "Mattis", "Orrin", "Teo");

    /** Invented or rare-compound family names. */
    static final List<String> FAMILY = List.of(
            "Ashgrove", "Brackwell", "Calloway", "Dunmore", "Elderfield", "Fenwright", "Galloran", "Hartsell",
            "Ivesdale", "Jorvik", "Kestrane", "Larkmoor", "Marrowby", "Nettleford", "Oakhurst", "Pellham",
            "Quillon", "Rookwood", "Saltmarsh", "Thistleby", "Underhay", "Vantreese", "Westerlund", "Yarrowby",
            "Zellner", "Amberlin", "Birchall", "Copperfeld", "Driscane", "Emberly", "Foxmere", "Greystan",
            "Hollin", "Ironside", "Kettering", "Lindqvar", "Morrowell", "Northam", "Ostrander", "Pryderi");

    static final List<String> STREETS = List.of(
            "Alder", "Bramble", "Cobble", "Dunlin", "Ember", "Fallow", "Gorse", "Heron", "Juniper", "Kestrel",
            "Linden", "Marigold", "Nightjar", "Orchard", "Plover", "Quarry", "Rowan", "Sorrel", "Tansy", "Willow");

    static final List<String> STREET_TYPES = List.of("Street", "Avenue", "Lane", "Road", "Court", "Way");

    /** Invented towns; the state is the fictional "ZZ" of this data set. */
    static final List<String> TOWNS = List.of(
            "Alder Springs", "Brookhaven Falls", "Cinder Ridge", "Dovecote", "Elm Hollow", "Fernwick",
            "Glenmarsh", "Harrow Point");

    /** A problem the generator can put on a problem list. */
    record Problem(String key, String snomed, String snomedDisplay, String icd10, String icd10Display,
                   boolean chronic, int minAge, int maxAge, double prevalence) {
    }

    /**
     * Prevalence is the chance per patient in the age range (rough, for plausible lists, not
     * epidemiology); acute problems resolve.
     */
    static final List<Problem> PROBLEMS = List.of(
            new Problem("htn", "38341003", "Hypertensive disorder", "I10", "Essential (primary) hypertension", true, 30, 95, 0.35),
            new Problem("hld", "55822004", "Hyperlipidemia", "E78.5", "Hyperlipidemia, unspecified", true, 35, 95, 0.30),
            new Problem("t2d", "44054006", "Diabetes mellitus type 2", "E11.9", "Type 2 diabetes mellitus without complications", true, 35, 95, 0.14),
            new Problem("cad", "53741008", "Coronary arteriosclerosis", "I25.10", "Atherosclerotic heart disease of native coronary artery", true, 50, 95, 0.10),
            new Problem("afib", "49436004", "Atrial fibrillation", "I48.91", "Unspecified atrial fibrillation", true, 55, 95, 0.07),
            new Problem("hf", "84114007", "Heart failure", "I50.9", "Heart failure, unspecified", true, 60, 95, 0.05),
            new Problem("oa", "239873007", "Osteoarthritis of knee", "M17.9", "Osteoarthritis of knee, unspecified", true, 50, 95, 0.15),
            new Problem("gerd", "235595009", "Gastroesophageal reflux disease", "K21.9", "Gastro-esophageal reflux disease without esophagitis", true, 18, 95, 0.10),
            new Problem("obesity", "414916001", "Obesity", "E66.9", "Obesity, unspecified", true, 10, 95, 0.12),
            new Problem("anxiety", "197480006", "Anxiety disorder", "F41.9", "Anxiety disorder, unspecified", true, 12, 95, 0.08),
            new Problem("migraine", "37796009", "Migraine", "G43.909", "Migraine, unspecified", true, 10, 70, 0.07),
            new Problem("asthma", "195967001", "Asthma", "J45.909", "Unspecified asthma, uncomplicated", true, 2, 95, 0.08),
            new Problem("rhinitis", "61582004", "Allergic rhinitis", "J30.9", "Allergic rhinitis, unspecified", true, 3, 95, 0.10),
            new Problem("adhd", "406506008", "Attention deficit hyperactivity disorder", "F90.9", "ADHD, unspecified type", true, 5, 30, 0.06),
            new Problem("otitis", "65363002", "Otitis media", "H66.90", "Otitis media, unspecified", false, 0, 12, 0.25),
            new Problem("bronchitis", "10509002", "Acute bronchitis", "J20.9", "Acute bronchitis, unspecified", false, 2, 95, 0.10),
            new Problem("pharyngitis", "363746003", "Acute pharyngitis", "J02.9", "Acute pharyngitis, unspecified", false, 2, 95, 0.10));

    /** A billable service: CPT code, our short display, price in USD cents. */
    record Service(String cpt, String display, int cents) {
    }

    static final Service NEW_LOW = new Service("99203", "Office visit, new patient, low complexity", 15000);
    static final Service NEW_MODERATE = new Service("99204", "Office visit, new patient, moderate complexity", 23000);
    static final Service EST_LOW = new Service("99213", "Office visit, established patient, low complexity", 11000);
    static final Service EST_MODERATE = new Service("99214", "Office visit, established patient, moderate complexity", 16500);
    static final Service ECG = new Service("93000", "Electrocardiogram with interpretation", 4500);
    static final Service VENIPUNCTURE = new Service("36415", "Venipuncture", 1200);
    static final Service STREP_TEST = new Service("87880", "Rapid strep test", 2800);
    static final Service IMMUNIZATION = new Service("90460", "Immunization administration with counseling", 3500);

    /** Preventive visit by age, established patient. */
    static Service preventive(int age) {
        if (age < 1) {
            return new Service("99391", "Preventive visit, established patient, infant", 16000);
        } else if (age < 5) {
            return new Service("99392", "Preventive visit, established patient, age 1-4", 17000);
        } else if (age < 12) {
            return new Service("99393", "Preventive visit, established patient, age 5-11", 17000);
        } else if (age < 18) {
            return new Service("99394", "Preventive visit, established patient, age 12-17", 18000);
        } else if (age < 40) {
            return new Service("99395", "Preventive visit, established patient, age 18-39", 19000);
        } else if (age < 65) {
            return new Service("99396", "Preventive visit, established patient, age 40-64", 21000);
        }
        return new Service("99397", "Preventive visit, established patient, age 65 and over", 22500);
    }

    /** An invented payer. */
    record Payer(String code, String name, String coverageType, String coverageTypeDisplay) {
    }

    static final List<Payer> PRIVATE_PAYERS = List.of(
            new Payer("BWH", "Bluewater Health Plan", "HIP", "health insurance plan policy"),
            new Payer("NGM", "Northgate Mutual", "HIP", "health insurance plan policy"),
            new Payer("CVH", "Cedar Valley Health", "HIP", "health insurance plan policy"),
            new Payer("MCA", "Meridian Care Alliance", "HIP", "health insurance plan policy"));

    static final Payer SENIOR_PAYER = new Payer("FSP", "Federal Senior Plan (demo)", "PUBLICPOL", "public healthcare");
    static final Payer CHILD_PAYER = new Payer("SCP", "State Children's Plan (demo)", "PUBLICPOL", "public healthcare");
}
