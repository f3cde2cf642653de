package com.practicekey.apps.fhir;

import com.practicekey.apps.web.ApiException;
import com.practicekey.apps.web.DataExceptionHandler;
import ca.uhn.fhir.context.FhirContext;
import com.practicekey.apps.audit.AuditTrail;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The course of one bundle's import, the same in every app (apps/README.md "FHIR import"): entries
 * of the app's types are matched to their records ({@link ImportSession}), every other one is
 * counted as ignored; the app maps each handled entry to its rows ({@link Mapping}); the session
 * counts the record and keeps its references to the outside; the app writes its rows
 * ({@link Writer}), then the matching keys and kept references are written; one {@code import}
 * audit entry per patient the bundle wrote to. Runs inside the caller's practice transaction:
 * any problem throws and the whole bundle is rolled back.
 */
@Singleton
public class BundleImporter {

    /** What an app does with one entry of a type it takes. */
    @FunctionalInterface
    public interface Mapping {
        /**
         * Adds the rows of {@code item}, whose record is {@code target}; answers the id of the
         * patient the entry belongs to (audited). A problem with the entry throws
         * {@link ImportSession#problem}.
         */
        UUID map(ImportSession session, FhirBundle.Item item, ImportSession.Target target);
    }

    /** Writes the app's rows of the bundle, table by table in the order of their foreign keys. */
    @FunctionalInterface
    public interface Writer {
        void write(Connection c) throws SQLException;
    }

    private final FhirContext fhir;
    private final TransactionOperations<Connection> tx;
    private final AuditTrail audit;

    public BundleImporter(FhirContext fhir, TransactionOperations<Connection> tx, AuditTrail audit) {
        this.fhir = fhir;
        this.tx = tx;
        this.audit = audit;
    }

    /** Imports the bundle's entries of {@code types}; call inside PracticeTransactions.inPractice. */
    public ImportResult importBundle(FhirBundle bundle, Set<String> types, Mapping mapping, Writer writer) {
        Connection c = tx.getConnection();
        ImportSession s = new ImportSession(fhir, c, bundle, types);
        List<FhirBundle.Item> items = s.handledItems();
        s.prepare(items);
        Set<UUID> patients = new LinkedHashSet<>();
        for (FhirBundle.Item item : items) {
            ImportSession.Target t = s.target(item);
            try {
                patients.add(mapping.map(s, item, t));
                s.touched(item.type(), t);
                s.keepOutsideReferences(item, t.id());
            } catch (SqlBatch.BadValue e) {
                throw ImportSession.problem(item, e.getMessage());
            }
        }
        try {
            writer.write(c);
            s.flush();
        } catch (SqlBatch.BadValue e) {
            throw ApiException.badRequest("bundle: " + e.getMessage());
        } catch (SQLException e) {
            String state = DataExceptionHandler.dataState(e);
            if (state != null) {
                // the entries' values were checked (Limits); PostgreSQL's message would quote the value
                throw ApiException.badRequest("bundle: " + DataExceptionHandler.MESSAGE + " (SQLState " + state + ")");
            }
            throw new IllegalStateException("import not written: " + e.getMessage(), e);
        }
        for (UUID p : patients) {
            audit.record("import", "patient", p, "success");
        }
        return s.result();
    }
}
