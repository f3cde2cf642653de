package com.practicekey.stack.junit;

import com.practicekey.stack.Database;
import com.practicekey.stack.Dirs;
import com.practicekey.stack.KeycloakServer;
import com.practicekey.stack.KeycloakStack;
import com.practicekey.stack.Settings;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Backend A: the distribution zip Maven resolved, unpacked under the module's {@code target/},
 * started as a process on free ports with a fresh embedded PostgreSQL (or the configured one).
 */
final class DistributionServer extends PracticeKeyServer {

    private final Database database;
    private final KeycloakServer server;

    private DistributionServer(Database database, KeycloakServer server) {
        this.database = database;
        this.server = server;
    }

    static DistributionServer start(Path providerJar) {
        Path work = Path.of(Settings.get("practicekey.it.workdir", null, "target/keycloak-it")).toAbsolutePath();
        Path pgData = work.resolve("pgdata");
        Dirs.deleteTree(pgData);
        try {
            java.nio.file.Files.deleteIfExists(work.resolve("keycloak.log"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Database db = Database.start(pgData, 0);
        try {
            if (!db.isEmbedded()) {
                // A configured server is shared: start Keycloak on a database of its own each run.
                throw new IllegalStateException("a configured PostgreSQL (PK_DB_URL) is used by ./devstack; the tests "
                        + "always run on embedded PostgreSQL so that every run starts clean. Unset PK_DB_URL for tests.");
            }
            // Debug lines of PracticeKey's providers help when a test fails; the benchmarks turn
            // them off (-Dpracticekey.keycloak.logLevel=INFO) so that they measure what production logs.
            Map<String, String> options = Map.of("log-level",
                    Settings.get("practicekey.keycloak.logLevel", null, "INFO,com.practicekey:debug"));
            KeycloakServer server = KeycloakStack.start(work, sharedDistribution(), providerJar, db,
                    new KeycloakStack.Ports(0, 0, 0), "admin", options, Duration.ofMinutes(5));
            return new DistributionServer(db, server);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * Where test JVMs unpack and build the distribution: {@code target/keycloak-dist} of the
     * repository root (the folder with {@code .mvn}), so the modules' test JVMs, which run one
     * after the other, build the server once; {@code practicekey.it.distdir} overrides it.
     */
    static Path sharedDistribution() {
        String configured = Settings.get("practicekey.it.distdir", null, null);
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (java.nio.file.Files.isDirectory(p.resolve(".mvn"))) {
                return p.resolve("target/keycloak-dist");
            }
        }
        return dir.resolve("target/keycloak-dist");
    }

    @Override
    public URI baseUrl() {
        return server.httpUrl();
    }

    @Override
    public URI httpsUrl() {
        return server.httpsUrl();
    }

    @Override
    public Database database() {
        return database;
    }

    @Override
    public String adminUser() {
        return server.adminUser();
    }

    @Override
    public String adminPassword() {
        return server.adminPassword();
    }

    @Override
    public String logTail(int lines) {
        return server.logTail(lines);
    }

    @Override
    public String backend() {
        return "distribution";
    }

    @Override
    public boolean canRestart() {
        return true;
    }

    @Override
    protected void restartKeycloak() {
        server.restart(Duration.ofMinutes(5));
    }

    @Override
    public void stop() {
        try {
            server.close();
        } finally {
            database.close();
        }
    }
}
