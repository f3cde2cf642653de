package com.practicekey.apps.login;

import com.nimbusds.jose.CompressionAlgorithm;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.practicekey.apps.security.SecuritySettings;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import jakarta.inject.Singleton;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The browser session, kept by the browser only: the access, refresh and ID tokens in a cookie
 * encrypted and authenticated with AES-256-GCM (JWE {@code dir}/{@code A256GCM}, deflated), so
 * that the app holds no session state and every replica with the same key reads it. The cookie
 * is HttpOnly, SameSite=Lax, Secure when the app is reached over HTTPS, named after the app's
 * client (the apps share {@code localhost}, and cookies ignore ports) and split into chunks
 * below the browsers' 4 KB limit. Its contents are never logged.
 */
@Singleton
public class SessionCookies {

    static final String AT = "at";
    static final String RT = "rt";
    static final String IT = "it";
    static final String CREATED = "iat";

    private static final int CHUNK = 3800;
    private static final int MAX_CHUNKS = 4;

    private final byte[] key;
    private final String sessionName;
    private final String loginName;
    private final LoginSettings login;

    public SessionCookies(SecuritySettings security, LoginSettings login) {
        this.login = login;
        this.key = login.cookieKey() != null ? Base64.getDecoder().decode(login.cookieKey().trim())
                : derive(login.clientSecret(), "practicekey session cookie v1 " + security.clientId());
        if (key.length != 32) {
            throw new IllegalStateException("practicekey.login.cookie-key must be 32 bytes (base64)");
        }
        this.sessionName = "pk_" + security.clientId() + "_session";
        this.loginName = "pk_" + security.clientId() + "_login";
    }

    private static byte[] derive(String secret, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the session ----

    /** The session's tokens, or empty when there is no cookie, it does not decrypt, or it is too old. */
    public Optional<Map<String, Object>> readSession(HttpRequest<?> request) {
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < MAX_CHUNKS; i++) {
            Optional<Cookie> c = request.getCookies().findCookie(sessionName + "." + i);
            if (c.isEmpty()) {
                break;
            }
            value.append(c.get().getValue());
        }
        return decrypt(value.toString(), login.cookieMaxAge());
    }

    public void writeSession(MutableHttpResponse<?> response, Map<String, Object> session) {
        String value = encrypt(session);
        int chunks = (value.length() + CHUNK - 1) / CHUNK;
        if (chunks > MAX_CHUNKS) {
            throw new IllegalStateException("the session cookie would need " + chunks + " chunks");
        }
        for (int i = 0; i < MAX_CHUNKS; i++) {
            if (i < chunks) {
                response.cookie(cookie(sessionName + "." + i, value.substring(i * CHUNK, Math.min(value.length(), (i + 1) * CHUNK)),
                        "/", login.cookieMaxAge()));
            } else {
                response.cookie(cookie(sessionName + "." + i, "", "/", Duration.ZERO));
            }
        }
    }

    public void clearSession(MutableHttpResponse<?> response) {
        for (int i = 0; i < MAX_CHUNKS; i++) {
            response.cookie(cookie(sessionName + "." + i, "", "/", Duration.ZERO));
        }
    }

    public boolean hasSession(HttpRequest<?> request) {
        return request.getCookies().findCookie(sessionName + ".0").isPresent();
    }

    // ---- the sign-in in progress (state, PKCE verifier, nonce) ----

    static final String LOGIN_PATH = "/oauth/callback/keycloak";

    public Optional<Map<String, Object>> readLogin(HttpRequest<?> request) {
        return request.getCookies().findCookie(loginName)
                .flatMap(c -> decrypt(c.getValue(), Duration.ofMinutes(10)));
    }

    public void writeLogin(MutableHttpResponse<?> response, Map<String, Object> login) {
        response.cookie(cookie(loginName, encrypt(login), LOGIN_PATH, Duration.ofMinutes(10)));
    }

    public void clearLogin(MutableHttpResponse<?> response) {
        response.cookie(cookie(loginName, "", LOGIN_PATH, Duration.ZERO));
    }

    private Cookie cookie(String name, String value, String path, Duration maxAge) {
        return Cookie.of(name, value).path(path).httpOnly(true).secure(login.secureCookies())
                .sameSite(SameSite.Lax).maxAge(maxAge);
    }

    private String encrypt(Map<String, Object> content) {
        Map<String, Object> claims = new HashMap<>(content);
        claims.put(CREATED, Instant.now().getEpochSecond());
        try {
            JWEObject jwe = new JWEObject(new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.A256GCM)
                    .compressionAlgorithm(CompressionAlgorithm.DEF).build(), new Payload(claims));
            jwe.encrypt(new DirectEncrypter(key));
            return jwe.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot encrypt the session cookie: " + e.getMessage(), e);
        }
    }

    private Optional<Map<String, Object>> decrypt(String value, Duration maxAge) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        try {
            JWEObject jwe = JWEObject.parse(value);
            if (!JWEAlgorithm.DIR.equals(jwe.getHeader().getAlgorithm())
                    || !EncryptionMethod.A256GCM.equals(jwe.getHeader().getEncryptionMethod())) {
                return Optional.empty();
            }
            jwe.decrypt(new DirectDecrypter(key));
            Map<String, Object> claims = jwe.getPayload().toJSONObject();
            Object created = claims == null ? null : claims.get(CREATED);
            if (!(created instanceof Number n) || Instant.ofEpochSecond(n.longValue()).plus(maxAge).isBefore(Instant.now())) {
                return Optional.empty();
            }
            return Optional.of(claims);
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
