package com.practicekey.apps.login;

import com.practicekey.apps.security.SecuritySettings;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.cookie.Cookie;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionCookiesTest {

    private static final SecuritySettings SECURITY = new SecuritySettings("https://kc.example/realms/practicekey", "clinical-app",
            List.of("billing-app"), null, null, null, null, null, null);

    private static LoginSettings login(String secret, String publicUrl) {
        return new LoginSettings(secret, URI.create(publicUrl), null, null, null, "", null, null, null, null);
    }

    /** The response's session cookies sent back as a request would. */
    private static MutableHttpRequest<?> replay(MutableHttpResponse<?> response) {
        MutableHttpRequest<?> request = HttpRequest.GET("/api/patients");
        response.getCookies().getAll().stream().filter(c -> !c.getValue().isEmpty()).forEach(request::cookie);
        return request;
    }

    @Test
    void a_large_session_round_trips_in_chunks_and_is_encrypted() {
        SessionCookies cookies = new SessionCookies(SECURITY, login("clinical-app-dev-secret", "http://localhost:8081"));
        String token = "eyJ" + "x".repeat(6000);
        MutableHttpResponse<?> r = HttpResponse.ok();
        cookies.writeSession(r, Map.of(SessionCookies.AT, token, SessionCookies.RT, "refresh"));
        List<Cookie> set = r.getCookies().getAll().stream().filter(c -> !c.getValue().isEmpty()).toList();
        assertTrue(set.size() >= 1 && set.stream().allMatch(c -> c.getValue().length() <= 3800), "chunks below 4 KB");
        assertTrue(set.stream().noneMatch(c -> c.getValue().contains("refresh")), "encrypted");
        Map<String, Object> back = cookies.readSession(replay(r)).orElseThrow();
        assertEquals(token, back.get(SessionCookies.AT));
        assertEquals("refresh", back.get(SessionCookies.RT));
    }

    @Test
    void a_cookie_of_another_key_or_tampered_is_no_session() {
        SessionCookies mine = new SessionCookies(SECURITY, login("clinical-app-dev-secret", "http://localhost:8081"));
        SessionCookies other = new SessionCookies(SECURITY, login("another-secret", "http://localhost:8081"));
        MutableHttpResponse<?> r = HttpResponse.ok();
        other.writeSession(r, Map.of(SessionCookies.AT, "a"));
        assertFalse(mine.readSession(replay(r)).isPresent());

        MutableHttpResponse<?> ok = HttpResponse.ok();
        mine.writeSession(ok, Map.of(SessionCookies.AT, "a"));
        Cookie c = ok.getCookies().get("pk_clinical-app_session.0");
        String v = c.getValue();
        char flipped = v.charAt(v.length() - 5) == 'A' ? 'B' : 'A';
        MutableHttpRequest<?> tampered = HttpRequest.GET("/");
        tampered.cookie(Cookie.of(c.getName(), v.substring(0, v.length() - 5) + flipped + v.substring(v.length() - 4)));
        assertFalse(mine.readSession(tampered).isPresent());
    }

    @Test
    void cookies_are_http_only_lax_and_secure_on_https() {
        MutableHttpResponse<?> r = HttpResponse.ok();
        new SessionCookies(SECURITY, login("s", "https://ehr.example")).writeSession(r, Map.of(SessionCookies.AT, "a"));
        Cookie https = r.getCookies().get("pk_clinical-app_session.0");
        assertTrue(https.isHttpOnly() && https.isSecure(), "HttpOnly, Secure");
        assertEquals(java.util.Optional.of(io.micronaut.http.cookie.SameSite.Lax), https.getSameSite());
        MutableHttpResponse<?> plain = HttpResponse.ok();
        new SessionCookies(SECURITY, login("s", "http://localhost:8081")).writeSession(plain, Map.of(SessionCookies.AT, "a"));
        Cookie http = plain.getCookies().get("pk_clinical-app_session.0");
        assertTrue(http.isHttpOnly() && !http.isSecure(), "HttpOnly, not Secure on HTTP");
    }

    @Test
    void return_to_stays_on_the_app() {
        assertEquals("/api/patients?x=1", LoginController.safeReturnTo("/api/patients?x=1"));
        for (String bad : new String[]{null, "https://evil.example/", "//evil.example", "/\\evil.example", "api", "/a b"}) {
            assertEquals("/", LoginController.safeReturnTo(bad), String.valueOf(bad));
        }
    }

    @Test
    void the_pkce_challenge_is_s256_of_the_verifier() {
        // RFC 7636 appendix B
        assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                LoginController.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    }
}
