package com.practicekey.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of the Micronaut apps (clinical-app, billing-app) run by {@code ./devstack} as a child
 * process from its built classes and the runtime classpath Maven wrote
 * ({@code apps/<app>/target/app.classpath}), on its own database of the stack's PostgreSQL
 * (migrations run at start). Output goes to {@code <state>/<app>.log}.
 */
public final class AppProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;

    /** The app's short name: {@code clinical} or {@code billing}. */
    public String name() {
        return name;
    }

    private AppProcess(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** {@code null} when the app is not built (no {@code app.classpath}): the caller says so and goes on. */
    public static AppProcess start(String app, Path appsDir, Path stateDir, Database db, int port, String issuer,
                                   URI jwks, Duration timeout) {
        Path module = appsDir.resolve(app).toAbsolutePath();
        Path classpathFile = module.resolve("target/app.classpath");
        Path classes = module.resolve("target/classes");
        if (!Files.isRegularFile(classpathFile) || !Files.isDirectory(classes)) {
            return null;
        }
        String upper = app.toUpperCase(java.util.Locale.ROOT);
        String role = app + "_app";
        String password = Settings.get("practicekey." + app + ".db.password", "PK_" + upper + "_DB_PASSWORD", app + "-app-dev");
        String url = db.createAppDatabase(app, role, password);
        try {
            String classpath = classes + java.io.File.pathSeparator + Files.readString(classpathFile).trim();
            Path log = stateDir.resolve(app + ".log");
            ProcessBuilder pb = new ProcessBuilder(List.of(javaBinary(), "-cp", classpath, "com.practicekey." + app + ".Application"))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = pb.environment();
            env.put("PK_" + upper + "_PORT", String.valueOf(port));
            env.put("PK_" + upper + "_DB_URL", url);
            env.put("PK_" + upper + "_DB_USER", role);
            env.put("PK_" + upper + "_DB_PASSWORD", password);
            env.put("PK_ISSUER", issuer);
            // Browser sign-in: the redirect URI the app sends is its public URL's; AppClients registers the same.
            env.put("PK_" + upper + "_PUBLIC_URL", publicUrl(port).toString());
            env.put("PRACTICEKEY_SECURITY_JWKS_URI", jwks.toString());
            // Browser sign-in exchanges codes at the issuer's (HTTPS) token endpoint: trust the stack's certificate.
            Path keyStore = stateDir.resolve("keycloak").resolve("tls").resolve("localhost.p12");
            if (Files.isRegularFile(keyStore)) {
                env.put("PRACTICEKEY_LOGIN_TRUST_CERTIFICATE",
                        Tls.certificatePem(keyStore, KeycloakStack.KEYSTORE_PASSWORD).toString());
            }
            AppProcess started = new AppProcess(app, pb.start(), log, port);
            started.awaitHealthy(timeout);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(app + " did not start", e);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Where browsers reach the app (its sign-in redirect URI is below it): {@code http://localhost:<port>}. */
    public URI publicUrl() {
        return publicUrl(port);
    }

    public static URI publicUrl(int port) {
        return URI.create("http://localhost:" + port);
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    private void awaitHealthy(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        URI health = url().resolve("/health");
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; see " + log);
            }
            try {
                if (Http.send("GET", health, null, null).status() == 200) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException(name + " was not healthy within " + timeout + "; see " + log);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
