package com.practicekey.apps.data;

import com.practicekey.apps.security.Caller;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * The one place where practice isolation happens. Every access to practice data runs in a
 * transaction that first binds the caller's practice to the connection
 * ({@code practicekey.practice}, transaction-local); PostgreSQL row-level security on every
 * practice table (see the migrations) then shows, changes and inserts only rows of that
 * practice, and fills {@code practice_id} of new rows. Code above this never names a practice
 * id, so no controller, service or query can forget it; a record of another practice simply
 * does not exist (404). Without a bound practice no row is visible at all.
 */
@Singleton
public class PracticeTransactions {

    private final TransactionOperations<Connection> tx;

    public PracticeTransactions(TransactionOperations<Connection> tx) {
        this.tx = tx;
    }

    /** Runs {@code work} in one transaction scoped to the calling request's practice; all or nothing. */
    public <T> T inPractice(Supplier<T> work) {
        String practice = Caller.current().practice();
        return tx.executeWrite(status -> {
            bind(status.getConnection(), practice);
            return work.get();
        });
    }

    static void bind(Connection c, String practice) {
        try (PreparedStatement s = c.prepareStatement("SELECT set_config('practicekey.practice', ?, true)")) {
            s.setString(1, practice);
            s.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot bind the practice to the transaction", e);
        }
    }
}
