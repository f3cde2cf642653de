package com.practicekey.apps.fhir;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** One statement run for many rows in JDBC batches (the import writes thousands of rows per bundle). */
public final class SqlBatch {

    private final String sql;
    private final List<Object[]> rows = new ArrayList<>();

    public SqlBatch(String sql) {
        this.sql = sql;
    }

    /**
     * {@code INSERT INTO table (cols) VALUES (...) ON CONFLICT (practice_id, id) DO UPDATE} of every
     * column but {@code id} and those in {@code keepOnUpdate} (e.g. created_at).
     */
    public static SqlBatch upsert(String table, List<String> columns, List<String> keepOnUpdate) {
        StringBuilder s = new StringBuilder("INSERT INTO ").append(table).append(" (").append(String.join(", ", columns))
                .append(") VALUES (").append("?, ".repeat(columns.size() - 1)).append("?) ON CONFLICT (practice_id, id) DO UPDATE SET ");
        boolean first = true;
        for (String c : columns) {
            if (c.equals("id") || keepOnUpdate.contains(c)) {
                continue;
            }
            s.append(first ? "" : ", ").append(c).append(" = EXCLUDED.").append(c);
            first = false;
        }
        return new SqlBatch(s.toString());
    }

    public void add(Object... values) {
        rows.add(values);
    }

    public int size() {
        return rows.size();
    }

    public void run(Connection c) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int pending = 0;
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    set(s, i + 1, row[i]);
                }
                s.addBatch();
                if (++pending == 500) {
                    s.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                s.executeBatch();
            }
        }
        rows.clear();
    }

    /** Runs the batches in this order (that of their foreign keys). */
    public static void runAll(Connection c, SqlBatch... batches) throws SQLException {
        for (SqlBatch b : batches) {
            b.run(c);
        }
    }

    /**
     * Runs {@code sql}, a statement with one {@code uuid[]} parameter such as
     * {@code DELETE FROM claim_line WHERE claim_id = ANY(?)}, for {@code ids}; nothing when there are none.
     */
    public static void forIds(Connection c, String sql, Collection<UUID> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            s.executeUpdate();
        }
    }

    static void set(PreparedStatement s, int i, Object v) throws SQLException {
        if (v == null) {
            s.setNull(i, Types.NULL);
        } else if (v instanceof Instant instant) {
            s.setObject(i, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
        } else {
            s.setObject(i, v);
        }
    }
}
