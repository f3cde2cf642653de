package com.practicekey.apps.fhir;

import com.practicekey.apps.web.Limits;
import java.time.ZoneOffset;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Reference;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A patient as both apps take and give it in FHIR: the name and birth date an imported Patient
 * must have ({@link #demographics}), and a FHIR Patient of a record with what the import kept of it
 * beyond the app's own columns: identifiers and outside references ({@link #patient}).
 */
@Singleton
public class FhirPatients {

    public static final String FHIR_JSON = "application/fhir+json";

    private final TransactionOperations<Connection> tx;

    public FhirPatients(TransactionOperations<Connection> tx) {
        this.tx = tx;
    }

    /** The name and birth date of an imported Patient, as the apps' {@code patient} tables keep them. */
    public record Demographics(String familyName, String givenName, LocalDate birthDate) {
    }

    /**
     * The official (else first) name: {@code family}, and the {@code given} names joined by spaces
     * (one of them required); {@code birthDate} (required). A missing one is a problem of the entry.
     */
    public static Demographics demographics(FhirBundle.Item item) {
        Patient p = (Patient) item.resource();
        HumanName name = p.getName().stream().filter(n -> n.getUse() == HumanName.NameUse.OFFICIAL).findFirst()
                .orElse(p.getName().isEmpty() ? null : p.getName().get(0));
        String family = name == null || !name.hasFamily() ? "" : name.getFamily().trim();
        String given = name == null ? "" : name.getGiven().stream().map(PrimitiveType::getValue)
                .filter(v -> v != null && !v.isBlank()).map(String::trim).collect(Collectors.joining(" "));
        if (family.isEmpty() && given.isEmpty()) {
            throw ImportSession.problem(item, "name: a family or given name is required");
        }
        if (!p.hasBirthDate()) {
            throw ImportSession.problem(item, "birthDate: required");
        }
        text(item, "name.family", family);
        text(item, "name.given", given);
        LocalDate birthDate = Fhir.date(p.getBirthDateElement());
        if (!Limits.plausible(birthDate)) {
            throw ImportSession.problem(item, "birthDate: " + Limits.DATE_PROBLEM);
        }
        if (!birthDate.isBefore(LocalDate.now(ZoneOffset.UTC))) {
            throw ImportSession.problem(item, "birthDate: must be a past date");
        }
        return new Demographics(family, given, birthDate);
    }

    /** The limits of the JSON API's patient names: at most {@value #MAX_NAME} characters, no NUL. */
    public static final int MAX_NAME = 100;

    private static void text(FhirBundle.Item item, String path, String value) {
        if (value.length() > MAX_NAME) {
            throw ImportSession.problem(item, path + ": at most " + MAX_NAME + " characters");
        }
        if (!Limits.plausible(value)) {
            throw ImportSession.problem(item, path + ": " + Limits.NUL_PROBLEM);
        }
    }

    /**
     * The FHIR Patient of the app's record: {@link #withImported} and the record's name (given
     * names split at spaces) and birth date; call inside the practice transaction.
     */
    public Patient patient(UUID id, String familyName, String givenName, LocalDate birthDate) {
        Patient out = withImported(id);
        HumanName name = out.addName().setFamily(familyName.isEmpty() ? null : familyName);
        for (String given : givenName.split(" ")) {
            if (!given.isBlank()) {
                name.addGiven(given);
            }
        }
        out.setBirthDate(Date.valueOf(birthDate));
        return out;
    }

    /**
     * A FHIR Patient with the record's id, the identifiers it was imported with and its kept
     * generalPractitioner / managingOrganization references; call inside the practice transaction.
     */
    public Patient withImported(UUID id) {
        Patient p = new Patient();
        p.setId(id.toString());
        Connection c = tx.getConnection();
        try {
            try (PreparedStatement s = c.prepareStatement("SELECT system, value FROM fhir_match "
                    + "WHERE record_id = ? AND resource_type = 'Patient' AND kind = 'identifier' ORDER BY system, value")) {
                s.setObject(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        p.addIdentifier().setSystem(rs.getString(1)).setValue(rs.getString(2));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT path, reference FROM fhir_reference "
                    + "WHERE record_id = ? AND resource_type = 'Patient' ORDER BY seq")) {
                s.setObject(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Reference ref = new Reference(rs.getString(2));
                        switch (rs.getString(1)) {
                            case "generalPractitioner" -> p.addGeneralPractitioner(ref);
                            case "managingOrganization" -> p.setManagingOrganization(ref);
                            default -> { }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the patient's identifiers: " + e.getMessage(), e);
        }
        return p;
    }
}
