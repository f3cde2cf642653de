package com.practicekey.apps.fhir;

import com.practicekey.apps.web.Limits;
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
    private final List<String> columns;
    private final List<Object[]> rows = new ArrayList<>();

    /** {@code sql} with parameters in the order of its column list ({@code INSERT INTO t (a, b) ...}), if it has one. */
    public SqlBatch(String sql) {
        this.sql = sql;
        int open = sql.indexOf('(');
        int close = sql.indexOf(')');
        this.columns = sql.startsWith("INSERT") && open > 0 && close > open
                ? List.of(sql.substring(open + 1, close).split(",\\s*")) : List.of();
    }

    /** A value of a row that the database would refuse or misstore ({@link Limits#problem}); names the column, not the value. */
    public static final class BadValue extends RuntimeException {
        private final String column;

        BadValue(String column, String problem) {
            super(column + ": " + problem, null, false, false);
            this.column = column;
        }

        public String column() {
            return column;
        }
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

    /** Adds a row; a value outside {@link Limits} throws {@link BadValue} naming its column. */
    public void add(Object... values) {
        for (int i = 0; i < values.length; i++) {
            String problem = Limits.problem(values[i]);
            if (problem != null) {
                throw new BadValue(i < columns.size() ? columns.get(i) : "value " + (i + 1), problem);
            }
        }
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
