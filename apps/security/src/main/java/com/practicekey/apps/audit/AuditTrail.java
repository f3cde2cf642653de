package com.practicekey.apps.audit;

import com.practicekey.apps.security.Caller;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The audit of protected health information: one append-only chain per practice (table
 * {@code audit_entry}) in which each entry carries the SHA-256 of its content and of the entry
 * before it, so that a changed, removed or inserted row breaks the chain. Entries are written in
 * the caller's practice transaction (see {@code PracticeTransactions}): a change and its entry
 * commit together or not at all. The table refuses UPDATE and DELETE.
 */
@Singleton
public class AuditTrail {

    public static final String GENESIS = "0".repeat(64);

    private final TransactionOperations<Connection> tx;

    public AuditTrail(TransactionOperations<Connection> tx) {
        this.tx = tx;
    }

    /** Appends an entry; must run inside a practice transaction. */
    public void record(String action, String recordType, Object recordId, String outcome) {
        Caller caller = Caller.current();
        Connection c = tx.getConnection();
        try {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('audit:' || ?))")) {
                lock.setString(1, caller.practice());
                lock.execute();
            }
            long seq = 0;
            String prev = GENESIS;
            try (PreparedStatement last = c.prepareStatement(
                    "SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1")) {
                try (ResultSet rs = last.executeQuery()) {
                    if (rs.next()) {
                        seq = rs.getLong(1);
                        prev = rs.getString(2);
                    }
                }
            }
            Entry e = new Entry(seq + 1, Instant.now().truncatedTo(ChronoUnit.MICROS), caller.subject(), action,
                    recordType, recordId == null ? null : recordId.toString(), outcome, prev, null);
            String hash = hash(caller.practice(), e);
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO audit_entry (seq, at, actor, action, record_type, record_id, outcome, prev_hash, hash) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setLong(1, e.seq());
                insert.setObject(2, e.at().atOffset(ZoneOffset.UTC));
                insert.setString(3, e.actor());
                insert.setString(4, e.action());
                insert.setString(5, e.recordType());
                insert.setString(6, e.recordId());
                insert.setString(7, e.outcome());
                insert.setString(8, e.prevHash());
                insert.setString(9, hash);
                insert.executeUpdate();
            }
        } catch (SQLException ex) {
            throw new IllegalStateException("audit entry not written: " + ex.getMessage(), ex);
        }
    }

    /** The chain of the caller's practice checked from its start, and one page of it (newest first). */
    public AuditReport report(int page, int size) {
        Caller caller = Caller.current();
        Connection c = tx.getConnection();
        try {
            long total = 0;
            boolean verified = true;
            Long brokenAt = null;
            String expectedPrev = GENESIS;
            long expectedSeq = 1;
            try (PreparedStatement all = c.prepareStatement(
                    "SELECT seq, at, actor, action, record_type, record_id, outcome, prev_hash, hash FROM audit_entry ORDER BY seq")) {
                all.setFetchSize(1000);
                try (ResultSet rs = all.executeQuery()) {
                    while (rs.next()) {
                        Entry e = read(rs);
                        total++;
                        if (verified) {
                            boolean ok = e.seq() == expectedSeq && e.prevHash().equals(expectedPrev)
                                    && hash(caller.practice(), e).equals(e.hash());
                            if (!ok) {
                                verified = false;
                                brokenAt = e.seq();
                            }
                        }
                        expectedPrev = e.hash();
                        expectedSeq = e.seq() + 1;
                    }
                }
            }
            List<Entry> entries = new ArrayList<>();
            try (PreparedStatement pageQuery = c.prepareStatement(
                    "SELECT seq, at, actor, action, record_type, record_id, outcome, prev_hash, hash FROM audit_entry "
                            + "ORDER BY seq DESC LIMIT ? OFFSET ?")) {
                pageQuery.setInt(1, size);
                pageQuery.setLong(2, (long) page * size);
                try (ResultSet rs = pageQuery.executeQuery()) {
                    while (rs.next()) {
                        entries.add(read(rs));
                    }
                }
            }
            return new AuditReport(verified, brokenAt, total, page, size, entries);
        } catch (SQLException ex) {
            throw new IllegalStateException("audit trail unreadable: " + ex.getMessage(), ex);
        }
    }

    private static Entry read(ResultSet rs) throws SQLException {
        return new Entry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9));
    }

    static String hash(String practice, Entry e) {
        String content = String.join("\n", practice, Long.toString(e.seq()), e.at().toString(), e.actor(), e.action(),
                e.recordType(), String.valueOf(e.recordId()), e.outcome(), e.prevHash());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
