package com.practicekey.clinical;

import com.practicekey.apps.security.PracticeKeyTokenValidator;
import com.practicekey.stack.Http;
import com.practicekey.stack.junit.AppTokens;
import com.practicekey.stack.junit.PracticeKeyServer;
import com.practicekey.stack.junit.PracticeKeyTest;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Item 8 of the apps issue: throughput and p50/p99 latency of an authenticated, practice-scoped
 * list request (token check, idle-lock row, row-level security, audit entry) against the same
 * app's unauthenticated health endpoint, from one run, one client thread, loopback only, bounded
 * request counts. The realm's keys must be fetched once, not per request. Results go to stdout
 * and to {@code target/benchmark-list.txt}. It stays in the normal suite (not the {@code bench} profile):
 * it is short, and its check that the keys are fetched once is a test of the token validator.
 */
@PracticeKeyTest
class ListBenchmarkIT {

    static final int WARM_UP = 200;
    static final int REQUESTS = 1000;

    record Stats(double perSecond, double p50Millis, double p99Millis) {
        static Stats of(long[] nanos, long totalNanos) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return new Stats(sorted.length / (totalNanos / 1e9), sorted[sorted.length / 2] / 1e6,
                    sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6);
        }
    }

    @Test
    void authenticated_list_against_health(PracticeKeyServer kc) throws Exception {
        EmbeddedServer app = ClinicalApp.start(kc);
        try {
            PracticeKeyServer.Tenant t = kc.newTenant("Benchmark clinic", Map.of());
            PracticeKeyServer.User u = kc.newUser();
            kc.addMember(t, u);
            AppTokens tokens = new AppTokens(kc);
            String client = tokens.client(new AppTokens.Claims("clinical-app", t.alias(), ClinicalApp.allClinicalPermissions()));
            String token = tokens.accessToken(client, u);
            for (int i = 0; i < 30; i++) {
                Http.send("POST", ClinicalApp.url(app, "/api/patients"), token, Map.of("familyName", "Benchperson" + i,
                        "givenName", "Synthetic", "birthDate", "1990-01-01", "sex", "unknown")).expect(201);
            }
            URI health = ClinicalApp.url(app, "/health");
            URI list = ClinicalApp.url(app, "/api/patients?size=20");
            run(health, null, WARM_UP);
            run(list, token, WARM_UP);
            PracticeKeyTokenValidator validator = app.getApplicationContext().getBean(PracticeKeyTokenValidator.class);
            long fetches = validator.jwksFetchCount();
            assertEquals(1, fetches, "the realm's keys were fetched once since start");

            Stats h = run(health, null, REQUESTS);
            Stats l = run(list, token, REQUESTS);
            assertEquals(fetches, validator.jwksFetchCount(), "no key fetch during the run");

            String report = String.format(Locale.ROOT, """
                    clinical-app, %d sequential requests each, one client thread, loopback
                      GET /health (no token)               %8.1f req/s  p50 %6.2f ms  p99 %6.2f ms
                      GET /api/patients?size=20 (token)    %8.1f req/s  p50 %6.2f ms  p99 %6.2f ms
                      ratio list/health: throughput %.2f, p50 latency %.2f, p99 latency %.2f; JWKS fetched %d time(s) in all
                    """, REQUESTS, h.perSecond(), h.p50Millis(), h.p99Millis(), l.perSecond(), l.p50Millis(), l.p99Millis(),
                    l.perSecond() / h.perSecond(), l.p50Millis() / h.p50Millis(), l.p99Millis() / h.p99Millis(),
                    validator.jwksFetchCount());
            System.out.print(report);
            Files.writeString(Path.of("target", "benchmark-list.txt"), report);
        } finally {
            app.getApplicationContext().close();
        }
    }

    private static Stats run(URI uri, String token, int n) {
        long[] each = new long[n];
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            Http.send("GET", uri, token, null).expect(200);
            each[i] = System.nanoTime() - t0;
        }
        return Stats.of(each, System.nanoTime() - start);
    }
}
