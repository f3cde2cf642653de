package com.practicekey.clinical;

import com.practicekey.apps.fhir.BundleImporter;
import com.practicekey.apps.fhir.Fhir;
import com.practicekey.apps.fhir.FhirBundle;
import com.practicekey.apps.fhir.FhirPatients;
import com.practicekey.apps.fhir.ImportResult;
import com.practicekey.apps.fhir.ImportSession;
import com.practicekey.apps.fhir.SqlBatch;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumeration;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static com.practicekey.apps.fhir.ImportSession.problem;

/**
 * FHIR R4 bundle -> clinical records (apps/README.md "FHIR import" has the mapping). The course of
 * the import (matching, counts, kept references, audit) is apps/security's {@link BundleImporter};
 * it runs inside the caller's practice transaction: any problem throws and the whole bundle is
 * rolled back.
 */
@Singleton
public class FhirImporter {

    public static final Set<String> TYPES = Set.of("Patient", "Encounter", "Condition", "Observation", "Procedure",
            "MedicationRequest", "AllergyIntolerance");

    private static final List<String> KEEP = List.of("created_at");

    private final BundleImporter importer;

    public FhirImporter(BundleImporter importer) {
        this.importer = importer;
    }

    /** Imports the bundle; call inside PracticeTransactions.inPractice. */
    public ImportResult importBundle(FhirBundle bundle) {
        Rows rows = new Rows();
        return importer.importBundle(bundle, TYPES, (s, item, t) -> switch (item.type()) {
            case "Patient" -> patient(item, t, rows);
            case "Encounter" -> encounter(s, item, t, rows);
            case "Condition" -> condition(s, item, t, rows);
            case "Observation" -> observation(s, item, t, rows);
            case "Procedure" -> procedure(s, item, t, rows);
            case "MedicationRequest" -> medicationRequest(s, item, t, rows);
            case "AllergyIntolerance" -> allergy(s, item, t, rows);
            default -> throw new IllegalStateException(item.type());
        }, rows::write);
    }

    /** The rows of one bundle, written table by table in the order of their foreign keys. */
    private static final class Rows {
        final SqlBatch patient = SqlBatch.upsert("patient",
                List.of("id", "family_name", "given_name", "birth_date", "sex", "created_at", "updated_at"), KEEP);
        final SqlBatch encounter = SqlBatch.upsert("encounter", List.of("id", "patient_id", "encounter_date", "kind", "reason",
                "status", "class_code", "type_code", "started_at", "ended_at", "created_at", "updated_at"), KEEP);
        final SqlBatch problem = SqlBatch.upsert("problem", List.of("id", "patient_id", "encounter_id", "code_system", "code",
                "description", "status", "onset_date", "resolved_date", "created_at", "updated_at"), KEEP);
        final SqlBatch observation = SqlBatch.upsert("observation", List.of("id", "patient_id", "encounter_id", "status",
                "category", "code_system", "code", "display", "value", "unit", "value_code", "value_system", "value_text",
                "observed_at", "created_at"), KEEP);
        final SqlBatch component = new SqlBatch("INSERT INTO observation_component (observation_id, seq, code_system, code, display, "
                + "value, unit, value_code, value_system, value_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        final SqlBatch procedure = SqlBatch.upsert("procedure", List.of("id", "patient_id", "encounter_id", "status",
                "code_system", "code", "display", "performed_start", "performed_end", "created_at", "updated_at"), KEEP);
        final SqlBatch medication = SqlBatch.upsert("medication_request", List.of("id", "patient_id", "encounter_id", "status",
                "intent", "medication_system", "medication_code", "medication_display", "authored_on", "dosage_text",
                "created_at", "updated_at"), KEEP);
        final SqlBatch allergy = SqlBatch.upsert("allergy_intolerance", List.of("id", "patient_id", "encounter_id",
                "clinical_status", "verification_status", "type", "category", "criticality", "code_system", "code", "display",
                "recorded_at", "created_at", "updated_at"), KEEP);
        final List<UUID> replacedComponents = new ArrayList<>();
        final Instant now = Instant.now();

        void write(Connection c) throws SQLException {
            SqlBatch.forIds(c, "DELETE FROM observation_component WHERE observation_id = ANY(?)", replacedComponents);
            SqlBatch.runAll(c, patient, encounter, problem, observation, component, procedure, medication, allergy);
        }
    }

    private UUID patient(FhirBundle.Item item, ImportSession.Target t, Rows rows) {
        Patient p = (Patient) item.resource();
        FhirPatients.Demographics d = FhirPatients.demographics(item);
        String sex = p.hasGender() && p.getGender() != org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.NULL ? p.getGender().toCode() : "unknown";
        rows.patient.add(t.id(), d.familyName(), d.givenName(), d.birthDate(), sex, rows.now, rows.now);
        return t.id();
    }

    private UUID encounter(ImportSession s, FhirBundle.Item item, ImportSession.Target t, Rows rows) {
        Encounter e = (Encounter) item.resource();
        UUID patient = s.resolve(item, "subject", e.getSubject(), "Patient", true).orElseThrow();
        Instant start = Fhir.start(e.getPeriod());
        if (start == null) {
            throw problem(item, "period.start: required");
        }
        String classCode = e.hasClass_() ? e.getClass_().getCode() : null;
        CodeableConcept type = e.getType().isEmpty() ? null : e.getType().get(0);
        CodeableConcept reasonCode = e.getReasonCode().isEmpty() ? null : e.getReasonCode().get(0);
        String reason = Fhir.firstNonBlank(Fhir.text(reasonCode), Fhir.text(type), classCode, "unspecified");
        String status = switch (e.hasStatus() ? e.getStatus().toCode() : "") {
            case "finished", "cancelled", "entered-in-error" -> "closed";
            default -> "open";
        };
        rows.encounter.add(t.id(), patient, Fhir.date(e.getPeriod().getStartElement()), kind(classCode), reason, status, classCode,
                Fhir.code(type), start, Fhir.end(e.getPeriod()), rows.now, rows.now);
        return patient;
    }

    static String kind(String classCode) {
        if (classCode == null) {
            return "other";
        }
        return switch (classCode) {
            case "AMB" -> "office";
            case "VR" -> "telehealth";
            case "HH" -> "home";
            case "IMP", "EMER", "ACUTE", "NONAC", "OBSENC", "PRENC", "SS" -> "hospital";
            default -> "other";
        };
    }

    private UUID condition(ImportSession s, FhirBundle.Item item, ImportSession.Target t, Rows rows) {
        Condition cond = (Condition) item.resource();
        UUID patient = s.resolve(item, "subject", cond.getSubject(), "Patient", true).orElseThrow();
        UUID encounter = s.resolve(item, "encounter", cond.getEncounter(), "Encounter", false).orElse(null);
        String code = required(item, "code", Fhir.code(cond.getCode()));
        String clinical = Fhir.code(cond.getClinicalStatus());
        String status;
        if (clinical == null) {
            status = cond.hasAbatement() ? "resolved" : "active";
        } else {
            status = switch (clinical) {
                case "inactive", "remission", "resolved" -> "resolved";
                default -> "active";
            };
        }
        Instant onset = Fhir.instantOf(cond.getOnset());
        Instant abatement = cond.getAbatement() instanceof org.hl7.fhir.r4.model.Period per ? Fhir.end(per) : Fhir.instantOf(cond.getAbatement());
        rows.problem.add(t.id(), patient, encounter, Fhir.system(cond.getCode()), code, Fhir.text(cond.getCode()), status,
                Fhir.date(onset), Fhir.date(abatement), rows.now, rows.now);
        return patient;
    }

    private UUID observation(ImportSession s, FhirBundle.Item item, ImportSession.Target t, Rows rows) {
        Observation o = (Observation) item.resource();
        UUID patient = s.resolve(item, "subject", o.getSubject(), "Patient", true).orElseThrow();
        UUID encounter = s.resolve(item, "encounter", o.getEncounter(), "Encounter", false).orElse(null);
        String code = required(item, "code", Fhir.code(o.getCode()));
        Instant at = Fhir.instantOf(o.getEffective());
        if (at == null && o.hasIssued()) {
            at = o.getIssued().toInstant();
        }
        if (at == null) {
            throw problem(item, "effective[x]: a time (or issued) is required");
        }
        String category = null;
        for (CodeableConcept cc : o.getCategory()) {
            category = Fhir.code(cc);
            if (category != null) {
                break;
            }
        }
        category = category == null ? "other" : switch (category) {
            case "vital-signs" -> "vital";
            case "laboratory" -> "lab";
            default -> category;
        };
        Value v = value(item, "value[x]", o.getValue());
        rows.observation.add(t.id(), patient, encounter, o.hasStatus() ? o.getStatus().toCode() : null, category,
                Fhir.system(o.getCode()), code, Fhir.text(o.getCode()), v.number, v.unit, v.code, v.system, v.text, at, rows.now);
        if (t.existed()) {
            rows.replacedComponents.add(t.id());
        }
        int seq = 0;
        for (Observation.ObservationComponentComponent comp : o.getComponent()) {
            String compCode = required(item, "component[" + seq + "].code", Fhir.code(comp.getCode()));
            Value cv = value(item, "component[" + seq + "].value[x]", comp.getValue());
            rows.component.add(t.id(), ++seq, Fhir.system(comp.getCode()), compCode, Fhir.text(comp.getCode()),
                    cv.number, cv.unit, cv.code, cv.system, cv.text);
        }
        return patient;
    }

    private record Value(BigDecimal number, String unit, String code, String system, String text) {
    }

    private Value value(FhirBundle.Item item, String path, Type value) {
        if (value == null || value.isEmpty()) {
            return new Value(null, null, null, null, null);
        }
        if (value instanceof Quantity q) {
            return new Value(Fhir.value(q), Fhir.unit(q), null, null, null);
        }
        if (value instanceof CodeableConcept cc) {
            return new Value(null, null, Fhir.code(cc), Fhir.system(cc), Fhir.text(cc));
        }
        if (value instanceof IntegerType i) {
            return new Value(BigDecimal.valueOf(i.getValue()), null, null, null, null);
        }
        if (value instanceof StringType || value instanceof BooleanType || value instanceof PrimitiveType<?>) {
            return new Value(null, null, null, null, ((PrimitiveType<?>) value).getValueAsString());
        }
        throw problem(item, path + ": a " + value.fhirType() + " value is not imported");
    }

    private UUID procedure(ImportSession s, FhirBundle.Item item, ImportSession.Target t, Rows rows) {
        Procedure p = (Procedure) item.resource();
        UUID patient = s.resolve(item, "subject", p.getSubject(), "Patient", true).orElseThrow();
        UUID encounter = s.resolve(item, "encounter", p.getEncounter(), "Encounter", false).orElse(null);
        String code = required(item, "code", Fhir.code(p.getCode()));
        Instant start = Fhir.instantOf(p.getPerformed());
        Instant end = p.getPerformed() instanceof org.hl7.fhir.r4.model.Period per ? Fhir.end(per) : null;
        rows.procedure.add(t.id(), patient, encounter, p.hasStatus() ? p.getStatus().toCode() : "unknown", Fhir.system(p.getCode()),
                code, Fhir.text(p.getCode()), start, end, rows.now, rows.now);
        return patient;
    }

    private UUID medicationRequest(ImportSession s, FhirBundle.Item item, ImportSession.Target t, Rows rows) {
        MedicationRequest m = (MedicationRequest) item.resource();
        UUID patient = s.resolve(item, "subject", m.getSubject(), "Patient", true).orElseThrow();
        UUID encounter = s.resolve(item, "encounter", m.getEncounter(), "Encounter", false).orElse(null);
        CodeableConcept med = null;
        String display = null;
        if (m.hasMedicationCodeableConcept()) {
            med = m.getMedicationCodeableConcept();
        } else if (m.hasMedicationReference()) {
            FhirBundle.Item target = s.inBundle(m.getMedicationReference().getReference());
            if (target != null && target.resource() instanceof Medication medication) {
                med = medication.getCode();
            }
            display = Fhir.firstNonBlank(m.getMedicationReference().getDisplay(), m.getMedicationReference().getReference());
        }
        display = Fhir.firstNonBlank(Fhir.text(med), display);
        if (display == null) {
            throw problem(item, "medication[x]: a medication code or reference is required");
        }
        String dosage = m.getDosageInstruction().isEmpty() ? null : m.getDosageInstruction().get(0).getText();
        rows.medication.add(t.id(), patient, encounter, m.hasStatus() ? m.getStatus().toCode() : "unknown",
                m.hasIntent() ? m.getIntent().toCode() : "unknown", Fhir.system(med), Fhir.code(med), display,
                m.hasAuthoredOn() ? m.getAuthoredOn().toInstant() : null, dosage, rows.now, rows.now);
        return patient;
    }

    private UUID allergy(ImportSession s, FhirBundle.Item item, ImportSession.Target t, Rows rows) {
        AllergyIntolerance a = (AllergyIntolerance) item.resource();
        UUID patient = s.resolve(item, "patient", a.getPatient(), "Patient", true).orElseThrow();
        UUID encounter = s.resolve(item, "encounter", a.getEncounter(), "Encounter", false).orElse(null);
        String code = required(item, "code", Fhir.code(a.getCode()));
        String category = a.getCategory().stream().map(Enumeration::getCode).collect(Collectors.joining(","));
        rows.allergy.add(t.id(), patient, encounter, Fhir.code(a.getClinicalStatus()), Fhir.code(a.getVerificationStatus()),
                a.hasType() ? a.getType().toCode() : null, category.isEmpty() ? null : category,
                a.hasCriticality() ? a.getCriticality().toCode() : null, Fhir.system(a.getCode()), code, Fhir.text(a.getCode()),
                a.hasRecordedDate() ? a.getRecordedDate().toInstant() : null, rows.now, rows.now);
        return patient;
    }

    private static String required(FhirBundle.Item item, String path, String value) {
        if (value == null || value.isBlank()) {
            throw problem(item, path + ": a coded value is required");
        }
        return value;
    }

}
