package com.practicekey.system;

import com.practicekey.stack.DevStack;
import com.practicekey.stack.Dirs;
import com.practicekey.stack.KeycloakServer;
import com.practicekey.stack.junit.PracticeKeyExtension;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local stack exactly as {@code ./devstack} starts it: the {@link DevStack} launcher in a
 * process of its own, from the repository root (where it finds the built apps), with a fresh
 * state folder under {@code system-test/target/} and free ports for every listener, so that it
 * never meets a developer's own stack. Its output is kept (and written to
 * {@code devstack.out} in the state folder) for the failure messages.
 */
final class LocalStack implements AutoCloseable {

    final Path state;
    final int http = KeycloakServer.freePort();
    final int https = KeycloakServer.freePort();
    final int management = KeycloakServer.freePort();
    final int db = KeycloakServer.freePort();
    final int clinical = KeycloakServer.freePort();
    final int billing = KeycloakServer.freePort();
    private final List<String> output = new ArrayList<>();
    private Process process;

    LocalStack(Path state) {
        this.state = state.toAbsolutePath();
    }

    /** Starts it and waits for {@code PracticeKey is ready}. */
    LocalStack start(Duration timeout) throws IOException, InterruptedException {
        Dirs.deleteTree(state);
        Files.createDirectories(state);
        Path root = Path.of(System.getProperty("practicekey.root", "..")).toAbsolutePath().normalize();
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DevStack.class.getName(),
                "--providers", PracticeKeyExtension.providerJar().toAbsolutePath().toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true);
        pb.environment().put("PK_STATE_DIR", state.toString());
        pb.environment().put("PK_HTTP_PORT", String.valueOf(http));
        pb.environment().put("PK_HTTPS_PORT", String.valueOf(https));
        pb.environment().put("PK_MANAGEMENT_PORT", String.valueOf(management));
        pb.environment().put("PK_DB_PORT", String.valueOf(db));
        pb.environment().put("PK_CLINICAL_PORT", String.valueOf(clinical));
        pb.environment().put("PK_BILLING_PORT", String.valueOf(billing));
        pb.environment().remove("PK_DB_URL");
        pb.environment().remove("PK_DEMO_PATIENTS"); // the default: 300 demo patients per practice, as ./devstack loads them
        process = pb.start();
        Path log = state.resolve("devstack.out");
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter w = new PrintWriter(Files.newBufferedWriter(log), true)) {
                for (String line; (line = r.readLine()) != null; ) {
                    w.println(line);
                    synchronized (output) {
                        output.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "devstack-output");
        reader.setDaemon(true);
        reader.start();

        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            synchronized (output) {
                if (output.stream().anyMatch(l -> l.contains("PracticeKey is ready"))) {
                    if (output.stream().anyMatch(l -> l.contains("-app is not built"))) {
                        throw new IllegalStateException("the apps are not built (package apps/ first):\n" + output());
                    }
                    return this;
                }
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the stack was not ready within " + timeout + "; it printed:\n" + output()
                + "\n(logs in " + state + ")");
    }

    /** Keycloak's HTTPS listener, where browsers sign in (the tokens' issuer). */
    URI keycloak() {
        return URI.create("https://localhost:" + https);
    }

    /** Keycloak's loopback HTTP listener, for the API calls of the test itself. */
    URI keycloakHttp() {
        return URI.create("http://127.0.0.1:" + http);
    }

    /** clinical-app as browsers reach it. */
    URI clinicalApp() {
        return URI.create("http://localhost:" + clinical);
    }

    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy(); // SIGTERM, as Ctrl-C: the launcher stops the apps, Keycloak and PostgreSQL
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }
}
