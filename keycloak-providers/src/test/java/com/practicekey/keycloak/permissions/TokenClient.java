package com.practicekey.keycloak.permissions;

import com.fasterxml.jackson.databind.JsonNode;
import com.practicekey.stack.Http;
import com.practicekey.stack.junit.PracticeKeyServer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One of the realm's confidential app clients as a test sees it: its secret and redirect URI
 * read through the admin API, and its token endpoint. Direct grants are switched on for the
 * test server only (the realm file keeps them off), so that tests can get tokens of the app
 * without a browser where the browser is not what they test.
 */
final class TokenClient {

    private final PracticeKeyServer kc;
    private final String id;
    private final String clientId;
    private final String secret;
    private final String redirectUri;

    private TokenClient(PracticeKeyServer kc, String id, String clientId, String secret, String redirectUri) {
        this.kc = kc;
        this.id = id;
        this.clientId = clientId;
        this.secret = secret;
        this.redirectUri = redirectUri;
    }

    static synchronized TokenClient forApp(PracticeKeyServer kc, String clientId) {
        String realm = PracticeKeyServer.REALM;
        JsonNode rep = kc.admin().get(realm + "/clients?clientId=" + Http.enc(clientId)).expect(200).json().get(0);
        String id = rep.path("id").asText();
        if (!rep.path("directAccessGrantsEnabled").asBoolean()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> update = Http.JSON.convertValue(rep, Map.class);
            update.put("directAccessGrantsEnabled", true);
            kc.admin().call("PUT", realm + "/clients/" + id, update).expect(204);
        }
        String secret = kc.admin().get(realm + "/clients/" + id + "/client-secret").expect(200).json().path("value").asText();
        String rootUrl = rep.path("rootUrl").asText();
        String redirect = rep.path("redirectUris").get(0).asText();
        return new TokenClient(kc, id, clientId, secret, redirect.startsWith("/") ? rootUrl + redirect : redirect);
    }

    String id() {
        return id;
    }

    String clientId() {
        return clientId;
    }

    String redirectUri() {
        return redirectUri;
    }

    Http.Response passwordGrant(PracticeKeyServer.User user, String scope) {
        return token(Map.of("grant_type", "password", "username", user.email(), "password", user.password(), "scope", scope));
    }

    Http.Response refresh(String refreshToken) {
        return token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }

    /** The code-to-token request of a browser sign-in. */
    Http.Response exchange(LoginBrowser.Result result) {
        if (result.code() == null) {
            throw new IllegalStateException("the sign-in ended without a code: " + result.error());
        }
        return token(Map.of("grant_type", "authorization_code", "code", result.code(),
                "redirect_uri", redirectUri, "code_verifier", result.codeVerifier()));
    }

    private Http.Response token(Map<String, String> fields) {
        Map<String, String> form = new HashMap<>(fields);
        form.put("client_id", clientId);
        form.put("client_secret", secret);
        return Http.form(kc.realmUrl("protocol/openid-connect/token"), form);
    }

    /** The claims of the access token of a successful token answer (the signature is the server's business). */
    static JsonNode claims(Http.Response tokenResponse) {
        return claims(tokenResponse.json());
    }

    static JsonNode claims(JsonNode tokenAnswer) {
        String jwt = tokenAnswer.path("access_token").asText();
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new IllegalStateException("no access token in the answer (fields: " + fieldNames(tokenAnswer) + ")");
        }
        byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
        try {
            return Http.JSON.readTree(new String(payload, StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the access token's payload is not JSON", e);
        }
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
