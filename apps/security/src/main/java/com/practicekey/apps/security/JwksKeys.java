package com.practicekey.apps.security;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The realm's signing keys, fetched from its JWKS endpoint and cached. A key id that is not in
 * the cache causes at most one fetch per {@code minRefreshInterval} (so a flood of forged
 * {@code kid}s cannot hammer Keycloak); keys older than {@code maxAge} are fetched again on next
 * use; when a fetch fails, the last good keys stay in use.
 */
public final class JwksKeys {

    private static final Logger LOG = LoggerFactory.getLogger(JwksKeys.class);

    private final URI uri;
    private final Duration maxAge;
    private final Duration minRefreshInterval;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong fetches = new AtomicLong();

    private volatile JWKSet keys;
    private volatile Instant fetchedAt = Instant.EPOCH;
    private volatile Instant lastAttempt = Instant.EPOCH;
    private volatile Instant lastUnknownKidFetch = Instant.EPOCH;

    public JwksKeys(URI uri, Duration maxAge, Duration minRefreshInterval, Clock clock) {
        this.uri = uri;
        this.maxAge = maxAge;
        this.minRefreshInterval = minRefreshInterval;
        this.clock = clock;
    }

    /** The key with this id, or {@code null} when the realm has none (after at most one rate-limited refresh). */
    public JWK key(String kid) {
        Instant now = clock.instant();
        JWKSet current = keys;
        if (current == null || now.isAfter(fetchedAt.plus(maxAge))) {
            refresh(false);
            current = keys;
        }
        JWK found = current == null || kid == null ? null : current.getKeyByKeyId(kid);
        if (found == null && kid != null && refresh(true)) {
            current = keys;
            found = current == null ? null : current.getKeyByKeyId(kid);
        }
        return found;
    }

    /** How many times the keys were fetched (successfully or not). */
    public long fetchCount() {
        return fetches.get();
    }

    private synchronized boolean refresh(boolean unknownKid) {
        Instant now = clock.instant();
        if (unknownKid) {
            // At most one fetch per interval for unknown kids, so forged kids cannot hammer Keycloak.
            if (now.isBefore(lastUnknownKidFetch.plus(minRefreshInterval))) {
                return false;
            }
            lastUnknownKidFetch = now;
        } else if (keys != null) {
            // A stale cache while Keycloak is unreachable: retry at most once per interval.
            if (now.isBefore(lastAttempt.plus(minRefreshInterval))) {
                return false;
            }
        }
        lastAttempt = now;
        fetches.incrementAndGet();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                LOG.warn("JWKS fetch from {} answered {}; keeping the last good keys", uri, r.statusCode());
                return false;
            }
            keys = JWKSet.parse(r.body());
            fetchedAt = now;
            return true;
        } catch (IOException | ParseException e) {
            LOG.warn("JWKS fetch from {} failed ({}); keeping the last good keys", uri, e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
