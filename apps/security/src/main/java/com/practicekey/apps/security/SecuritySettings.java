package com.practicekey.apps.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * How an app checks access tokens ({@code practicekey.security.*}).
 *
 * @param issuer              the realm's issuer, e.g. {@code https://localhost:8443/realms/practicekey}
 * @param clientId            this app's client: the audience every accepted token must name
 * @param foreignClients      other apps' clients: a token authorized for one of them ({@code azp}) is refused
 * @param jwksUri             where the signing keys are; default: the issuer's {@code /protocol/openid-connect/certs}
 * @param algorithms          accepted signature algorithms
 * @param leeway              clock skew allowed on {@code exp}, {@code nbf} and {@code iat}
 * @param jwksMaxAge          after this the keys are fetched again on next use (failures keep the last good keys)
 * @param jwksMinRefreshInterval at most one fetch in this interval when an unknown {@code kid} arrives
 * @param defaultIdleTimeoutMinutes idle lock when a token has no {@code idle_timeout_minutes} (the realm default)
 */
@ConfigurationProperties("practicekey.security")
public record SecuritySettings(
        String issuer,
        String clientId,
        @Nullable List<String> foreignClients,
        @Nullable URI jwksUri,
        @Nullable List<String> algorithms,
        @Nullable Duration leeway,
        @Nullable Duration jwksMaxAge,
        @Nullable Duration jwksMinRefreshInterval,
        @Nullable Integer defaultIdleTimeoutMinutes) {

    public SecuritySettings {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalStateException("practicekey.security.issuer is required (the realm's issuer URL)");
        }
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalStateException("practicekey.security.client-id is required (this app's Keycloak client)");
        }
        issuer = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        foreignClients = foreignClients == null ? List.of() : List.copyOf(foreignClients);
        jwksUri = jwksUri != null ? jwksUri : URI.create(issuer + "/protocol/openid-connect/certs");
        algorithms = algorithms == null || algorithms.isEmpty() ? List.of("RS256", "PS256", "ES256") : List.copyOf(algorithms);
        if (algorithms.stream().anyMatch(a -> a.equalsIgnoreCase("none") || a.startsWith("HS"))) {
            throw new IllegalStateException("practicekey.security.algorithms may name only asymmetric algorithms, not " + algorithms);
        }
        leeway = leeway == null ? Duration.ofSeconds(30) : leeway;
        jwksMaxAge = jwksMaxAge == null ? Duration.ofMinutes(10) : jwksMaxAge;
        jwksMinRefreshInterval = jwksMinRefreshInterval == null ? Duration.ofSeconds(30) : jwksMinRefreshInterval;
        defaultIdleTimeoutMinutes = defaultIdleTimeoutMinutes == null ? 15 : defaultIdleTimeoutMinutes;
    }
}
