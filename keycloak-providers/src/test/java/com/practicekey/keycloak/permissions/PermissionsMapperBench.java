package com.practicekey.keycloak.permissions;

import com.fasterxml.jackson.databind.JsonNode;
import com.practicekey.stack.Http;
import com.practicekey.stack.junit.PracticeKeyServer;
import com.practicekey.stack.junit.PracticeKeyServer.Tenant;
import com.practicekey.stack.junit.PracticeKeyServer.User;
import com.practicekey.stack.junit.PracticeKeyTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 6, item 5: token refresh throughput with the permissions mapper against the same
 * client without it, for a user with 5 roles in each of 3 practices. Prints the ratio (target:
 * at least 0.9); never asserts on time. Run only with the {@code bench} profile:
 * {@code ./mvnw -pl keycloak-providers -am verify -Pbench -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}.
 * Settings: {@code -Dbench.seconds} (per round and client, default 10), {@code -Dbench.rounds}
 * (default 3), {@code -Dbench.threads} (default 2). Results also go to {@code target/benchmark-refresh.txt}.
 */
@PracticeKeyTest
class PermissionsMapperBench {

    private static final String SECRET = "bench-secret";

    @Test
    void refresh_throughput_with_and_without_the_mapper(PracticeKeyServer kc) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 10);
        int rounds = Integer.getInteger("bench.rounds", 3);
        int threads = Integer.getInteger("bench.threads", 2);

        User user = kc.newUser();
        List<Tenant> practices = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            Tenant practice = kc.newTenant("Bench " + p, Map.of("idleTimeoutMinutes", List.of(String.valueOf(10 + p))));
            String[] roles = new String[5];
            for (int r = 0; r < 5; r++) {
                roles[r] = "Role " + r;
                kc.admin().createTenantGroup(PracticeKeyServer.REALM, practice.id(), roles[r],
                        List.of(r % 2 == 0 ? "clinical.*" : "billing.*", "clinical.patient.read"),
                        List.of(r == 1 ? "billing.audit.*" : "clinical.note." + (r == 0 ? "*" : "sign")));
            }
            kc.addMember(practice, user, roles);
            practices.add(practice);
        }
        String scope = "openid organization:" + practices.get(0).alias();
        String with = client(kc, "bench-with-mapper", true);
        String without = client(kc, "bench-without-mapper", false);

        JsonNode sample = TokenClient.claims(grant(kc, with, user, scope).expect(200));
        assertThat(sample.path("tenant").asText()).isEqualTo(practices.get(0).alias());
        assertThat(sample.path("permissions")).isNotEmpty();
        assertThat(TokenClient.claims(grant(kc, without, user, scope).expect(200)).has("permissions")).isFalse();

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            measure(kc, pool, threads, with, user, scope, Math.max(2, seconds / 2));      // warm-up
            measure(kc, pool, threads, without, user, scope, Math.max(2, seconds / 2));
            long withCount = 0;
            long withoutCount = 0;
            for (int round = 0; round < rounds; round++) {
                // The client that goes first changes each round, against drift in the machine's load.
                if (round % 2 == 0) {
                    withCount += measure(kc, pool, threads, with, user, scope, seconds);
                    withoutCount += measure(kc, pool, threads, without, user, scope, seconds);
                } else {
                    withoutCount += measure(kc, pool, threads, without, user, scope, seconds);
                    withCount += measure(kc, pool, threads, with, user, scope, seconds);
                }
            }
            double total = (double) rounds * seconds;
            double withRate = withCount / total;
            double withoutRate = withoutCount / total;
            String report = String.format(java.util.Locale.ROOT,
                    "token refresh (refresh_token grant), user with 5 roles in each of 3 practices, %d thread(s), %d x %d s"
                            + " per client, the first client alternating by round; %d cores%n"
                            + "  with the permissions mapper:    %.1f refreshes/s%n"
                            + "  without the permissions mapper: %.1f refreshes/s%n"
                            + "  ratio with/without: %.3f (target >= 0.9)%n",
                    threads, rounds, seconds, Runtime.getRuntime().availableProcessors(), withRate, withoutRate,
                    withRate / withoutRate);
            System.out.printf("%n[bench] %s%n", report.replace("\n", "\n[bench] ").stripTrailing());
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "benchmark-refresh.txt"), report);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Refreshes for {@code seconds} on {@code threads} sessions of their own; the number of successful refreshes. */
    private static long measure(PracticeKeyServer kc, ExecutorService pool, int threads, String clientId, User user,
                                String scope, int seconds) throws Exception {
        // One session per thread, signed in one after the other: brute-force protection refuses
        // simultaneous sign-ins of one user.
        List<String> sessions = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            sessions.add(grant(kc, clientId, user, scope).expect(200).json().path("refresh_token").asText());
        }
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<Long>> results = new ArrayList<>();
        for (String session : sessions) {
            results.add(pool.submit(() -> {
                AtomicReference<String> refresh = new AtomicReference<>(session);
                long count = 0;
                while (System.nanoTime() < end) {
                    JsonNode answer = token(kc, clientId, Map.of("grant_type", "refresh_token",
                            "refresh_token", refresh.get())).expect(200).json();
                    refresh.set(answer.path("refresh_token").asText());
                    count++;
                }
                return count;
            }));
        }
        long total = 0;
        for (Future<Long> f : results) {
            total += f.get();
        }
        return total;
    }

    /** A confidential client with direct grants, like the apps; with or without the permissions mapper. */
    private static String client(PracticeKeyServer kc, String clientId, boolean mapper) {
        Map<String, Object> rep = new HashMap<>();
        rep.put("clientId", clientId);
        rep.put("enabled", true);
        rep.put("publicClient", false);
        rep.put("secret", SECRET);
        rep.put("standardFlowEnabled", false);
        rep.put("directAccessGrantsEnabled", true);
        // Like clinical-app in practicekey-realm.json: an audience mapper on both, the permissions mapper on one.
        List<Map<String, Object>> mappers = new ArrayList<>();
        mappers.add(Map.of("name", "audience", "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
                "config", Map.of("included.client.audience", clientId, "access.token.claim", "true",
                        "id.token.claim", "false", "introspection.token.claim", "true")));
        if (mapper) {
            mappers.add(Map.of(
                    "name", "practicekey permissions", "protocol", "openid-connect",
                    "protocolMapper", PermissionsProtocolMapper.PROVIDER_ID,
                    "config", Map.of("access.token.claim", "true")));
        }
        rep.put("protocolMappers", mappers);
        kc.admin().createClientIfMissing(PracticeKeyServer.REALM, rep);
        return clientId;
    }

    private static Http.Response grant(PracticeKeyServer kc, String clientId, User user, String scope) {
        return token(kc, clientId, Map.of("grant_type", "password", "username", user.email(),
                "password", user.password(), "scope", scope));
    }

    private static Http.Response token(PracticeKeyServer kc, String clientId, Map<String, String> fields) {
        Map<String, String> form = new HashMap<>(fields);
        form.put("client_id", clientId);
        form.put("client_secret", SECRET);
        return Http.form(kc.realmUrl("protocol/openid-connect/token"), form);
    }
}
