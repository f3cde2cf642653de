package com.practicekey.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production deployment files in {@code docker/} hold what the rest of the project says:
 * no Docker engine runs on the project's machines, so this test (and {@code docker/validate})
 * is what checks them. It reads the compose files as YAML, the Dockerfiles and the Keycloak
 * configuration as text, and compares them with {@link Tls}, {@link KeycloakStack} and the
 * realm file.
 */
class DockerDeploymentTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path ROOT = repositoryRoot();
    private static final Path DOCKER = ROOT.resolve("docker");
    private static final Set<String> KEYCLOAK_NODES = Set.of("keycloak", "keycloak-2");
    private static final Set<String> APPS = Set.of("clinical", "billing");

    // ---- TLS: the policy of Tls.java, HTTPS only ----

    @Test
    void keycloak_serves_https_only_with_exactly_the_protocols_and_cipher_suites_of_Tls() {
        Map<String, String> conf = keycloakConf();
        assertThat(List.of(conf.get("https-protocols").split(","))).isEqualTo(Tls.PROTOCOLS);
        assertThat(List.of(conf.get("https-cipher-suites").split(","))).isEqualTo(Tls.CIPHER_SUITES);
        assertThat(conf).containsEntry("http-enabled", "false")
                .containsEntry("https-certificate-file", "/opt/keycloak/conf/tls/tls.crt")
                .containsEntry("https-certificate-key-file", "/opt/keycloak/conf/tls/tls.key")
                // health without TLS, but on the container's loopback only
                .containsEntry("http-management-host", "127.0.0.1")
                .doesNotContainKeys("http-port", "http-host", "hostname-strict-https");
        for (String node : KEYCLOAK_NODES) {
            JsonNode service = mergedCluster().path("services").path(node);
            assertThat(service.path("volumes").toString()).as(node)
                    .contains(":/opt/keycloak/conf/tls/tls.crt:ro", ":/opt/keycloak/conf/tls/tls.key:ro");
        }
    }

    @Test
    void the_apps_serve_https_only_with_exactly_the_protocols_and_cipher_suites_of_Tls() {
        JsonNode micronaut = yaml(DOCKER.resolve("apps/production.yml")).path("micronaut");
        JsonNode ssl = micronaut.path("server").path("ssl");
        assertThat(micronaut.path("server").path("dual-protocol").asBoolean(true)).isFalse();
        assertThat(ssl.path("enabled").asBoolean()).isTrue();
        assertThat(ssl.path("build-self-signed").asBoolean(true)).isFalse();
        assertThat(ssl.path("port").asText()).isEqualTo("${micronaut.server.port}");
        assertThat(strings(ssl.path("protocols"))).isEqualTo(Tls.PROTOCOLS);
        assertThat(strings(ssl.path("ciphers"))).isEqualTo(Tls.CIPHER_SUITES);
        JsonNode cert = micronaut.path("certificate").path("file").path(ssl.path("key-name").asText());
        assertThat(cert.path("format").asText()).isEqualTo("PEM");
        assertThat(cert.path("path").asText()).isEqualTo("/opt/app/tls/tls.key");
        assertThat(cert.path("certificate-path").asText()).isEqualTo("/opt/app/tls/tls.crt");
        for (String app : APPS) {
            JsonNode service = compose().path("services").path(app);
            assertThat(service.path("volumes").toString()).as(app)
                    .contains(":/opt/app/tls/tls.crt:ro", ":/opt/app/tls/tls.key:ro");
            assertThat(dockerfile(app)).as(app).contains("COPY docker/apps/production.yml /opt/app/config/production.yml")
                    .contains("MICRONAUT_CONFIG_FILES=/opt/app/config/production.yml");
        }
    }

    @Test
    void no_plain_http_port_is_published() {
        JsonNode services = mergedCluster().path("services");
        assertThat(services.path("postgres").has("ports")).as("postgres publishes nothing").isFalse();
        for (String node : KEYCLOAK_NODES) {
            assertThat(targetPorts(services.path(node))).as(node).containsExactly(keycloakConf().get("https-port"));
        }
        for (String app : APPS) {
            String port = dockerfileEnv(app).get("PK_" + app.toUpperCase() + "_PORT");
            // The app's own port is its HTTPS port (production.yml: ssl.port = server.port, no dual protocol).
            assertThat(targetPorts(services.path(app))).as(app).containsExactly(port);
        }
        assertThat(compose().path("networks").path("backend").path("internal").asBoolean()).isTrue();
        assertThat(strings(services.path("postgres").path("networks"))).containsExactly("backend");
    }

    // ---- Keycloak image ----

    @Test
    void keycloak_is_built_with_the_options_practicekey_needs_and_started_optimized() {
        String build = instructions(DOCKER.resolve("keycloak/Dockerfile")).stream()
                .filter(i -> i.startsWith("RUN ") && i.contains("kc.sh build")).findFirst().orElseThrow();
        List<String> expected = new ArrayList<>(List.of("--db=postgres", "--health-enabled=true"));
        KeycloakStack.PROVIDER_OPTIONS.forEach((k, v) -> expected.add("--" + k + "=" + v));
        assertThat(build.split("\\s+")).containsAll(expected);
        assertThat(instruction("keycloak", "ENTRYPOINT"))
                .isEqualTo("[\"/opt/keycloak/bin/kc.sh\", \"start\", \"--optimized\"]");
        assertThat(instruction("keycloak", "CMD")).isEqualTo("[\"--import-realm\"]");
        assertThat(compose().path("services").path("keycloak").has("command")).isFalse();
    }

    @Test
    void the_realm_is_imported_with_ssl_required_all_and_never_the_demo_data() throws IOException {
        JsonNode realm = new ObjectMapper().readTree(ROOT.resolve("realm-config/practicekey-realm.json").toFile());
        assertThat(realm.path("sslRequired").asText()).isEqualTo("${PK_SSL_REQUIRED:external}");
        assertThat(dockerfileEnv("keycloak")).containsEntry("PK_SSL_REQUIRED", "all");
        for (String node : KEYCLOAK_NODES) {
            assertThat(environment(mergedCluster().path("services").path(node))).as(node).containsEntry("PK_SSL_REQUIRED", "all");
        }
        assertThat(dockerfile("keycloak")).contains(
                "COPY --chown=1000:0 realm-config/practicekey-realm.json /opt/keycloak/data/import/practicekey-realm.json");
        // What is built and run, comments aside, never names the demo data.
        assertThat(dockerfile("keycloak")).doesNotContain("demo");
        assertThat(mergedCluster().toString()).doesNotContain("demo");
        assertThat(read(DOCKER.resolve("keycloak/Dockerfile.dockerignore")).lines().filter(l -> l.startsWith("!")))
                .containsExactlyInAnyOrder("!keycloak-providers/target/keycloak-providers-*.jar",
                        "!realm-config/practicekey-realm.json", "!docker/keycloak/keycloak.conf");
    }

    // ---- images, health checks, secrets ----

    @Test
    void base_images_are_pinned_and_keycloak_is_the_build_s_version() {
        String keycloak = "quay.io/keycloak/keycloak:" + Settings.build("keycloak.version");
        assertThat(froms("keycloak")).containsOnly(keycloak).hasSize(2);
        for (String app : APPS) {
            assertThat(froms(app)).as(app).singleElement().satisfies(DockerDeploymentTest::assertPinned)
                    .asString().startsWith("eclipse-temurin:17.");
        }
        String version = Settings.build("practicekey.version");
        JsonNode services = mergedCluster().path("services");
        services.fields().forEachRemaining(e -> {
            String image = e.getValue().path("image").asText();
            if (e.getValue().has("build") || KEYCLOAK_NODES.contains(e.getKey())) {
                assertThat(image).as(e.getKey()).startsWith("practicekey/").endsWith(":" + version);
            } else {
                assertPinned(image);
            }
        });
        assertThat(services.path("postgres").path("image").asText()).startsWith("postgres:16.");
        for (String name : List.of("keycloak", "clinical", "billing")) {
            assertThat(instructions(DOCKER.resolve(name + "/Dockerfile")))
                    .contains("ARG PRACTICEKEY_VERSION=" + version);
        }
    }

    @Test
    void every_service_and_image_has_a_health_check() {
        JsonNode services = mergedCluster().path("services");
        services.fields().forEachRemaining(e ->
                assertThat(strings(e.getValue().path("healthcheck").path("test"))).as(e.getKey()).isNotEmpty());
        assertThat(strings(services.path("postgres").path("healthcheck").path("test"))).contains("pg_isready");
        for (String node : KEYCLOAK_NODES) {
            String probe = String.join(" ", strings(services.path(node).path("healthcheck").path("test")));
            assertThat(probe).as(node).contains("/health/ready", "/dev/tcp/127.0.0.1/" + keycloakConf().get("http-management-port"));
        }
        for (String app : APPS) {
            String port = dockerfileEnv(app).get("PK_" + app.toUpperCase() + "_PORT");
            assertThat(strings(services.path(app).path("healthcheck").path("test"))).as(app)
                    .contains("https://127.0.0.1:" + port + "/health");
        }
        for (String name : List.of("keycloak", "clinical", "billing")) {
            assertThat(instruction(name, "HEALTHCHECK")).as(name).isNotBlank();
        }
    }

    @Test
    void services_depend_on_healthy_services() {
        JsonNode services = mergedCluster().path("services");
        for (String name : union(KEYCLOAK_NODES, APPS)) {
            assertThat(services.path(name).path("depends_on").path("postgres").path("condition").asText())
                    .as(name).isEqualTo("service_healthy");
        }
        for (String name : union(Set.of("keycloak-2"), APPS)) {
            assertThat(services.path(name).path("depends_on").path("keycloak").path("condition").asText())
                    .as(name).isEqualTo("service_healthy");
        }
    }

    @Test
    void secrets_and_urls_are_required_never_defaulted() {
        Pattern interpolation = Pattern.compile("\\$\\{([^}]*)}");
        for (Path f : List.of(DOCKER.resolve("compose.yaml"), DOCKER.resolve("compose.cluster.yaml"))) {
            Matcher m = interpolation.matcher(read(f));
            int count = 0;
            while (m.find()) {
                count++;
                assertThat(m.group(1)).as(f.getFileName() + ": " + m.group()).matches("[A-Z][A-Z0-9_]*:\\?.+");
            }
            assertThat(count).as(f.getFileName().toString()).isPositive();
        }
    }

    @Test
    void the_apps_run_as_a_non_root_user_with_issuer_jwks_and_database_from_the_environment() {
        for (String app : APPS) {
            assertThat(instruction(app, "USER")).as(app).isEqualTo("10001:10001");
            Map<String, String> env = environment(compose().path("services").path(app));
            String prefix = "PK_" + app.toUpperCase() + "_DB_";
            assertThat(env).as(app).containsKeys("PK_ISSUER", "PRACTICEKEY_SECURITY_JWKS_URI", prefix + "PASSWORD")
                    .containsEntry(prefix + "URL", "jdbc:postgresql://postgres:5432/" + app)
                    .containsEntry(prefix + "USER", app + "_app");
        }
        String init = read(DOCKER.resolve("postgres/10-practicekey.sh"));
        assertThat(init).contains("create keycloak keycloak ", "create clinical clinical_app ", "create billing  billing_app ")
                .contains("NOSUPERUSER NOBYPASSRLS");
        assertThat(environment(compose().path("services").path("keycloak")))
                .containsEntry("KC_DB_URL", "jdbc:postgresql://postgres:5432/keycloak")
                .containsEntry("KC_DB_USERNAME", "keycloak");
        assertThat(compose().path("services").path("postgres").path("volumes").toString())
                .contains("./postgres/10-practicekey.sh:/docker-entrypoint-initdb.d/10-practicekey.sh:ro");
    }

    // ---- cluster variant ----

    @Test
    void the_cluster_has_two_keycloak_nodes_that_differ_only_in_hostname_and_published_port() {
        JsonNode services = mergedCluster().path("services");
        JsonNode one = services.path("keycloak");
        JsonNode two = services.path("keycloak-2");
        assertThat(one.path("hostname").asText()).isNotBlank().isNotEqualTo(two.path("hostname").asText());
        for (JsonNode node : List.of(one, two)) {
            assertThat(environment(node)).containsEntry("KC_CACHE", "ispn").containsEntry("KC_CACHE_STACK", "jdbc-ping");
        }
        assertThat(environment(two)).isEqualTo(environment(one));
        for (String key : List.of("image", "volumes", "networks", "healthcheck", "restart")) {
            assertThat(two.path(key)).as(key).isEqualTo(one.path(key));
        }
        assertThat(strings(one.path("ports"))).doesNotContainAnyElementsOf(strings(two.path("ports")));
    }

    // ---- reading the files ----

    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docker/compose.yaml")) && Files.isRegularFile(p.resolve("mvnw"))) {
                return p;
            }
        }
        throw new IllegalStateException("no docker/compose.yaml above " + Path.of("").toAbsolutePath());
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode yaml(Path f) {
        try {
            return YAML.readTree(f.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode compose() {
        return yaml(DOCKER.resolve("compose.yaml"));
    }

    /** compose.yaml with compose.cluster.yaml on top, merged as compose merges mappings (sequences here are replaced). */
    private static JsonNode mergedCluster() {
        JsonNode base = compose().deepCopy();
        return merge(base, yaml(DOCKER.resolve("compose.cluster.yaml")));
    }

    private static JsonNode merge(JsonNode base, JsonNode override) {
        if (base instanceof com.fasterxml.jackson.databind.node.ObjectNode b && override.isObject()) {
            override.fields().forEachRemaining(e -> b.set(e.getKey(),
                    b.has(e.getKey()) ? merge(b.get(e.getKey()), e.getValue()) : e.getValue()));
            return b;
        }
        return override;
    }

    private static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new TreeMap<>();
        JsonNode e = service.path("environment");
        if (e.isObject()) {
            e.fields().forEachRemaining(f -> env.put(f.getKey(), f.getValue().asText()));
        } else {
            for (String s : strings(e)) {
                int eq = s.indexOf('=');
                env.put(s.substring(0, eq), s.substring(eq + 1));
            }
        }
        return env;
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (node.isObject()) {
            node.fieldNames().forEachRemaining(out::add);
        } else if (!node.isMissingNode() && !node.isNull()) {
            out.add(node.asText());
        }
        return out;
    }

    /** Container ports a service publishes ("8443:8443" and "127.0.0.1:8443:8443/tcp" forms). */
    private static List<String> targetPorts(JsonNode service) {
        List<String> out = new ArrayList<>();
        for (String p : strings(service.path("ports"))) {
            String[] parts = p.replaceAll("/(tcp|udp)$", "").split(":");
            out.add(parts[parts.length - 1]);
        }
        return out;
    }

    private static Map<String, String> envFile(Path f) {
        Map<String, String> env = new LinkedHashMap<>();
        read(f).lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(l -> {
            int eq = l.indexOf('=');
            env.put(l.substring(0, eq), l.substring(eq + 1));
        });
        return env;
    }

    private static Map<String, String> keycloakConf() {
        return envFile(DOCKER.resolve("keycloak/keycloak.conf"));
    }

    private static String dockerfile(String name) {
        return String.join("\n", instructions(DOCKER.resolve(name + "/Dockerfile")));
    }

    /** The Dockerfile's instructions, continuation lines joined, comments dropped. */
    private static List<String> instructions(Path dockerfile) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : read(dockerfile).lines().toList()) {
            String l = line.strip();
            if (l.startsWith("#") || (l.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (l.endsWith("\\")) {
                current.append(l, 0, l.length() - 1).append(' ');
                continue;
            }
            current.append(l);
            out.add(current.toString().replaceAll("\\s+", " ").strip());
            current.setLength(0);
        }
        return out;
    }

    /** The argument of the last instruction of that kind (as Docker applies the last ENTRYPOINT, CMD, USER...). */
    private static String instruction(String image, String kind) {
        String found = null;
        for (String i : instructions(DOCKER.resolve(image + "/Dockerfile"))) {
            if (i.startsWith(kind + " ")) {
                found = i.substring(kind.length() + 1);
            }
        }
        return found;
    }

    private static List<String> froms(String image) {
        return instructions(DOCKER.resolve(image + "/Dockerfile")).stream().filter(i -> i.startsWith("FROM "))
                .map(i -> i.split(" ")[1]).toList();
    }

    /** ENV of the Dockerfile (KEY=VALUE pairs). */
    private static Map<String, String> dockerfileEnv(String image) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String i : instructions(DOCKER.resolve(image + "/Dockerfile"))) {
            if (i.startsWith("ENV ")) {
                Arrays.stream(i.substring(4).split(" ")).filter(kv -> kv.contains("="))
                        .forEach(kv -> env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1)));
            }
        }
        return env;
    }

    /** A tag naming an exact release (at least major.minor), never latest. */
    private static void assertPinned(String image) {
        assertThat(image).as(image).doesNotEndWith(":latest").contains(":")
                .matches("[^:]+(:[0-9][^:@]*\\.[0-9][^:@]*)(@sha256:[0-9a-f]{64})?");
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new java.util.TreeSet<>(a);
        u.addAll(b);
        return u;
    }
}
