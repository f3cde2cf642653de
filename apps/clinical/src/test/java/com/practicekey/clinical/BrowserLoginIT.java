package com.practicekey.clinical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.practicekey.stack.Http;
import com.practicekey.stack.junit.Browser;
import com.practicekey.stack.junit.PracticeKeyServer;
import com.practicekey.stack.junit.PracticeKeyServer.Tenant;
import com.practicekey.stack.junit.PracticeKeyServer.User;
import com.practicekey.stack.junit.PracticeKeyTest;
import io.micronaut.runtime.server.EmbeddedServer;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.util.Cookie;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Browser sign-in to clinical-app through Keycloak's pages (authorization code + PKCE with the
 * app's real client and secret), the session cookie checked like a bearer token, its refresh,
 * and RP-initiated sign-out that ends the Keycloak session.
 */
@PracticeKeyTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserLoginIT {

    private static final String SESSION_COOKIE = "pk_clinical-app_session.0";
    private static final int ACCESS_TOKEN_SECONDS = 20;
    private static final int REFRESH_BEFORE_SECONDS = 10;

    private EmbeddedServer app;
    private String appBase;
    private String clientUuid;
    private JsonNode originalClient;

    @BeforeAll
    void start(PracticeKeyServer kc) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        appBase = "http://localhost:" + port;
        // The app's redirect URI for this port, and short access tokens so that the session refreshes.
        clientUuid = kc.admin().get(PracticeKeyServer.REALM + "/clients?clientId=clinical-app").expect(200).json().get(0).get("id").asText();
        originalClient = kc.admin().get(PracticeKeyServer.REALM + "/clients/" + clientUuid).expect(200).json();
        ObjectNode client = originalClient.deepCopy();
        ((ArrayNode) client.withArray("redirectUris")).add(appBase + "/oauth/callback/keycloak");
        client.withObject("/attributes").put("access.token.lifespan", String.valueOf(ACCESS_TOKEN_SECONDS));
        kc.admin().call("PUT", PracticeKeyServer.REALM + "/clients/" + clientUuid, client).expect(204);

        // As in ./devstack: the browser and the tokens' issuer are on Keycloak's HTTPS listener (its
        // cookies are Secure) and so is the token endpoint (Keycloak refreshes only tokens whose issuer
        // is the endpoint's own), with the server's self-signed certificate trusted; keys over HTTP.
        String issuer = kc.httpsUrl().resolve("/realms/" + PracticeKeyServer.REALM).toString();
        app = ClinicalApp.start(kc, Map.of(
                "micronaut.server.port", port,
                "practicekey.security.issuer", issuer,
                "practicekey.security.jwks-uri", kc.realmUrl("protocol/openid-connect/certs").toString(),
                "practicekey.login.trust-certificate", ClinicalApp.serverCertificate(kc.httpsUrl()).toString(),
                "practicekey.login.public-url", appBase,
                "practicekey.login.refresh-before", REFRESH_BEFORE_SECONDS + "s"));
    }

    @AfterAll
    void stop(PracticeKeyServer kc) {
        if (app != null) {
            app.getApplicationContext().close();
        }
        if (originalClient != null) {
            kc.admin().call("PUT", PracticeKeyServer.REALM + "/clients/" + clientUuid, originalClient).expect(204);
        }
    }

    @Test
    void a_browser_signs_in_reads_its_practice_refreshes_and_signs_out(PracticeKeyServer kc) throws Exception {
        Tenant practice = kc.newTenant("Clinic " + PracticeKeyServer.unique("b"), Map.of());
        kc.admin().createTenantGroup(PracticeKeyServer.REALM, practice.id(), "Readers", List.of("clinical.patient.read"), List.of());
        User user = kc.newUser();
        kc.addMember(practice, user, "Readers");

        try (Browser b = Browser.open(kc)) {
            assertEquals(401, get(b, "/api/patients").getWebResponse().getStatusCode(), "no session, no access");

            // Sign in through Keycloak's identity-first pages; the app sends the browser back where it started.
            b.go(appBase + "/oauth/login/keycloak?return_to=/api/patients");
            assertTrue(b.url().toString().startsWith(kc.httpsUrl().toString()), "sent to Keycloak: " + b.url());
            assertTrue(b.url().getQuery().contains("code_challenge_method=S256"), "PKCE S256: " + b.url());
            assertTrue(b.hasInput("username"), "username page: " + b.text());
            b.submit(Map.of("username", user.email()));
            Page landed = b.submit(Map.of("password", user.password()));
            assertEquals(appBase + "/api/patients", landed.getUrl().toString(), "back at the app: " + b.text());
            assertEquals(200, landed.getWebResponse().getStatusCode(), landed.getWebResponse().getContentAsString());

            Cookie session = b.webClient().getCookieManager().getCookie(SESSION_COOKIE);
            assertNotNull(session, "session cookie: " + b.webClient().getCookieManager().getCookies());
            assertTrue(session.isHttpOnly(), "HttpOnly");
            assertFalse(session.isSecure(), "not Secure on plain HTTP");
            assertEquals("lax", String.valueOf(session.getSameSite()).toLowerCase(), "SameSite=Lax");
            assertEquals(5, session.getValue().split("\\.", -1).length, "an encrypted JWE, not the token");

            // The same enforcement as a bearer token: the practice's data, and the permission it lacks named.
            Page list = get(b, "/api/patients");
            assertEquals(200, list.getWebResponse().getStatusCode());
            assertEquals(0, Http.JSON.readTree(list.getWebResponse().getContentAsString()).get("total").asLong());
            Page audit = get(b, "/api/audit");
            assertEquals(403, audit.getWebResponse().getStatusCode());
            assertTrue(audit.getWebResponse().getContentAsString().contains("clinical.audit.read"),
                    audit.getWebResponse().getContentAsString());

            // A state-changing request from another origin may not ride on the cookie.
            WebRequest post = new WebRequest(new URL(appBase + "/api/patients"), HttpMethod.POST);
            post.setAdditionalHeader("Origin", "http://localhost:1");
            post.setAdditionalHeader("Content-Type", "application/json");
            post.setRequestBody("{\"familyName\":\"X\",\"givenName\":\"Y\",\"birthDate\":\"2000-01-01\",\"sex\":\"female\"}");
            Page crossSite = b.webClient().getPage(post);
            assertEquals(403, crossSite.getWebResponse().getStatusCode());
            assertTrue(crossSite.getWebResponse().getContentAsString().contains("cross-origin"));

            // The access token expires: the next request refreshes it and rewrites the cookie.
            String before = cookieHeader(b);
            Thread.sleep((ACCESS_TOKEN_SECONDS - REFRESH_BEFORE_SECONDS + 1) * 1000L);
            assertEquals(200, get(b, "/api/patients").getWebResponse().getStatusCode());
            String after = cookieHeader(b);
            assertNotEquals(before, after, "the session cookie was renewed");
            assertEquals(1, kc.admin().get(PracticeKeyServer.REALM + "/users/" + user.id() + "/sessions").expect(200).json().size());

            // Sign out: the cookie goes, the Keycloak session ends, a replayed cookie is refused.
            Thread.sleep(1100); // auth_time has whole seconds
            Page out = get(b, "/logout");
            assertTrue(out.getUrl().toString().startsWith(appBase + "/"), "back at the app after sign-out: " + out.getUrl());
            assertEquals(null, b.webClient().getCookieManager().getCookie(SESSION_COOKIE), "cookie cleared");
            assertEquals(0, kc.admin().get(PracticeKeyServer.REALM + "/users/" + user.id() + "/sessions").expect(200).json().size(),
                    "the Keycloak session ended");
            assertEquals(401, get(b, "/api/patients").getWebResponse().getStatusCode());
            Http.Response replay = Http.send(HttpRequest.newBuilder(URI.create(appBase + "/api/patients"))
                    .header("Cookie", after).GET().build());
            assertEquals(401, replay.status(), "a replayed cookie of the ended session: " + replay.body());

            b.go(appBase + "/oauth/login/keycloak");
            assertTrue(b.hasInput("username"), "signing in again asks for the username: " + b.text());
        }
    }

    private Page get(Browser b, String path) throws IOException {
        return b.webClient().getPage(appBase + path);
    }

    private static String cookieHeader(Browser b) {
        return b.webClient().getCookieManager().getCookies().stream()
                .filter(c -> c.getName().startsWith("pk_clinical-app_session."))
                .map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
    }
}
