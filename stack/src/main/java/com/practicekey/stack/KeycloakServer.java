package com.practicekey.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The Keycloak distribution ({@code org.keycloak:keycloak-quarkus-dist}, resolved by Maven) run
 * as a child process with the PracticeKey provider jar and realm.
 *
 * <p>Built once per set of build options and provider jars ({@code kc.sh build}), then started
 * in production mode ({@code start --optimized}). HTTP and HTTPS listen on {@link #host()} only;
 * health answers over plain HTTP on the management port of the same host.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String REALM = "practicekey";

    private final Path home;
    private final Path log;
    private final String host;
    private final int httpPort;
    private final int httpsPort;
    private final int managementPort;
    private final String adminUser;
    private final String adminPassword;
    private Process process;

    private KeycloakServer(Builder b) {
        this.home = b.home;
        this.log = b.log;
        this.host = b.host;
        this.httpPort = b.httpPort;
        this.httpsPort = b.httpsPort;
        this.managementPort = b.managementPort;
        this.adminUser = b.adminUser;
        this.adminPassword = b.adminPassword;
    }

    public static Builder builder(Path home) {
        return new Builder(home);
    }

    public String host() {
        return host;
    }

    public URI httpUrl() {
        return URI.create("http://" + host + ":" + httpPort);
    }

    public URI httpsUrl() {
        return URI.create("https://" + host + ":" + httpsPort);
    }

    public int httpsPort() {
        return httpsPort;
    }

    public String adminUser() {
        return adminUser;
    }

    public String adminPassword() {
        return adminPassword;
    }

    public Path logFile() {
        return log;
    }

    /** The last {@code lines} lines of the server log. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no server log at " + log + ": " + e.getMessage() + ")";
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Unpacks the distribution into {@code home} unless it is there already. */
    public static Path unpack(Path zip, Path parent) {
        try {
            String version = Settings.build("keycloak.version");
            Path home = parent.resolve("keycloak-" + version);
            if (Files.isRegularFile(home.resolve("bin/kc.sh")) && Files.exists(home.resolve(".unpacked"))) {
                return home;
            }
            Files.createDirectories(parent);
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
                for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                    Path target = parent.resolve(e.getName()).normalize();
                    if (!target.startsWith(parent)) {
                        throw new IOException("zip entry outside the target folder: " + e.getName());
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            for (String script : new String[] {"kc.sh", "kcadm.sh", "kcreg.sh"}) {
                home.resolve("bin").resolve(script).toFile().setExecutable(true);
            }
            Files.writeString(home.resolve(".unpacked"), zip.toString());
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack the Keycloak distribution " + zip, e);
        }
    }

    /** The distribution zip Maven resolved for the stack module. */
    public static Path distributionZip() {
        Path zip = Path.of(Settings.get("practicekey.keycloak.distribution", "PK_KEYCLOAK_DIST",
                Settings.build("keycloak.distribution")));
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("Keycloak distribution not found at " + zip + "; run ./mvnw install once");
        }
        return zip;
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Options Keycloak fixes when it builds (augments) the server; everything else is given at start.
     * The server is built once per distinct set of these and provider jar, then started with
     * {@code start --optimized}, which saves the build (about 40 s) on every later start.
     */
    static boolean isBuildOption(String key) {
        return key.equals("db") || key.equals("health-enabled") || key.equals("metrics-enabled")
                || key.startsWith("features") || (key.startsWith("spi-") && key.contains("--provider"));
    }

    public synchronized void start(Map<String, String> options, Duration timeout) {
        if (isRunning()) {
            return;
        }
        Map<String, String> build = new java.util.TreeMap<>();
        Map<String, String> runtime = new LinkedHashMap<>();
        options.forEach((k, v) -> (isBuildOption(k) ? build : runtime).put(k, v));
        runtime.putIfAbsent("hostname-strict", "false");
        try {
            Files.createDirectories(log.getParent());
            buildIfChanged(build);
            List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start", "--optimized"));
            runtime.forEach((k, v) -> command.add(v == null ? "--" + k : "--" + k + "=" + v));
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", adminUser);
            pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start Keycloak in " + home, e);
        }
        awaitReady(timeout);
    }

    /** Runs {@code kc.sh build} unless the last build had the same build options and provider jars. */
    private void buildIfChanged(Map<String, String> build) throws IOException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "build"));
        build.forEach((k, v) -> command.add(v == null ? "--" + k : "--" + k + "=" + v));
        String key = String.join(" ", command.subList(1, command.size())) + " " + providersFingerprint();
        Path marker = home.resolve(".practicekey-build");
        if (Files.exists(marker) && Files.readString(marker).equals(key)) {
            return;
        }
        Process p = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("kc.sh build failed; last log lines:\n" + logTail(40));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Files.writeString(marker, key);
    }

    private String providersFingerprint() throws IOException {
        java.security.MessageDigest sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (var jars = Files.list(home.resolve("providers"))) {
            for (Path jar : jars.sorted().toList()) {
                sha.update(jar.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(jar));
            }
        }
        return java.util.HexFormat.of().formatHex(sha.digest());
    }

    private void awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI health = URI.create("http://" + host + ":" + managementPort + "/health/ready");
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with code " + process.exitValue()
                        + " before it was ready; last log lines:\n" + logTail(60));
            }
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Keycloak", e);
            }
            sleep(500);
        }
        close();
        throw new IllegalStateException("Keycloak was not ready within " + timeout + "; last log lines:\n" + logTail(60));
    }

    /** Stops the server (SIGTERM, then SIGKILL after 30 s) and every process it started. */
    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle h : descendants) {
            if (h.isAlive()) {
                h.destroy();
                try {
                    h.onExit().get(20, TimeUnit.SECONDS);
                } catch (Exception e) {
                    h.destroyForcibly();
                }
            }
        }
        process = null;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Copies the provider jar and the realm file into the distribution. */
    public static void install(Path home, Path providerJar, InputStream realmJson) {
        try {
            Path providers = home.resolve("providers");
            Files.createDirectories(providers);
            try (var stale = Files.list(providers)) {
                for (Path p : stale.filter(p -> p.getFileName().toString().startsWith("practicekey")).toList()) {
                    Files.delete(p);
                }
            }
            if (providerJar != null) {
                Files.copy(providerJar, providers.resolve("practicekey-providers.jar"), StandardCopyOption.REPLACE_EXISTING);
            }
            Path imports = home.resolve("data/import");
            Files.createDirectories(imports);
            Files.copy(realmJson, imports.resolve("practicekey-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not install the providers and the realm into " + home, e);
        }
    }

    public static final class Builder {
        private final Path home;
        private Path log;
        private String host = "127.0.0.1";
        private int httpPort;
        private int httpsPort;
        private int managementPort;
        private String adminUser = "admin";
        private String adminPassword = "admin";

        private Builder(Path home) {
            this.home = home;
            this.log = home.resolve("data/log/keycloak.log");
        }

        public Builder log(Path log) {
            this.log = log;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder ports(int http, int https, int management) {
            this.httpPort = http;
            this.httpsPort = https;
            this.managementPort = management;
            return this;
        }

        public Builder admin(String user, String password) {
            this.adminUser = user;
            this.adminPassword = password;
            return this;
        }

        public KeycloakServer build() {
            return new KeycloakServer(this);
        }

        /** The listener options every PracticeKey server runs with (ports, health, hosts). */
        public Map<String, String> listenerOptions() {
            Map<String, String> o = new LinkedHashMap<>();
            o.put("http-enabled", "true");
            o.put("http-host", host);
            o.put("http-port", String.valueOf(httpPort));
            o.put("https-port", String.valueOf(httpsPort));
            o.put("health-enabled", "true");
            o.put("http-management-port", String.valueOf(managementPort));
            o.put("http-management-host", host);
            o.put("http-management-scheme", "http");
            return o;
        }
    }
}
