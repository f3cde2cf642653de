package com.practicekey.billing;

import com.practicekey.apps.fhir.BundleImporter;
import com.practicekey.apps.fhir.Fhir;
import com.practicekey.apps.fhir.FhirBundle;
import com.practicekey.apps.fhir.FhirPatients;
import com.practicekey.apps.fhir.ImportResult;
import com.practicekey.apps.fhir.ImportSession;
import com.practicekey.apps.fhir.SqlBatch;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.ExplanationOfBenefit;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.PositiveIntType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static com.practicekey.apps.fhir.ImportSession.problem;

/**
 * FHIR R4 bundle -> billing records (apps/README.md "FHIR import" has the mapping): the bundle's
 * Patient as billing's own patient account, Coverage (also the one an ExplanationOfBenefit
 * contains), Claim with its items as claim lines, ExplanationOfBenefit. The course of the import
 * (matching, counts, kept references, audit) is apps/security's {@link BundleImporter}; it runs
 * inside the caller's practice transaction: any problem throws and the whole bundle is rolled back.
 */
@Singleton
public class FhirImporter {

    public static final Set<String> TYPES = Set.of("Patient", "Coverage", "Claim", "ExplanationOfBenefit");

    private static final List<String> KEEP = List.of("created_at");

    private final BundleImporter importer;

    public FhirImporter(BundleImporter importer) {
        this.importer = importer;
    }

    /** The rows of one bundle, written table by table in the order of their foreign keys. */
    private static final class Rows {
        final SqlBatch patient = SqlBatch.upsert("patient",
                List.of("id", "family_name", "given_name", "birth_date", "created_at", "updated_at"), KEEP);
        final SqlBatch coverage = SqlBatch.upsert("coverage", List.of("id", "patient_id", "payer_name", "plan_name", "member_id",
                "start_date", "end_date", "status", "created_at", "updated_at"), KEEP);
        final SqlBatch claim = SqlBatch.upsert("claim", List.of("id", "patient_id", "coverage_id", "service_date", "status",
                "total_charge", "paid_amount", "submitted_at", "decided_at", "claim_type", "created_at", "updated_at"), KEEP);
        final SqlBatch line = new SqlBatch("INSERT INTO claim_line (id, claim_id, line_no, procedure_code, diagnosis_code, units, charge) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)");
        final SqlBatch eob = SqlBatch.upsert("explanation_of_benefit", List.of("id", "patient_id", "claim_id", "coverage_id", "status",
                "outcome", "claim_type", "insurer", "service_date", "created_on", "total_submitted", "payment_amount",
                "created_at", "updated_at"), KEEP);
        final List<UUID> replacedLines = new ArrayList<>();
        final Set<UUID> coverageWritten = new HashSet<>();
        final Instant now = Instant.now();

        void write(Connection c) throws SQLException {
            SqlBatch.forIds(c, "DELETE FROM claim_line WHERE claim_id = ANY(?)", replacedLines);
            SqlBatch.runAll(c, patient, coverage, claim, line, eob);
        }
    }

    /** Imports the bundle; call inside PracticeTransactions.inPractice. */
    public ImportResult importBundle(FhirBundle bundle) {
        Rows rows = new Rows();
        return importer.importBundle(bundle, TYPES, (s, item, t) -> switch (item.type()) {
            case "Patient" -> patient(item, t, rows);
            case "Coverage" -> coverage(s, item, (Coverage) item.resource(), t, null, rows);
            case "Claim" -> claim(s, item, t, rows);
            case "ExplanationOfBenefit" -> eob(s, item, t, rows);
            default -> throw new IllegalStateException(item.type());
        }, rows::write);
    }

    private UUID patient(FhirBundle.Item item, ImportSession.Target t, Rows rows) {
        FhirPatients.Demographics d = FhirPatients.demographics(item);
        rows.patient.add(t.id(), d.familyName(), d.givenName(), d.birthDate(), rows.now, rows.now);
        return t.id();
    }

    private UUID coverage(ImportSession s, FhirBundle.Item item, Coverage cov, ImportSession.Target t, UUID knownPatient, Rows rows) {
        UUID patient = knownPatient != null ? knownPatient
                : s.resolve(item, "beneficiary", cov.getBeneficiary(), "Patient", true).orElseThrow();
        String payer = payer(cov);
        String plan = null;
        for (Coverage.ClassComponent k : cov.getClass_()) {
            if ("plan".equals(Fhir.code(k.getType()))) {
                plan = Fhir.firstNonBlank(k.getName(), k.getValue());
            }
        }
        plan = Fhir.firstNonBlank(plan, Fhir.text(cov.getType()));
        String member = Fhir.firstNonBlank(cov.getSubscriberId(),
                cov.getIdentifier().isEmpty() ? null : cov.getIdentifier().get(0).getValue());
        if (rows.coverageWritten.add(t.id())) {
            rows.coverage.add(t.id(), patient, payer, plan, member, Fhir.date(Fhir.start(cov.getPeriod())),
                    Fhir.date(Fhir.end(cov.getPeriod())), cov.hasStatus() ? cov.getStatus().toCode() : null, rows.now, rows.now);
        }
        return patient;
    }

    private static String payer(Coverage cov) {
        String payor = null;
        for (Reference r : cov.getPayor()) {
            payor = Fhir.firstNonBlank(payor, r.getDisplay());
        }
        return Fhir.firstNonBlank(payor, Fhir.text(cov.getType()), "unknown");
    }

    private UUID claim(ImportSession s, FhirBundle.Item item, ImportSession.Target t, Rows rows) {
        Claim cl = (Claim) item.resource();
        UUID patient = s.resolve(item, "patient", cl.getPatient(), "Patient", true).orElseThrow();
        Instant start = Fhir.start(cl.getBillablePeriod());
        LocalDate serviceDate = start != null ? Fhir.date(cl.getBillablePeriod().getStartElement()) : Fhir.date(cl.getCreatedElement());
        if (serviceDate == null) {
            throw problem(item, "billablePeriod.start or created: a service date is required");
        }
        String status = switch (cl.hasStatus() ? cl.getStatus().toCode() : "active") {
            case "draft" -> "draft";
            case "cancelled", "entered-in-error" -> "cancelled";
            default -> "submitted";
        };
        UUID coverage = null;
        for (Claim.InsuranceComponent ins : cl.getInsurance()) {
            if (coverage == null || ins.getFocal()) {
                coverage = s.resolve(item, "insurance.coverage", ins.getCoverage(), "Coverage", false).orElse(coverage);
            }
        }
        BigDecimal sum = BigDecimal.ZERO;
        Set<Integer> sequences = new HashSet<>();
        List<Object[]> lines = new ArrayList<>();
        int index = 0;
        for (Claim.ItemComponent it : cl.getItem()) {
            int seq = it.hasSequence() ? it.getSequence() : index + 1;
            if (!sequences.add(seq)) {
                throw problem(item, "item[" + index + "].sequence: " + seq + " is repeated");
            }
            int units = it.hasQuantity() && it.getQuantity().hasValue() ? Math.max(1, it.getQuantity().getValue().intValue()) : 1;
            BigDecimal charge = money(it.getNet());
            if (charge == null && it.hasUnitPrice()) {
                charge = money(it.getUnitPrice()).multiply(BigDecimal.valueOf(units));
            }
            charge = amount(item, "item[" + index + "].net", charge == null ? BigDecimal.ZERO : charge, BigDecimal.ZERO, MAX_LINE_CHARGE);
            sum = sum.add(charge);
            String diagnosis = "";
            for (PositiveIntType d : it.getDiagnosisSequence()) {
                for (Claim.DiagnosisComponent dc : cl.getDiagnosis()) {
                    if (dc.getSequence() == d.getValue() && dc.hasDiagnosisCodeableConcept() && diagnosis.isEmpty()) {
                        diagnosis = Fhir.firstNonBlank(Fhir.code(dc.getDiagnosisCodeableConcept()), "");
                    }
                }
            }
            lines.add(new Object[] {UUID.randomUUID(), t.id(), seq, Fhir.firstNonBlank(Fhir.code(it.getProductOrService()), ""),
                    diagnosis, units, Fhir.money(charge)});
            index++;
        }
        BigDecimal total = cl.hasTotal() && cl.getTotal().hasValue()
                ? amount(item, "total", Fhir.money(cl.getTotal().getValue()), MIN_CLAIM_TOTAL, MAX_TOTAL)
                : amount(item, "item[].net (their sum)", Fhir.money(sum), BigDecimal.ZERO, MAX_TOTAL);
        Instant created = cl.hasCreated() ? cl.getCreated().toInstant() : null;
        rows.claim.add(t.id(), patient, coverage, serviceDate, status, total, null,
                status.equals("draft") ? null : created, null, Fhir.code(cl.getType()), rows.now, rows.now);
        if (t.existed()) {
            rows.replacedLines.add(t.id());
        }
        for (Object[] l : lines) {
            rows.line.add(l);
        }
        return patient;
    }

    private UUID eob(ImportSession s, FhirBundle.Item item, ImportSession.Target t, Rows rows) {
        ExplanationOfBenefit e = (ExplanationOfBenefit) item.resource();
        UUID patient = s.resolve(item, "patient", e.getPatient(), "Patient", true).orElseThrow();
        UUID claim = s.resolve(item, "claim", e.getClaim(), "Claim", false).orElse(null);
        if (claim == null) {
            // Synthea names the claim by its id in an identifier (…/clm_id)
            for (Identifier id : e.getIdentifier()) {
                if (claim == null && id.hasSystem() && id.getSystem().endsWith("/clm_id") && id.hasValue()) {
                    claim = s.find("Claim", "Claim/" + id.getValue()).orElse(null);
                }
            }
        }
        UUID coverage = null;
        for (ExplanationOfBenefit.InsuranceComponent ins : e.getInsurance()) {
            if (coverage != null && !ins.getFocal()) {
                continue;
            }
            Reference ref = ins.getCoverage();
            if (ref.hasReference() && ref.getReference().startsWith("#")) {
                Coverage contained = contained(e, ref.getReference().substring(1));
                if (contained == null) {
                    throw problem(item, "insurance.coverage: references " + ref.getReference() + " which is not contained");
                }
                List<ImportSession.Key> keys = ImportSession.identifierKeys(contained);
                if (keys.isEmpty()) {
                    keys = List.of(ImportSession.Key.source("contained:" + patient + "|" + payer(contained)));
                }
                ImportSession.Target ct = s.match("Coverage", keys.subList(0, 1), keys);
                coverage(s, item, contained, ct, patient, rows);
                s.touched("Coverage", ct);
                coverage = ct.id();
            } else {
                coverage = s.resolve(item, "insurance.coverage", ref, "Coverage", false).orElse(coverage);
            }
        }
        BigDecimal submitted = null;
        for (ExplanationOfBenefit.TotalComponent tot : e.getTotal()) {
            if ("submitted".equals(Fhir.code(tot.getCategory()))) {
                submitted = amount(item, "total.amount", money(tot.getAmount()), BigDecimal.ZERO, MAX_TOTAL);
            }
        }
        BigDecimal payment = e.hasPayment() ? amount(item, "payment.amount", money(e.getPayment().getAmount()), BigDecimal.ZERO, MAX_TOTAL) : null;
        LocalDate service = e.hasBillablePeriod() && e.getBillablePeriod().hasStart() ? Fhir.date(e.getBillablePeriod().getStartElement()) : null;
        rows.eob.add(t.id(), patient, claim, coverage, e.hasStatus() ? e.getStatus().toCode() : "unknown",
                e.hasOutcome() ? e.getOutcome().toCode() : "unknown", Fhir.code(e.getType()),
                Fhir.firstNonBlank(e.getInsurer().getDisplay(), e.getInsurer().getReference()), service,
                Fhir.date(e.getCreatedElement()), submitted, payment, rows.now, rows.now);
        return patient;
    }

    private static Coverage contained(Resource owner, String id) {
        if (owner instanceof org.hl7.fhir.r4.model.DomainResource d) {
            for (Resource r : d.getContained()) {
                String rid = r.getIdElement().getIdPart();
                if (r instanceof Coverage cov && rid != null && (rid.equals(id) || rid.equals("#" + id))) {
                    return cov;
                }
            }
        }
        return null;
    }

    /** The JSON API's limits: a line's charge at most 1,000,000; a claim's total 0.01 to 10,000,000 (as a payment). */
    static final BigDecimal MAX_LINE_CHARGE = new BigDecimal("1000000");
    static final BigDecimal MIN_CLAIM_TOTAL = new BigDecimal("0.01");
    static final BigDecimal MAX_TOTAL = new BigDecimal("10000000");

    /** {@code v} (already rounded to cents) when null or in [min, max]; else the entry's 400 naming {@code path}. */
    static BigDecimal amount(FhirBundle.Item item, String path, BigDecimal v, BigDecimal min, BigDecimal max) {
        if (v != null && (v.compareTo(min) < 0 || v.compareTo(max) > 0)) {
            throw problem(item, path + ": must be between " + min.toPlainString() + " and " + max.toPlainString());
        }
        return v;
    }

    private static BigDecimal money(Money m) {
        return m == null || !m.hasValue() ? null : Fhir.money(m.getValue());
    }

}
