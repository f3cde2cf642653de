package com.practicekey.apps.fhir;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** What the import kept of a patient beyond the app's own columns: identifiers and outside references. */
@Singleton
public class FhirPatients {

    public static final String FHIR_JSON = "application/fhir+json";

    private final TransactionOperations<Connection> tx;

    public FhirPatients(TransactionOperations<Connection> tx) {
        this.tx = tx;
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
