package com.practicekey.stack;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./devstack}: the whole local stack in the foreground. PostgreSQL (embedded unless
 * {@code PK_DB_URL} is set), Keycloak with the providers, realm and demo data (HTTPS on 8443,
 * HTTP on 8080, both on loopback), then the apps. Prints {@code PracticeKey is ready} when
 * everything answers; Ctrl-C or SIGTERM stops everything. State lives under {@code .devstack/};
 * {@code --fresh} wipes it first.
 */
public final class DevStack {

    /** Set once Ctrl-C or SIGTERM starts the shutdown: children stopping then is expected. */
    private static volatile boolean stopping;

    private DevStack() {
    }

    public static void main(String[] args) throws Exception {
        boolean fresh = false;
        Path providerJar = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fresh" -> fresh = true;
                case "--providers" -> providerJar = Path.of(args[++i]);
                default -> {
                    System.err.println("unknown argument: " + args[i] + " (known: --fresh)");
                    System.exit(2);
                }
            }
        }
        if (providerJar == null || !Files.isRegularFile(providerJar)) {
            System.err.println("provider jar not found: " + providerJar);
            System.exit(2);
        }
        Path state = Path.of(Settings.get("practicekey.state", "PK_STATE_DIR", ".devstack")).toAbsolutePath();
        if (fresh) {
            Dirs.deleteTree(state);
        }
        Files.createDirectories(state);
        String adminPassword = Settings.get("practicekey.admin.password", "PK_ADMIN_PASSWORD", "admin");
        int dbPort = Integer.parseInt(Settings.get("practicekey.db.port", "PK_DB_PORT", "15432"));

        List<AutoCloseable> running = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping = true;
            stopAll(running);
        }, "devstack-stop"));

        log("starting PostgreSQL");
        Database db = Database.start(state.resolve("pgdata"), dbPort);
        running.add(db);
        log(db.isEmbedded() ? "embedded PostgreSQL on 127.0.0.1:" + db.port() : "configured PostgreSQL " + db.jdbcUrl(""));

        log("starting Keycloak (first start builds the server and imports the realm: about a minute)");
        KeycloakServer keycloak = KeycloakStack.start(state.resolve("keycloak"), providerJar, db,
                new KeycloakStack.Ports(port("PK_HTTP_PORT", 8080), port("PK_HTTPS_PORT", 8443), port("PK_MANAGEMENT_PORT", 9000)),
                adminPassword, Map.of(), Duration.ofMinutes(5));
        running.add(keycloak);

        KeycloakAdmin admin = new KeycloakAdmin(keycloak.httpUrl(), "admin", adminPassword);
        DemoData.Summary demo = DemoData.load(admin, KeycloakServer.REALM);
        log("demo data: " + demo.tenantsCreated() + " tenants and " + demo.usersCreated() + " users created"
                + (demo.usersCreated() == 0 ? " (kept from the last run)" : ""));

        // The apps accept tokens issued under the HTTPS name users reach the realm by, and read the
        // realm's keys over loopback HTTP.
        String issuer = keycloak.httpsUrl().toString().replace("127.0.0.1", "localhost") + "/realms/" + KeycloakServer.REALM;
        URI jwks = keycloak.httpUrl().resolve("/realms/" + KeycloakServer.REALM + "/protocol/openid-connect/certs");
        List<AppProcess> apps = new ArrayList<>();
        Map<String, Integer> appPorts = new java.util.LinkedHashMap<>();
        appPorts.put("clinical", port("PK_CLINICAL_PORT", 8081));
        appPorts.put("billing", port("PK_BILLING_PORT", 8082));
        for (Map.Entry<String, Integer> app : appPorts.entrySet()) {
            log("starting " + app.getKey() + "-app on 127.0.0.1:" + app.getValue());
            // The app's client at Keycloak follows the port (the realm file assumes 8081/8082).
            AppClients.pointAt(admin, KeycloakServer.REALM, app.getKey() + "-app", AppProcess.publicUrl(app.getValue()));
            AppProcess p = AppProcess.start(app.getKey(), Path.of("apps"), state, db, app.getValue(), issuer, jwks, Duration.ofMinutes(2));
            if (p == null) {
                log(app.getKey() + "-app is not built (apps/" + app.getKey() + "/target/app.classpath missing): skipped");
            } else {
                running.add(p);
                apps.add(p);
            }
        }

        System.out.println();
        System.out.println("PracticeKey is ready");
        System.out.println("  Keycloak (HTTPS)    " + keycloak.httpsUrl().toString().replace("127.0.0.1", "localhost"));
        System.out.println("  Keycloak (HTTP)     " + keycloak.httpUrl() + "  (loopback only)");
        System.out.println("  Admin console       " + keycloak.httpsUrl().toString().replace("127.0.0.1", "localhost") + "/admin/  (admin / "
                + ("admin".equals(adminPassword) ? "admin" : "$PK_ADMIN_PASSWORD") + ")");
        System.out.println("  Realm               " + keycloak.httpsUrl().toString().replace("127.0.0.1", "localhost") + "/realms/practicekey/account/");
        System.out.println("  PracticeKey API     " + keycloak.httpsUrl().toString().replace("127.0.0.1", "localhost") + "/realms/practicekey/practicekey/me/policy");
        for (AppProcess app : apps) {
            System.out.printf("  %-20s%s/api/  (health: %s/health)%n", app.name() + "-app", app.publicUrl(), app.publicUrl());
            if ("clinical".equals(app.name())) {
                System.out.printf("  %-20s%s/ui  (sign in as a demo user)%n", "clinical pages", app.publicUrl());
            }
        }
        System.out.println("Press Ctrl-C to stop.");
        System.out.flush();

        while (stopping || (keycloak.isRunning() && apps.stream().allMatch(AppProcess::isRunning))) {
            Thread.sleep(2000);
        }
        if (!keycloak.isRunning()) {
            System.err.println("Keycloak stopped unexpectedly; last log lines:\n" + keycloak.logTail(40));
        } else {
            System.err.println("an app stopped unexpectedly; see its log in " + state);
        }
        System.exit(1);
    }

    private static int port(String env, int fallback) {
        return Integer.parseInt(Settings.get("practicekey." + env.toLowerCase().replace('_', '.'), env, String.valueOf(fallback)));
    }

    private static void stopAll(List<AutoCloseable> running) {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                System.err.println("stopping " + running.get(i).getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        log("stopped");
    }

    private static void log(String message) {
        System.out.println("[devstack] " + message);
        System.out.flush();
    }
}
