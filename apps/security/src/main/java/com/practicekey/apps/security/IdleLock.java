package com.practicekey.apps.security;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The idle lock of contract section 6, kept in PostgreSQL (table {@code idle_session}) so that
 * every replica of the app agrees and none holds session state in memory. Per Keycloak session
 * ({@code sid}): the time of its last accepted request and, once it was idle for longer than its
 * timeout, the time it locked. A token of a locked session is refused unless the user signed in
 * with credentials after the lock ({@code auth_time}). The database clock is the only clock.
 */
@Singleton
public class IdleLock {

    private final TransactionOperations<Connection> tx;

    public IdleLock(TransactionOperations<Connection> tx) {
        this.tx = tx;
    }

    /** Records a request of the token's session; {@code false} when the session is locked for this token. */
    public boolean admit(VerifiedToken token) {
        return tx.executeWrite(status -> {
            Connection c = status.getConnection();
            try {
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO idle_session (sid, last_seen) VALUES (?, clock_timestamp()) ON CONFLICT (sid) DO NOTHING")) {
                    insert.setString(1, token.sessionId());
                    if (insert.executeUpdate() == 1) {
                        return true;
                    }
                }
                Timestamp lastSeen;
                Timestamp lockedAt;
                Timestamp now;
                try (PreparedStatement select = c.prepareStatement(
                        "SELECT last_seen, locked_at, clock_timestamp() FROM idle_session WHERE sid = ? FOR UPDATE")) {
                    select.setString(1, token.sessionId());
                    try (ResultSet rs = select.executeQuery()) {
                        rs.next();
                        lastSeen = rs.getTimestamp(1);
                        lockedAt = rs.getTimestamp(2);
                        now = rs.getTimestamp(3);
                    }
                }
                Instant idleSince = lastSeen.toInstant().plusSeconds(60L * token.idleTimeoutMinutes());
                Instant lock = lockedAt == null ? null : lockedAt.toInstant();
                if (now.toInstant().isAfter(idleSince) && (lock == null || idleSince.isAfter(lock))) {
                    lock = idleSince;
                }
                // Signed in with credentials after the lock (auth_time has whole seconds; an old
                // session's auth_time is at least one timeout before its lock).
                boolean admitted = lock == null || token.authTime().getEpochSecond() >= lock.getEpochSecond();
                try (PreparedStatement update = c.prepareStatement(
                        "UPDATE idle_session SET locked_at = ?, last_seen = CASE WHEN ? THEN clock_timestamp() ELSE last_seen END WHERE sid = ?")) {
                    update.setTimestamp(1, lock == null ? null : Timestamp.from(lock));
                    update.setBoolean(2, admitted);
                    update.setString(3, token.sessionId());
                    update.executeUpdate();
                }
                return admitted;
            } catch (SQLException e) {
                throw new IllegalStateException("idle lock state unavailable: " + e.getMessage(), e);
            }
        });
    }

    /**
     * Locks a session now (sign-out): every token of it whose {@code auth_time} is older is
     * refused from then on, by every replica.
     */
    public void end(String sessionId) {
        tx.executeWrite(status -> {
            try (PreparedStatement upsert = status.getConnection().prepareStatement(
                    "INSERT INTO idle_session (sid, last_seen, locked_at) VALUES (?, clock_timestamp(), clock_timestamp()) "
                            + "ON CONFLICT (sid) DO UPDATE SET locked_at = clock_timestamp()")) {
                upsert.setString(1, sessionId);
                upsert.executeUpdate();
                return null;
            } catch (SQLException e) {
                throw new IllegalStateException("idle lock state unavailable: " + e.getMessage(), e);
            }
        });
    }
}
