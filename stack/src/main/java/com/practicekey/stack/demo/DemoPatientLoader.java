package com.practicekey.stack.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.practicekey.stack.Http;
import com.practicekey.stack.KeycloakAdmin;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Loads the generated demo patients ({@link DemoPatients}) of every demo practice into the
 * running apps through their import API ({@code POST /api/fhir/import}, {@code application/fhir+json}),
 * as a demo user of that practice who holds the app's import permission ({@code clinical.import},
 * {@code billing.import}), signed in to the app's own client ({@link AppLogin}).
 *
 * <p>Every app gets the same bundles and imports what it keeps (clinical: patients, encounters,
 * conditions, observations; billing: patients, coverage, claims), answering the rest as ignored.
 * After a practice and app loaded without failure, a marker in the state folder holds a hash of
 * the bundles; a restart with the same bundles skips that practice and app (no requests, no audit
 * entries). Without the marker, or when the bundles changed (generator, seed, patient count),
 * they are sent again, and the import matches records on their identifiers, so nothing is
 * duplicated (the summary then counts them as updated).
 */
public final class DemoPatientLoader {

    /** Patients per practice unless {@code PK_DEMO_PATIENTS} says otherwise. */
    public static final int DEFAULT_PATIENTS = 300;
    /** The generator's seed for the demo practices (with the practice alias). */
    public static final long SEED = 1;
    /**
     * Compact JSON per request: about 25 patients, far under the import endpoint's 16 MiB limit
     * (the apps' 64 KiB limit holds for their other endpoints only).
     */
    public static final int MAX_BUNDLE_BYTES = 512 * 1024;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** A running app: short name ({@code clinical}, {@code billing}) and base URL. */
    public record App(String name, URI url) {
        public String clientId() {
            return name + "-app";
        }

        public String permission() {
            return name + ".import";
        }
    }

    /** A demo practice and its demo users in file order, with their roles' allow and deny patterns. */
    public record DemoPractice(DemoPatients.Practice practice, List<Member> members) {
        /** The members whose roles grant {@code permission} in this practice (allowed by a role and denied by none). */
        public List<Member> holding(String permission) {
            return members.stream().filter(m -> m.holds(permission)).toList();
        }
    }

    /** A demo user's membership: e-mail, password, and the allow/deny patterns of their roles there. */
    public record Member(String email, String password, List<String> allow, List<String> deny) {
        public boolean holds(String permission) {
            return allow.stream().anyMatch(p -> matches(p, permission)) && deny.stream().noneMatch(p -> matches(p, permission));
        }

        @Override
        public String toString() {
            return email; // never the password
        }
    }

    /** What one app took for one practice. */
    public record Result(String practice, String app, int patients, int bundles, int bundlesSent,
                         Map<String, Integer> created, Map<String, Integer> updated, Map<String, Integer> ignored,
                         Duration took, String problem, boolean kept) {
        public boolean ok() {
            return problem == null;
        }

        /** Nothing sent: the same bundles were loaded into this app before (marker in the state folder). */
        static Result kept(String practice, String app, int patients, int bundles) {
            return new Result(practice, app, patients, bundles, 0, Map.of(), Map.of(), Map.of(), Duration.ZERO, null, true);
        }

        /** One line of counts only: never a name, date or identifier of a patient. */
        public String summary() {
            String head = "demo patients " + practice + " -> " + app + "-app: ";
            if (kept) {
                return head + patients + " patients kept from the last run (same bundles already loaded)";
            }
            if (!ok()) {
                return head + "FAILED after " + bundlesSent + " of " + bundles + " bundles: " + problem;
            }
            return head + patients + " patients in " + bundles + " bundles, "
                    + String.format(Locale.ROOT, "%.1f s", took.toMillis() / 1000.0)
                    + "; created " + counts(created) + "; updated " + counts(updated) + "; ignored " + counts(ignored);
        }

        private static String counts(Map<String, Integer> m) {
            return m.isEmpty() ? "none" : m.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", "));
        }
    }

    private DemoPatientLoader() {
    }

    /** The pattern rule of {@code realm-config/README.md}: exact, or {@code prefix.*} for every name under the prefix. */
    static boolean matches(String pattern, String permission) {
        if (pattern.endsWith(".*")) {
            return permission.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(permission);
    }

    /**
     * The demo practices of {@code demo-data.json}: alias, name, {@code demoProfile} (default
     * family) and members with their roles' patterns.
     */
    public static List<DemoPractice> practices(JsonNode demoData) {
        List<DemoPractice> out = new ArrayList<>();
        for (JsonNode t : demoData.path("tenants")) {
            String alias = t.path("alias").asText();
            DemoPatients.Practice practice = new DemoPatients.Practice(alias, t.path("name").asText(),
                    DemoPatients.Profile.parse(t.path("demoProfile").asText("family")));
            Map<String, JsonNode> roles = new LinkedHashMap<>();
            t.path("roles").forEach(r -> roles.put(r.path("name").asText(), r));
            List<Member> members = new ArrayList<>();
            for (JsonNode u : demoData.path("users")) {
                JsonNode held = u.path("tenants").path(alias);
                if (!held.isArray()) {
                    continue;
                }
                List<String> allow = new ArrayList<>();
                List<String> deny = new ArrayList<>();
                for (JsonNode roleName : held) {
                    JsonNode role = roles.get(roleName.asText());
                    if (role == null) {
                        throw new IllegalStateException("demo user " + u.path("email").asText() + " names unknown role "
                                + roleName.asText() + " of tenant " + alias);
                    }
                    role.path("allow").forEach(p -> allow.add(p.asText()));
                    role.path("deny").forEach(p -> deny.add(p.asText()));
                }
                members.add(new Member(u.path("email").asText(), u.path("password").asText(), allow, deny));
            }
            out.add(new DemoPractice(practice, members));
        }
        return out;
    }

    /**
     * The app client's registration as Keycloak has it: secret and redirect URI (the first
     * registered one, made absolute with the client's root URL).
     */
    public static AppLogin.Client client(KeycloakAdmin admin, String realm, String clientId, URI realmBase) {
        JsonNode found = admin.get(realm + "/clients?clientId=" + Http.enc(clientId)).expect(200).json();
        if (!found.isArray() || found.isEmpty()) {
            throw new IllegalStateException("client " + clientId + " is not in realm " + realm);
        }
        JsonNode c = found.get(0);
        String secret = admin.get(realm + "/clients/" + c.get("id").asText() + "/client-secret").expect(200).json()
                .path("value").asText();
        String redirect = c.path("redirectUris").path(0).asText("");
        if (redirect.isEmpty()) {
            throw new IllegalStateException("client " + clientId + " has no redirect URI");
        }
        if (redirect.endsWith("*")) {
            redirect = redirect.substring(0, redirect.length() - 1) + "demo-import";
        }
        if (redirect.startsWith("/")) {
            redirect = c.path("rootUrl").asText("").replaceAll("/$", "") + redirect;
        }
        return new AppLogin.Client(realmBase, clientId, secret, redirect);
    }

    /**
     * Loads {@code patients} patients of every practice into every app, one practice and app
     * after the other; prints one summary line each through {@code log}. A failure is reported
     * in its line and the loading goes on with the next practice or app.
     */
    public static List<Result> load(List<DemoPractice> practices, List<App> apps, Map<String, AppLogin.Client> clients,
                                    SSLContext tls, int patients, Path markers, Consumer<String> log) {
        List<Result> results = new ArrayList<>();
        for (DemoPractice p : practices) {
            List<ObjectNode> bundles = new DemoPatients(p.practice(), SEED).bundles(patients, MAX_BUNDLE_BYTES);
            List<byte[]> bodies = bundles.stream().map(DemoPatients::bytes).toList();
            String fingerprint = fingerprint(bodies);
            for (App app : apps) {
                Path marker = markers.resolve(p.practice().alias() + "." + app.name());
                Result r;
                if (fingerprint.equals(read(marker))) {
                    r = Result.kept(p.practice().alias(), app.name(), patients, bodies.size());
                } else {
                    r = loadOne(p, app, clients.get(app.clientId()), tls, patients, bodies);
                    if (r.ok()) {
                        write(marker, fingerprint);
                    }
                }
                results.add(r);
                log.accept(r.summary());
            }
        }
        return results;
    }

    /** SHA-256 over every bundle: changes with the generator, the seed, the practice and the patient count. */
    static String fingerprint(List<byte[]> bodies) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] b : bodies) {
                sha.update(b);
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path marker) {
        try {
            return Files.isRegularFile(marker) ? Files.readString(marker).trim() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void write(Path marker, String fingerprint) {
        try {
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, fingerprint + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + marker, e);
        }
    }

    private static Result loadOne(DemoPractice p, App app, AppLogin.Client client, SSLContext tls, int patients,
                                  List<byte[]> bodies) {
        String alias = p.practice().alias();
        long started = System.nanoTime();
        Map<String, Integer> created = new LinkedHashMap<>();
        Map<String, Integer> updated = new LinkedHashMap<>();
        Map<String, Integer> ignored = new LinkedHashMap<>();
        int sent = 0;
        try {
            if (client == null) {
                throw new IllegalStateException("no client registration for " + app.clientId());
            }
            AppLogin login = signIn(p, app, client, tls);
            URI endpoint = app.url().resolve("/api/fhir/import");
            for (byte[] body : bodies) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(endpoint)
                        .timeout(Duration.ofMinutes(2))
                        .header("Content-Type", "application/fhir+json")
                        .header("Accept", "application/json")
                        .header("Authorization", "Bearer " + login.token())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("HTTP " + r.statusCode() + describe(r.body()));
                }
                JsonNode answer = Http.JSON.readTree(r.body());
                add(created, answer.path("created"));
                add(updated, answer.path("updated"));
                add(ignored, answer.path("ignored"));
                sent++;
            }
            return new Result(alias, app.name(), patients, bodies.size(), sent, created, updated, ignored,
                    Duration.ofNanos(System.nanoTime() - started), null, false);
        } catch (IOException e) {
            return new Result(alias, app.name(), patients, bodies.size(), sent, created, updated, ignored,
                    Duration.ofNanos(System.nanoTime() - started), app.url() + " did not answer: " + e.getMessage(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(alias, app.name(), patients, bodies.size(), sent, created, updated, ignored,
                    Duration.ofNanos(System.nanoTime() - started), "interrupted", false);
        } catch (RuntimeException e) {
            return new Result(alias, app.name(), patients, bodies.size(), sent, created, updated, ignored,
                    Duration.ofNanos(System.nanoTime() - started), e.getMessage(), false);
        }
    }

    /**
     * Signs in the first member who holds the import permission in the demo data and whose token
     * really carries it for this practice; says who was tried when none does.
     */
    private static AppLogin signIn(DemoPractice p, App app, AppLogin.Client client, SSLContext tls) {
        String alias = p.practice().alias();
        List<Member> candidates = p.holding(app.permission());
        if (candidates.isEmpty()) {
            throw new IllegalStateException("no demo user of " + alias + " holds " + app.permission()
                    + " (realm-config/demo/demo-data.json)");
        }
        List<String> tried = new ArrayList<>();
        for (Member m : candidates) {
            AppLogin login = new AppLogin(client, tls, m.email(), m.password(), alias);
            JsonNode claims = login.claims();
            boolean holds = alias.equals(claims.path("tenant").asText());
            boolean permitted = false;
            for (JsonNode perm : claims.path("permissions")) {
                permitted |= app.permission().equals(perm.asText());
            }
            if (holds && permitted) {
                return login;
            }
            tried.add(m.email());
        }
        throw new IllegalStateException("the tokens of " + tried + " do not carry " + app.permission() + " for " + alias
                + " (roles changed since the demo data was loaded? ./devstack --fresh reloads it)");
    }

    private static void add(Map<String, Integer> into, JsonNode counts) {
        for (Iterator<Map.Entry<String, JsonNode>> it = counts.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().asInt() != 0) {
                into.merge(e.getKey(), e.getValue().asInt(), Integer::sum);
            }
        }
    }

    /** The app's error message ({@code {"error","message"}}), shortened. */
    private static String describe(String body) {
        String message;
        try {
            JsonNode j = Http.JSON.readTree(body);
            message = j.path("message").asText(j.path("error").asText(""));
        } catch (IOException e) {
            message = "";
        }
        if (message.isBlank()) {
            return "";
        }
        return ": " + (message.length() > 300 ? message.substring(0, 300) + "..." : message);
    }
}
