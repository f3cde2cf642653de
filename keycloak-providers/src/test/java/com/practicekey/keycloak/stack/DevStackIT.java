package com.practicekey.keycloak.stack;

import com.practicekey.stack.DevStack;
import com.practicekey.stack.Dirs;
import com.practicekey.stack.Http;
import com.practicekey.stack.KeycloakServer;
import com.practicekey.stack.junit.PracticeKeyExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local stack as {@code ./devstack} runs it (the same launcher, in a process of its own, on
 * other ports and state folder): ready line, the contract's URLs, SIGTERM stops everything, and a
 * restart keeps the demo users.
 */
class DevStackIT {

    static final Path STATE = Path.of("target/devstack-it").toAbsolutePath();
    static int http;
    static int https;
    static int management;
    static int db;
    static Process stack;
    static final List<String> output = new ArrayList<>();

    @BeforeAll
    static void freshState() {
        Dirs.deleteTree(STATE);
        http = KeycloakServer.freePort();
        https = KeycloakServer.freePort();
        management = KeycloakServer.freePort();
        db = KeycloakServer.freePort();
    }

    @AfterAll
    static void stopIfRunning() throws Exception {
        if (stack != null && stack.isAlive()) {
            stack.destroy();
            stack.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void starts_answers_stops_cleanly_and_keeps_its_data() throws Exception {
        start();
        awaitLine("PracticeKey is ready", Duration.ofMinutes(8));
        assertThat(output).anyMatch(l -> l.contains("demo data: 3 tenants and 13 users created"));
        // The apps are not built when this module's tests run (the reactor builds them later): the
        // demo patients are skipped, saying so, and the stack is ready all the same.
        assertThat(output).anyMatch(l -> l.contains("clinical-app is not built"));
        assertThat(output).anyMatch(l -> l.contains("demo patients: skipped (no app is running)"));

        URI base = URI.create("http://127.0.0.1:" + http);
        assertThat(Http.send("GET", base.resolve("/realms/practicekey/.well-known/openid-configuration"), null, null).status())
                .isEqualTo(200);
        assertThat(Http.send("GET", base.resolve("/realms/practicekey/practicekey/me/policy"), null, null).status()).isEqualTo(401);
        String token = Http.form(base.resolve("/realms/practicekey/protocol/openid-connect/token"), Map.of(
                "grant_type", "password", "client_id", "demo-cli",
                "username", "dr.morgan@practices.test", "password", "Tulip-Harbor-Lantern-42")).expect(200).json()
                .get("access_token").asText();
        assertThat(Http.send("GET", base.resolve("/realms/practicekey/practicekey/me/policy"), token, null).status()).isEqualTo(200);

        List<ProcessHandle> children = stack.descendants().toList();
        assertThat(children).as("PostgreSQL and Keycloak run as children").isNotEmpty();
        stack.destroy(); // SIGTERM, as Ctrl-C or a service manager would
        assertThat(stack.waitFor(90, TimeUnit.SECONDS)).as("the stack stops").isTrue();
        Instant deadline = Instant.now().plusSeconds(30);
        while (children.stream().anyMatch(ProcessHandle::isAlive) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        assertThat(children).as("no process left behind").noneMatch(ProcessHandle::isAlive);
        for (int port : new int[] {http, https, management, db}) {
            assertThat(isFree(port)).as("port " + port + " released").isTrue();
        }

        output.clear();
        start();
        awaitLine("PracticeKey is ready", Duration.ofMinutes(5));
        assertThat(output).anyMatch(l -> l.contains("demo data: 0 tenants and 0 users created (kept from the last run)"));
        Http.form(base.resolve("/realms/practicekey/protocol/openid-connect/token"), Map.of(
                "grant_type", "password", "client_id", "demo-cli",
                "username", "admin@riverbend.test", "password", "Tulip-Harbor-Lantern-42")).expect(200);

        // While it runs, a second stack on its folder or on its ports stops before starting anything.
        String sameFolder = refused(Map.of("PK_STATE_DIR", STATE.toString(), "PK_HTTP_PORT", String.valueOf(KeycloakServer.freePort()),
                "PK_HTTPS_PORT", String.valueOf(KeycloakServer.freePort()), "PK_MANAGEMENT_PORT", String.valueOf(KeycloakServer.freePort()),
                "PK_DB_PORT", String.valueOf(KeycloakServer.freePort())));
        assertThat(sameFolder).contains("another ./devstack is running on " + STATE);
        String samePorts = refused(Map.of("PK_STATE_DIR", STATE.resolveSibling("devstack-it-second").toString(),
                "PK_HTTP_PORT", String.valueOf(KeycloakServer.freePort()), "PK_HTTPS_PORT", String.valueOf(https),
                "PK_MANAGEMENT_PORT", String.valueOf(KeycloakServer.freePort()), "PK_DB_PORT", String.valueOf(db)));
        assertThat(samePorts).contains("port(s) already in use").contains(https + " (PK_HTTPS_PORT)").contains(db + " (PK_DB_PORT)");
        assertThat(stack.isAlive()).as("the running stack is untouched").isTrue();
        Http.form(base.resolve("/realms/practicekey/protocol/openid-connect/token"), Map.of(
                "grant_type", "password", "client_id", "demo-cli",
                "username", "admin@riverbend.test", "password", "Tulip-Harbor-Lantern-42")).expect(200);
    }

    /** A second launcher with {@code env}: it must exit 2 before starting PostgreSQL; its output. */
    static String refused(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(launcher()).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().remove("PK_DB_URL");
        pb.environment().put("PK_CLINICAL_PORT", String.valueOf(KeycloakServer.freePort()));
        pb.environment().put("PK_BILLING_PORT", String.valueOf(KeycloakServer.freePort()));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(2);
        assertThat(out).doesNotContain("starting PostgreSQL");
        return out;
    }

    @Test
    void a_bad_demo_patient_count_is_refused_before_anything_starts() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(launcher()).redirectErrorStream(true);
        pb.environment().put("PK_STATE_DIR", STATE.resolveSibling("devstack-it-refused").toString());
        pb.environment().put("PK_DEMO_PATIENTS", "lots");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(out).contains("PK_DEMO_PATIENTS must be a whole number from 0 to 100000").contains("'lots'")
                .doesNotContain("starting PostgreSQL");
    }

    static List<String> launcher() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DevStack.class.getName(),
                "--providers", PracticeKeyExtension.providerJar().toString());
    }

    static void start() throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DevStack.class.getName(),
                "--providers", PracticeKeyExtension.providerJar().toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PK_STATE_DIR", STATE.toString());
        pb.environment().put("PK_HTTP_PORT", String.valueOf(http));
        pb.environment().put("PK_HTTPS_PORT", String.valueOf(https));
        pb.environment().put("PK_MANAGEMENT_PORT", String.valueOf(management));
        pb.environment().put("PK_DB_PORT", String.valueOf(db));
        // The apps join only where they are built (not yet when this module's tests run in the
        // reactor); on other ports than a developer's own stack when they do.
        pb.environment().put("PK_CLINICAL_PORT", String.valueOf(KeycloakServer.freePort()));
        pb.environment().put("PK_BILLING_PORT", String.valueOf(KeycloakServer.freePort()));
        pb.environment().remove("PK_DB_URL");
        pb.environment().put("PK_DEMO_PATIENTS", "5");
        stack = pb.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stack.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
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
    }

    static void awaitLine(String text, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            synchronized (output) {
                if (output.stream().anyMatch(l -> l.contains(text))) {
                    return;
                }
            }
            if (!stack.isAlive()) {
                break;
            }
            Thread.sleep(500);
        }
        synchronized (output) {
            throw new AssertionError("no line '" + text + "'; the stack printed:\n" + String.join("\n", output)
                    + "\n(Keycloak log: " + STATE.resolve("keycloak/keycloak.log") + ")");
        }
    }

    static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
