package com.practicekey.apps.security;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verifier and the key cache against a local JWKS endpoint (a real HTTP server in the test). */
class AccessTokenVerifierTest {

    static final String ISSUER = "https://kc.example.test/realms/practicekey";

    private HttpServer jwks;
    private final AtomicReference<String> published = new AtomicReference<>();
    private final AtomicReference<Integer> status = new AtomicReference<>(200);
    private RSAKey key1;
    private RSAKey key2;
    private MutableClock clock;
    private JwksKeys keys;
    private AccessTokenVerifier verifier;

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2030-01-01T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        key1 = new RSAKeyGenerator(2048).keyID("k1").generate();
        key2 = new RSAKeyGenerator(2048).keyID("k2").generate();
        published.set(new JWKSet(key1.toPublicJWK()).toString());
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/certs", ex -> {
            byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status.get(), body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        jwks.start();
        clock = new MutableClock();
        SecuritySettings settings = new SecuritySettings(ISSUER, "clinical-app", List.of("billing-app"),
                URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/certs"), null, Duration.ofSeconds(30),
                Duration.ofMinutes(10), Duration.ofSeconds(30), 15);
        keys = new JwksKeys(settings.jwksUri(), settings.jwksMaxAge(), settings.jwksMinRefreshInterval(), clock);
        verifier = new AccessTokenVerifier(settings, keys, clock);
    }

    @AfterEach
    void tearDown() {
        jwks.stop(0);
    }

    private JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(List.of("clinical-app", "account")).subject("user-1")
                .claim("typ", "Bearer").claim("azp", "clinical-app").claim("sid", "session-1").claim("tenant", "riverbend")
                .claim("permissions", List.of("clinical.patient.read")).claim("auth_time", clock.now.getEpochSecond())
                .issueTime(Date.from(clock.now)).expirationTime(Date.from(clock.now.plusSeconds(300)));
    }

    private String sign(RSAKey key, JWTClaimsSet c) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), c);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private String rejection(String token) {
        return assertThrows(TokenRejected.class, () -> verifier.verify(token)).getMessage();
    }

    @Test
    void a_good_access_token_gives_subject_practice_permissions_and_session() throws Exception {
        VerifiedToken t = verifier.verify(sign(key1, claims().claim("idle_timeout_minutes", 10).build()));
        assertEquals("user-1", t.subject());
        assertEquals("riverbend", t.tenant());
        assertEquals(java.util.Set.of("clinical.patient.read"), t.permissions());
        assertEquals("session-1", t.sessionId());
        assertEquals(10, t.idleTimeoutMinutes());
        assertEquals(15, verifier.verify(sign(key1, claims().build())).idleTimeoutMinutes(), "missing: realm default");
        assertEquals(1, verifier.verify(sign(key1, claims().claim("idle_timeout_minutes", "soon").build())).idleTimeoutMinutes(),
                "malformed: never longer");
        assertEquals(1, keys.fetchCount(), "keys fetched once, then cached");
    }

    @Test
    void every_refusal_names_its_reason() throws Exception {
        assertTrue(rejection(new PlainJWT(claims().build()).serialize()).contains("not signed"));
        SignedJWT hs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), claims().build());
        hs.sign(new MACSigner(new byte[32]));
        assertTrue(rejection(hs.serialize()).contains("HS256"));
        assertTrue(rejection(sign(key1, claims().issuer("https://evil.example.test/realms/practicekey").build())).contains("another issuer"));
        assertTrue(rejection(sign(key1, claims().audience("billing-app").build())).contains("not meant for"));
        assertTrue(rejection(sign(key1, claims().claim("typ", "ID").build())).contains("only access tokens"));
        assertTrue(rejection(sign(key1, claims().claim("azp", "billing-app").build())).contains("another application"));
        assertTrue(rejection(sign(key1, claims().expirationTime(Date.from(clock.now.minusSeconds(31))).build())).contains("expired"));
        verifier.verify(sign(key1, claims().expirationTime(Date.from(clock.now.minusSeconds(29))).build())); // within the leeway
        assertTrue(rejection(sign(key1, claims().claim("sid", null).build())).contains("sid"));
        String good = sign(key1, claims().build());
        String[] p = good.split("\\.");
        String otherPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims().claim("tenant", "lakeside").build().toString().getBytes(StandardCharsets.UTF_8));
        assertTrue(rejection(p[0] + "." + otherPayload + "." + p[2]).contains("signature is invalid"));
    }

    @Test
    void an_unknown_kid_refreshes_once_per_interval_and_keys_survive_an_outage() throws Exception {
        verifier.verify(sign(key1, claims().build()));
        assertEquals(1, keys.fetchCount());

        // a forged kid: one refresh, then none within the interval however many arrive
        for (int i = 0; i < 20; i++) {
            rejection(sign(key2, claims().build()));
        }
        assertEquals(2, keys.fetchCount());

        // the realm rotates to key 2: after the interval the unknown kid causes one more fetch that finds it
        published.set(new JWKSet(List.of(key1.toPublicJWK(), key2.toPublicJWK())).toString());
        clock.now = clock.now.plusSeconds(31);
        verifier.verify(sign(key2, claims().issueTime(Date.from(clock.now)).expirationTime(Date.from(clock.now.plusSeconds(300))).build()));
        assertEquals(3, keys.fetchCount());

        // Keycloak unreachable (500) once the cache is stale: the last good keys stay in use
        status.set(500);
        clock.now = clock.now.plus(Duration.ofMinutes(11));
        verifier.verify(sign(key1, claims().issueTime(Date.from(clock.now)).expirationTime(Date.from(clock.now.plusSeconds(300)))
                .claim("auth_time", clock.now.getEpochSecond()).build()));
        assertEquals(4, keys.fetchCount());
    }
}
