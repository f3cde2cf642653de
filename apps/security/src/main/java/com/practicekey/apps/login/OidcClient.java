package com.practicekey.apps.login;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.practicekey.apps.security.SecuritySettings;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The app's back channel to the realm's token endpoint (client_secret_basic): the code exchange
 * with the PKCE verifier and the refresh. Tokens are never logged; only Keycloak's error code is.
 */
@Singleton
public class OidcClient {

    private static final Logger LOG = LoggerFactory.getLogger(OidcClient.class);

    private final HttpClient http;
    private final URI tokenEndpoint;
    private final String authorization;
    private final String clientId;

    public OidcClient(SecuritySettings security, LoginSettings login) {
        this.tokenEndpoint = login.tokenEndpoint(security);
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (login.trustCertificate() != null) {
            b.sslContext(trusting(Path.of(login.trustCertificate())));
        }
        this.http = b.build();
        this.clientId = security.clientId();
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (enc(security.clientId()) + ":" + enc(login.clientSecret())).getBytes(StandardCharsets.UTF_8));
    }

    /** Exchanges an authorization code; empty when Keycloak refuses it. */
    public Optional<Map<String, Object>> exchange(String code, String verifier, URI redirectUri) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri.toString());
        form.put("code_verifier", verifier);
        return post(form);
    }

    /** New tokens for a refresh token; empty when Keycloak refuses it (e.g. the session ended). */
    public Optional<Map<String, Object>> refresh(String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        return post(form);
    }

    private Optional<Map<String, Object>> post(Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(tokenEndpoint).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            Map<String, Object> json = parse(r.body());
            if (r.statusCode() != 200 || !(json.get("access_token") instanceof String)) {
                LOG.info("{} for {} refused by the token endpoint: {} {}", form.get("grant_type"), clientId,
                        r.statusCode(), json.getOrDefault("error", "(no error code)"));
                return Optional.empty();
            }
            return Optional.of(json);
        } catch (IOException e) {
            LOG.warn("token endpoint {} unreachable: {}", tokenEndpoint, e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Map<String, Object> parse(String body) {
        try {
            return JSONObjectUtils.parse(body);
        } catch (ParseException e) {
            return Map.of();
        }
    }

    private static SSLContext trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("trusted-" + i++, c);
            }
            if (i == 0) {
                throw new IllegalStateException("practicekey.login.trust-certificate " + pem + " holds no certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("practicekey.login.trust-certificate " + pem + " is not usable: " + e.getMessage(), e);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
