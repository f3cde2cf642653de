package com.practicekey.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.practicekey.stack.demo.AppLogin;
import com.practicekey.stack.demo.DemoPatientLoader;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
 * HTTP on 8080, both on loopback), then the apps, then the demo practices' generated patients
 * into the apps ({@code PK_DEMO_PATIENTS}, default 300 per practice). Prints {@code PracticeKey is ready} when
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
        int demoPatients = demoPatients();
        Path state = Path.of(Settings.get("practicekey.state", "PK_STATE_DIR", ".devstack")).toAbsolutePath();
        // Held until the process ends: a second stack on this folder stops here, before --fresh deletes anything.
        java.util.Optional<java.nio.channels.FileChannel> stateLock = LocalResources.lockState(state);
        if (stateLock.isEmpty()) {
            System.err.println("another ./devstack is running on " + state + ": stop it first (Ctrl-C or SIGTERM),"
                    + " or give this one its own PK_STATE_DIR and ports");
            System.exit(2);
        }
        if (fresh) {
            LocalResources.clearState(state);
        }
        String adminPassword = Settings.get("practicekey.admin.password", "PK_ADMIN_PASSWORD", "admin");
        int dbPort = Integer.parseInt(Settings.get("practicekey.db.port", "PK_DB_PORT", "15432"));
        Map<String, Integer> ports = new java.util.LinkedHashMap<>();
        if (Settings.get("practicekey.db.url", "PK_DB_URL", null) == null) {
            ports.put("PK_DB_PORT", dbPort);
        }
        ports.put("PK_HTTP_PORT", port("PK_HTTP_PORT", 8080));
        ports.put("PK_HTTPS_PORT", port("PK_HTTPS_PORT", 8443));
        ports.put("PK_MANAGEMENT_PORT", port("PK_MANAGEMENT_PORT", 9000));
        ports.put("PK_CLINICAL_PORT", port("PK_CLINICAL_PORT", 8081));
        ports.put("PK_BILLING_PORT", port("PK_BILLING_PORT", 8082));
        List<String> busy = LocalResources.busyPorts(ports);
        if (!busy.isEmpty()) {
            System.err.println("port(s) already in use on 127.0.0.1: " + String.join(", ", busy)
                    + ". Is another ./devstack running? Stop it, or choose free ports with the variables named.");
            System.exit(2);
        }

        List<AutoCloseable> running = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping = true;
            stopAll(running);
        }, "devstack-stop"));

        log("starting PostgreSQL");
        Database db = Database.start(state.resolve("pgdata"), dbPort);
        running.add(db);
        log(db.isEmbedded() ? "embedded PostgreSQL on 127.0.0.1:" + db.port() : "configured PostgreSQL " + db.jdbcUrl(""));

        log(Files.isDirectory(state.resolve("keycloak")) ? "starting Keycloak"
                : "starting Keycloak (the first start builds the server and imports the realm: a minute or more)");
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

        try {
            loadDemoPatients(demoPatients, apps, admin, keycloak, state);
        } catch (RuntimeException e) {
            log("demo patients FAILED: " + e.getMessage());
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

    /** {@code PK_DEMO_PATIENTS}: patients per demo practice, 0 for none; anything else stops the launcher, saying so. */
    private static int demoPatients() {
        String raw = Settings.get("practicekey.demo.patients", "PK_DEMO_PATIENTS", String.valueOf(DemoPatientLoader.DEFAULT_PATIENTS));
        try {
            int n = Integer.parseInt(raw.trim());
            if (n >= 0 && n <= 100_000) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        System.err.println("PK_DEMO_PATIENTS must be a whole number from 0 to 100000 (patients per demo practice), not '" + raw + "'");
        System.exit(2);
        return 0;
    }

    /**
     * The demo practices' generated patients, into every running app through its import API.
     * A restart skips what was loaded already (markers in {@code <state>/demo-patients/}); the
     * import is idempotent besides. One line per practice and app, counts only.
     */
    private static void loadDemoPatients(int patients, List<AppProcess> apps, KeycloakAdmin admin, KeycloakServer keycloak,
                                         Path state) {
        if (patients == 0) {
            log("demo patients: none (PK_DEMO_PATIENTS=0)");
            return;
        }
        if (apps.isEmpty()) {
            log("demo patients: skipped (no app is running)");
            return;
        }
        long started = System.nanoTime();
        log("loading " + patients + " demo patients per practice into " + apps.stream().map(a -> a.name() + "-app")
                .collect(java.util.stream.Collectors.joining(" and ")) + " (PK_DEMO_PATIENTS; 0 = none)");
        JsonNode demo;
        try (InputStream in = KeycloakStack.resource("practicekey/demo/demo-data.json")) {
            demo = Http.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        URI realmBase = URI.create(keycloak.httpsUrl().toString().replace("127.0.0.1", "localhost") + "/realms/" + KeycloakServer.REALM);
        List<DemoPatientLoader.App> targets = new ArrayList<>();
        Map<String, AppLogin.Client> clients = new java.util.HashMap<>();
        for (AppProcess app : apps) {
            DemoPatientLoader.App target = new DemoPatientLoader.App(app.name(), app.url());
            targets.add(target);
            clients.put(target.clientId(), DemoPatientLoader.client(admin, KeycloakServer.REALM, target.clientId(), realmBase));
        }
        SSLContext tls = AppLogin.trusting(state.resolve("keycloak").resolve("tls").resolve("localhost.p12"), KeycloakStack.KEYSTORE_PASSWORD);
        List<DemoPatientLoader.Result> results = DemoPatientLoader.load(DemoPatientLoader.practices(demo), targets, clients, tls,
                patients, state.resolve("demo-patients"), DevStack::log);
        long failed = results.stream().filter(r -> !r.ok()).count();
        long kept = results.stream().filter(DemoPatientLoader.Result::kept).count();
        log("demo patients: " + (results.size() - failed - kept) + " loaded, " + kept + " kept, " + failed + " failed"
                + (failed > 0 ? " (see above)" : "") + " in "
                + String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - started) / 1e9));
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
