package com.practicekey.stack;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Brings up PracticeKey's Keycloak: the distribution unpacked in a work folder, the provider jar
 * and the realm installed, its own database on the given PostgreSQL, HTTPS with the
 * {@link Tls} policy, and the PracticeKey providers selected. Used by {@code ./devstack} and by
 * the test fixture, so both run the same server the same way.
 */
public final class KeycloakStack {

    /**
     * The {@code --spi-...} options a stock Keycloak 26.7.x needs for PracticeKey's providers.
     * The README's deployment section lists the same.
     */
    public static final Map<String, String> PROVIDER_OPTIONS = Map.of(
            "spi-password-policy-manager--provider-default", "practicekey-password-policy",
            // PracticeKey's lockout replaces the built-in brute-force protector (issue 4).
            "spi-brute-force-protector--provider", "practicekey-lockout");

    public static final String KEYSTORE_PASSWORD = "practicekey-dev";

    private KeycloakStack() {
    }

    /** Ports of one server; 0 means "any free port". */
    public record Ports(int http, int https, int management) {
        public Ports resolveFree() {
            return new Ports(http > 0 ? http : KeycloakServer.freePort(),
                    https > 0 ? https : KeycloakServer.freePort(),
                    management > 0 ? management : KeycloakServer.freePort());
        }
    }

    public static KeycloakServer start(Path workDir, Path providerJar, Database db, Ports requested,
                                       String adminPassword, Map<String, String> extraOptions, Duration timeout) {
        return start(workDir, workDir, providerJar, db, requested, adminPassword, extraOptions, timeout);
    }

    /**
     * As above, with the distribution unpacked (and built) under {@code distParent}, which
     * servers started one after the other may share: the build is then done once for all.
     */
    public static KeycloakServer start(Path workDir, Path distParent, Path providerJar, Database db, Ports requested,
                                       String adminPassword, Map<String, String> extraOptions, Duration timeout) {
        Path home = KeycloakServer.unpack(KeycloakServer.distributionZip(), distParent);
        try (InputStream realm = realmFile()) {
            KeycloakServer.install(home, providerJar, realm);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Ports ports = requested.resolveFree();
        KeycloakServer.Builder builder = KeycloakServer.builder(home)
                .log(workDir.resolve("keycloak.log"))
                .ports(ports.http(), ports.https(), ports.management())
                .admin("admin", adminPassword);
        Map<String, String> options = new LinkedHashMap<>(builder.listenerOptions());
        options.putAll(Tls.keycloakOptions(Tls.selfSignedKeyStore(workDir.resolve("tls"), KEYSTORE_PASSWORD), KEYSTORE_PASSWORD));
        db.createDatabaseIfMissing("keycloak");
        options.putAll(db.keycloakOptions("keycloak"));
        options.put("import-realm", null);
        // One node: no cluster transport (several local servers would otherwise compete for
        // JGroups' ports); the production cluster in docker/ uses Keycloak's default ispn cache.
        options.put("cache", "local");
        options.putAll(PROVIDER_OPTIONS);
        options.putAll(extraOptions);
        KeycloakServer server = builder.build();
        server.start(options, timeout);
        return server;
    }

    /**
     * A stock Keycloak of the same version, for baselines (the benchmarks): the same distribution
     * unpacked under {@code distParent} (which must not be the one PracticeKey's servers use, since
     * its build differs), <em>no</em> provider jar, none of {@link #PROVIDER_OPTIONS}, no realm
     * imported; otherwise the listeners, TLS policy, local cache and PostgreSQL of {@link #start}.
     * Its database {@code database} is created on {@code db} if missing. Realms are then made
     * through the admin API.
     */
    public static KeycloakServer startStock(Path workDir, Path distParent, Database db, String database,
                                            Map<String, String> extraOptions, Duration timeout) {
        Path home = KeycloakServer.unpack(KeycloakServer.distributionZip(), distParent);
        try (var jars = java.nio.file.Files.list(home.resolve("providers"))) {
            for (Path jar : jars.filter(p -> p.getFileName().toString().endsWith(".jar")).toList()) {
                java.nio.file.Files.delete(jar);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not empty " + home.resolve("providers"), e);
        }
        Ports ports = new Ports(0, 0, 0).resolveFree();
        KeycloakServer.Builder builder = KeycloakServer.builder(home)
                .log(workDir.resolve("keycloak.log"))
                .ports(ports.http(), ports.https(), ports.management())
                .admin("admin", "admin");
        Map<String, String> options = new LinkedHashMap<>(builder.listenerOptions());
        options.putAll(Tls.keycloakOptions(Tls.selfSignedKeyStore(workDir.resolve("tls"), KEYSTORE_PASSWORD), KEYSTORE_PASSWORD));
        db.createDatabaseIfMissing(database);
        options.putAll(db.keycloakOptions(database));
        options.put("cache", "local");
        options.putAll(extraOptions);
        KeycloakServer server = builder.build();
        server.start(options, timeout);
        return server;
    }

    /** The realm file from the realm-config module. */
    public static InputStream realmFile() {
        return resource("practicekey/practicekey-realm.json");
    }

    public static InputStream resource(String name) {
        InputStream in = KeycloakStack.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is not on the classpath (module realm-config)");
        }
        return in;
    }
}
