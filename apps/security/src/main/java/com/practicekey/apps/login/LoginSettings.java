package com.practicekey.apps.login;

import com.practicekey.apps.security.SecuritySettings;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.net.URI;
import java.time.Duration;

/**
 * Browser sign-in of an app ({@code practicekey.login.*}): the authorization-code flow with PKCE
 * against the realm of {@link SecuritySettings#issuer()} for the client
 * {@link SecuritySettings#clientId()}.
 *
 * @param clientSecret          the app's client secret at Keycloak (required)
 * @param publicUrl             the app's own address as browsers reach it, e.g. {@code http://localhost:8081};
 *                              the redirect URI is {@code publicUrl + /oauth/callback/keycloak}
 * @param authorizationEndpoint where browsers are sent to sign in; default: the issuer's
 * @param endSessionEndpoint    where browsers are sent to sign out; default: the issuer's
 * @param tokenEndpoint         where the app exchanges codes and refresh tokens (back channel); default: the issuer's
 * @param cookieKey             base64 of a 256-bit key that encrypts the session cookie; default: derived from
 *                              the client secret, so that every replica with the same secret reads the same cookies
 * @param cookieMaxAge          how long the browser keeps the session cookie
 * @param refreshBefore         the access token is refreshed when it expires within this
 * @param trustCertificate      a PEM file of certificates the back channel trusts instead of the JDK's (a
 *                              self-signed Keycloak); the token endpoint must be on the issuer's origin, since
 *                              Keycloak refreshes only tokens whose issuer is the endpoint's own
 * @param scope                 the scopes requested; default {@code openid organization} (users of several
 *                              practices pick one on Keycloak's login page)
 */
@ConfigurationProperties("practicekey.login")
public record LoginSettings(
        String clientSecret,
        URI publicUrl,
        @Nullable URI authorizationEndpoint,
        @Nullable URI endSessionEndpoint,
        @Nullable URI tokenEndpoint,
        @Nullable String cookieKey,
        @Nullable Duration cookieMaxAge,
        @Nullable Duration refreshBefore,
        @Nullable String trustCertificate,
        @Nullable String scope) {

    public LoginSettings {
        if (clientSecret == null || clientSecret.isBlank()) {
            throw new IllegalStateException("practicekey.login.client-secret is required (the app's client secret)");
        }
        if (publicUrl == null) {
            throw new IllegalStateException("practicekey.login.public-url is required (the app's address for browsers)");
        }
        String u = publicUrl.toString();
        publicUrl = URI.create(u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
        authorizationEndpoint = blank(authorizationEndpoint);
        endSessionEndpoint = blank(endSessionEndpoint);
        tokenEndpoint = blank(tokenEndpoint);
        trustCertificate = trustCertificate == null || trustCertificate.isBlank() ? null : trustCertificate;
        cookieKey = cookieKey == null || cookieKey.isBlank() ? null : cookieKey;
        cookieMaxAge = cookieMaxAge == null ? Duration.ofHours(10) : cookieMaxAge;
        refreshBefore = refreshBefore == null ? Duration.ofSeconds(10) : refreshBefore;
        scope = scope == null || scope.isBlank() ? "openid organization" : scope;
    }

    /** An empty setting (e.g. {@code ${PK_TOKEN_ENDPOINT:}}) means the default. */
    private static URI blank(URI uri) {
        return uri == null || uri.toString().isBlank() ? null : uri;
    }

    URI redirectUri() {
        return URI.create(publicUrl + "/oauth/callback/keycloak");
    }

    boolean secureCookies() {
        return "https".equalsIgnoreCase(publicUrl.getScheme());
    }

    URI authorizationEndpoint(SecuritySettings s) {
        return authorizationEndpoint != null ? authorizationEndpoint : URI.create(s.issuer() + "/protocol/openid-connect/auth");
    }

    URI endSessionEndpoint(SecuritySettings s) {
        return endSessionEndpoint != null ? endSessionEndpoint : URI.create(s.issuer() + "/protocol/openid-connect/logout");
    }

    URI tokenEndpoint(SecuritySettings s) {
        return tokenEndpoint != null ? tokenEndpoint : URI.create(s.issuer() + "/protocol/openid-connect/token");
    }
}
