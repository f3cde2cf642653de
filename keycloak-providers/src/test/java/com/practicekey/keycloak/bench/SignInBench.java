package com.practicekey.keycloak.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.practicekey.stack.Http;
import com.practicekey.stack.KeycloakAdmin;
import com.practicekey.stack.KeycloakServer;
import com.practicekey.stack.KeycloakStack;
import com.practicekey.stack.junit.PracticeKeyServer;
import com.practicekey.stack.junit.PracticeKeyTest;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8, item 5: password sign-ins per second on PracticeKey's Keycloak (provider jar, build
 * options, realm file) against a stock Keycloak 26.7.3 started by the same harness
 * ({@link KeycloakStack#startStock}) on the same embedded PostgreSQL (a database of its own),
 * for users in 1 practice and in 5 practices. Prints sign-ins/s and the ratios; asserts no timing.
 *
 * <p>A sign-in is a direct grant ({@code grant_type=password}, scope {@code openid}) on a public
 * client with direct grants, identical on both servers. It runs the same per-sign-in work as the
 * browser form (user lookup, argon2 check, brute-force/lockout, required actions, PracticeKey's
 * in-memory policy check against the merged practices' policy, events, session, tokens) without
 * the page rendering and redirects, which are the same stock code on both servers and would only
 * dilute the difference.
 *
 * <p>The stock realm is {@code practicekey-realm.json} with every PracticeKey provider removed
 * (the {@code hardToGuess} policy, PracticeKey's listeners, required actions, mappers, theme and
 * attributes): argon2, brute-force protection and organizations as in the real realm. Both servers
 * get the same practices (organization attributes and groups) and users through the admin API.
 * The servers are measured one after the other, never at once, the same number of sign-ins with
 * the same number of client threads, after a warm-up; the rounds alternate which server goes
 * first and which case goes first, against drift in the machine's load.
 *
 * <p>Run only with the {@code bench} profile (see the README). Settings: {@code -Dbench.signins}
 * (per server, case and round; default 50), {@code -Dbench.rounds} (default 4),
 * {@code -Dbench.threads} (default 2), {@code -Dbench.warmup} (per server and case; default 30).
 * Results also go to {@code target/benchmark-signin.txt}.
 */
@PracticeKeyTest
class SignInBench {

    static final String CLIENT = "bench-signin";
    static final String REALM = PracticeKeyServer.REALM;
    /** Meets the realm policy and every bench practice's policy. */
    static final String PASSWORD = PracticeKeyServer.DEFAULT_PASSWORD;
    static final int PRACTICES = 5;

    /** The settings of the 5 practices (those of the demo practices, and two more). */
    static final List<Map<String, List<String>>> SETTINGS = List.of(
            settings("length(12) and digits(1) and notEmail", 5, 15),
            settings("length(10) and upperCase(1) and specialChars(1)", 3, 10),
            settings("length(8)", 10, 30),
            settings("length(12) and lowerCase(1) and upperCase(1)", 6, 20),
            settings("length(9) and digits(2) and notUsername", 4, 12));

    /** One server under test: its URL, admin client and the bench users of each case. */
    record Side(String name, URI base, KeycloakAdmin admin, List<String> onePractice, List<String> fivePractices) {
        URI token() {
            return base.resolve("/realms/" + REALM + "/protocol/openid-connect/token");
        }
    }

    @Test
    void password_sign_ins_with_and_without_practicekey(PracticeKeyServer kc) throws Exception {
        int signIns = Integer.getInteger("bench.signins", 50);
        int rounds = Integer.getInteger("bench.rounds", 4);
        int threads = Integer.getInteger("bench.threads", 2);
        int warmUp = Integer.getInteger("bench.warmup", 30);

        Path work = Path.of("target", "keycloak-stock").toAbsolutePath();
        Files.createDirectories(work);
        Files.deleteIfExists(work.resolve("keycloak.log"));
        long t0 = System.nanoTime();
        try (KeycloakServer stockServer = KeycloakStack.startStock(work, stockDistributionParent(), kc.database(),
                "keycloak_stock", Map.of("log-level", "INFO"), Duration.ofMinutes(8))) {
            System.out.printf("[bench] stock Keycloak ready at %s in %d s%n", stockServer.httpUrl(),
                    (System.nanoTime() - t0) / 1_000_000_000L);
            KeycloakAdmin stockAdmin = new KeycloakAdmin(stockServer.httpUrl(), stockServer.adminUser(), stockServer.adminPassword());
            Http.send("POST", stockServer.httpUrl().resolve("/admin/realms"), stockAdmin.token(), stockRealm()).expect(201);

            Side practiceKey = prepare("PracticeKey", kc.baseUrl(), kc.admin(), threads);
            Side stock = prepare("stock", stockServer.httpUrl(), stockAdmin, threads);

            // The two servers are what they claim: PracticeKey's realm API exists on one only,
            // only PracticeKey refuses a password its hardToGuess rule rejects, both hash with argon2.
            assertThat(Http.send("GET", practiceKey.base().resolve("/realms/" + REALM + "/practicekey/me/policy"), null, null).status())
                    .isEqualTo(401);
            assertThat(Http.send("GET", stock.base().resolve("/realms/" + REALM + "/practicekey/me/policy"), null, null).status())
                    .isEqualTo(404);
            assertThat(weakPasswordStatus(practiceKey)).isEqualTo(400);
            assertThat(weakPasswordStatus(stock)).isEqualTo(204);
            for (Side side : List.of(practiceKey, stock)) {
                JsonNode realm = side.admin().get(REALM).expect(200).json();
                assertThat(realm.path("passwordPolicy").asText()).contains("hashAlgorithm(argon2)");
                assertThat(realm.path("bruteForceProtected").asBoolean()).isTrue();
                assertThat(realm.path("organizationsEnabled").asBoolean()).isTrue();
            }
            for (Side side : List.of(practiceKey, stock)) {
                signIn(side, side.onePractice().get(0));
                signIn(side, side.fivePractices().get(0));
            }

            ExecutorService pool = Executors.newFixedThreadPool(threads);
            Map<String, long[]> nanos = new LinkedHashMap<>();
            Map<String, Integer> counts = new LinkedHashMap<>();
            try {
                for (Side side : List.of(practiceKey, stock)) {
                    run(pool, side, side.onePractice(), warmUp);
                    run(pool, side, side.fivePractices(), warmUp);
                }
                for (int round = 0; round < rounds; round++) {
                    // Which server and which case go first changes from round to round (every
                    // combination once in 4 rounds), against drift in the machine's load.
                    List<Side> order = round % 2 == 0 ? List.of(practiceKey, stock) : List.of(stock, practiceKey);
                    int[] cases = (round / 2) % 2 == 0 ? new int[] {1, PRACTICES} : new int[] {PRACTICES, 1};
                    for (int practices : cases) {
                        for (Side side : order) {
                            String key = side.name() + "/" + practices;
                            long took = run(pool, side, practices == 1 ? side.onePractice() : side.fivePractices(), signIns);
                            nanos.computeIfAbsent(key, k -> new long[rounds])[round] = took;
                            counts.merge(key, signIns, Integer::sum);
                        }
                    }
                }
            } finally {
                pool.shutdownNow();
            }

            StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                    "password sign-ins (direct grant, argon2), Keycloak 26.7.3, %d client thread(s), %d round(s) x %d sign-ins"
                            + " per server and case after %d warm-up; %d cores%n",
                    threads, rounds, signIns, warmUp, Runtime.getRuntime().availableProcessors()));
            report.append(String.format(Locale.ROOT, "  %-24s %14s %14s %8s%n", "case", "PracticeKey/s", "stock/s", "ratio"));
            for (int practices : new int[] {1, PRACTICES}) {
                double pk = rate(counts.get("PracticeKey/" + practices), nanos.get("PracticeKey/" + practices));
                double base = rate(counts.get("stock/" + practices), nanos.get("stock/" + practices));
                report.append(String.format(Locale.ROOT, "  %-24s %14.1f %14.1f %8.3f%n",
                        "user in " + practices + " practice" + (practices == 1 ? "" : "s"), pk, base, pk / base));
            }
            report.append(String.format(Locale.ROOT, "  per round (s): %s%n", perRound(nanos)));
            System.out.printf("%n[bench] %s%n", report.toString().replace("\n", "\n[bench] ").stripTrailing());
            Files.writeString(Path.of("target", "benchmark-signin.txt"), report.toString());
        }
        System.out.println("[bench] stock Keycloak stopped");
    }

    /** The bench client, the 5 practices with their roles, and {@code 2 * threads} users per case. */
    static Side prepare(String name, URI base, KeycloakAdmin admin, int threads) {
        admin.createClientIfMissing(REALM, Map.of(
                "clientId", CLIENT, "enabled", true, "publicClient", true,
                "standardFlowEnabled", false, "directAccessGrantsEnabled", true));
        List<String[]> practices = new ArrayList<>();
        for (int p = 0; p < PRACTICES; p++) {
            String alias = PracticeKeyServer.unique("bench");
            String orgId = admin.createTenant(REALM, alias, "Bench practice " + p, SETTINGS.get(p));
            admin.createTenantGroup(REALM, orgId, "admins", List.of(), List.of());
            String physician = admin.createTenantGroup(REALM, orgId, "Physician", List.of("clinical.*"), List.of());
            String frontDesk = admin.createTenantGroup(REALM, orgId, "Front Desk", List.of("clinical.*", "billing.*"),
                    List.of("clinical.note.*"));
            practices.add(new String[] {orgId, physician, frontDesk});
        }
        List<String> one = new ArrayList<>();
        List<String> five = new ArrayList<>();
        for (int u = 0; u < 2 * threads; u++) {
            one.add(user(admin, practices.subList(0, 1)));
            five.add(user(admin, practices));
        }
        return new Side(name, base, admin, one, five);
    }

    /**
     * A user who chose the password on Keycloak's pages (an administrator's password is always
     * temporary with PracticeKey; both sides are given users made the same way), member of the
     * practices with both roles in each.
     */
    static String user(KeycloakAdmin admin, List<String[]> practices) {
        String email = PracticeKeyServer.unique("bench") + "@example.test";
        String id = admin.createUserWithOwnPassword(REALM, email, "Bench", "User", PASSWORD);
        for (String[] p : practices) {
            admin.addMember(REALM, p[0], id);
            admin.addTenantGroupMember(REALM, p[0], p[1], id);
            admin.addTenantGroupMember(REALM, p[0], p[2], id);
        }
        return email;
    }

    /** The admin API's status for setting a common password that passes every stock rule of the realm. */
    static int weakPasswordStatus(Side side) {
        String id = side.admin().createUser(REALM, PracticeKeyServer.unique("weak") + "@example.test", "Weak", "Password");
        return side.admin().call("PUT", REALM + "/users/" + id + "/reset-password",
                Map.of("type", "password", "value", "password1234", "temporary", false)).status();
    }

    static JsonNode signIn(Side side, String email) {
        JsonNode t = Http.form(side.token(), Map.of("grant_type", "password", "client_id", CLIENT,
                "username", email, "password", PASSWORD, "scope", "openid")).expect(200).json();
        if (!t.hasNonNull("access_token")) {
            throw new IllegalStateException(side.name() + ": no access token for a sign-in");
        }
        return t;
    }

    /**
     * {@code total} sign-ins spread over the pool's threads, each thread on users of its own
     * (brute-force protection may refuse simultaneous sign-ins of one user); the wall-clock nanoseconds they took.
     */
    static long run(ExecutorService pool, Side side, List<String> users, int total) throws Exception {
        int threads = users.size() / 2;
        List<Future<?>> done = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            List<String> mine = List.of(users.get(2 * t), users.get(2 * t + 1));
            int n = total / threads + (t < total % threads ? 1 : 0);
            done.add(pool.submit(() -> {
                for (int i = 0; i < n; i++) {
                    signIn(side, mine.get(i % 2));
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        return System.nanoTime() - start;
    }

    static double rate(int count, long[] nanos) {
        return count / (Arrays.stream(nanos).sum() / 1e9);
    }

    static String perRound(Map<String, long[]> nanos) {
        StringBuilder s = new StringBuilder();
        nanos.forEach((k, v) -> s.append(k).append(' ').append(Arrays.toString(Arrays.stream(v)
                .mapToObj(n -> String.format(Locale.ROOT, "%.1f", n / 1e9)).toArray())).append("; "));
        return s.toString().replaceAll("; $", "");
    }

    static Map<String, List<String>> settings(String policy, int lockout, int idle) {
        return Map.of("passwordPolicy", List.of(policy), "lockoutMaxFailures", List.of(String.valueOf(lockout)),
                "idleTimeoutMinutes", List.of(String.valueOf(idle)));
    }

    /**
     * {@code practicekey-realm.json} without PracticeKey: the {@code hardToGuess} rule, PracticeKey's
     * event listeners, required actions, protocol mappers, theme and realm attributes removed;
     * {@code ${VAR:default}} placeholders (resolved by Keycloak's import, not by the admin API)
     * replaced by their defaults. Fails if any PracticeKey provider id is left.
     */
    static JsonNode stockRealm() throws Exception {
        ObjectNode realm;
        try (InputStream in = KeycloakStack.realmFile()) {
            realm = (ObjectNode) Http.JSON.readTree(in);
        }
        realm.remove("loginTheme");
        realm.put("passwordPolicy", Arrays.stream(realm.path("passwordPolicy").asText().split("\\s+and\\s+"))
                .filter(rule -> !rule.startsWith("hardToGuess"))
                .reduce((a, b) -> a + " and " + b).orElseThrow());
        removeIf((ArrayNode) realm.path("eventsListeners"), n -> n.asText().startsWith("practicekey"));
        removeIf((ArrayNode) realm.path("requiredActions"), n -> n.path("providerId").asText().startsWith("practicekey"));
        if (realm.path("attributes") instanceof ObjectNode attributes) {
            attributes.properties().removeIf(e -> e.getKey().startsWith("practicekey."));
        }
        for (JsonNode client : realm.path("clients")) {
            if (client.path("protocolMappers") instanceof ArrayNode mappers) {
                removeIf(mappers, m -> m.path("protocolMapper").asText().startsWith("practicekey"));
            }
        }
        JsonNode resolved = resolvePlaceholders(realm);
        String text = Http.JSON.writeValueAsString(resolved);
        if (text.contains("\"practicekey-") || text.contains("hardToGuess") || text.contains("practicekey.")) {
            throw new IllegalStateException("the stock realm still names a PracticeKey provider: " + text);
        }
        return resolved;
    }

    private static void removeIf(ArrayNode array, java.util.function.Predicate<JsonNode> drop) {
        for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
            if (drop.test(it.next())) {
                it.remove();
            }
        }
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[A-Za-z0-9_]+:([^}]*)}");

    private static JsonNode resolvePlaceholders(JsonNode node) {
        if (node.isTextual()) {
            Matcher m = PLACEHOLDER.matcher(node.asText());
            return new TextNode(m.replaceAll(r -> Matcher.quoteReplacement(r.group(1))));
        }
        if (node instanceof ObjectNode o) {
            o.properties().forEach(e -> e.setValue(resolvePlaceholders(e.getValue())));
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, resolvePlaceholders(a.get(i)));
            }
        }
        return node;
    }

    /**
     * Where the stock distribution is unpacked and built: {@code target/keycloak-dist-stock} of the
     * repository root, beside (never inside) the one PracticeKey's servers use, so that neither
     * build undoes the other.
     */
    static Path stockDistributionParent() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve(".mvn"))) {
                return p.resolve("target/keycloak-dist-stock");
            }
        }
        return dir.resolve("target/keycloak-dist-stock");
    }
}
