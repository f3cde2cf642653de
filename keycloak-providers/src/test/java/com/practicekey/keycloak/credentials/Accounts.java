package com.practicekey.keycloak.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.practicekey.stack.Http;
import com.practicekey.stack.junit.PracticeKeyServer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small admin-REST helpers shared by the credentials ITs. */
final class Accounts {

    static final String REALM = PracticeKeyServer.REALM;

    private Accounts() {
    }

    static JsonNode user(PracticeKeyServer kc, String id) {
        return kc.admin().get(REALM + "/users/" + id).expect(200).json();
    }

    static List<String> requiredActions(PracticeKeyServer kc, String id) {
        List<String> out = new ArrayList<>();
        user(kc, id).path("requiredActions").forEach(a -> out.add(a.asText()));
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> representation(PracticeKeyServer kc, String id) {
        return Http.JSON.convertValue(user(kc, id), Map.class);
    }

    static Map<String, Object> password(String value, boolean temporary) {
        return Map.of("type", "password", "value", value, "temporary", temporary);
    }

    static Http.Response adminReset(PracticeKeyServer kc, String id, String password, boolean temporary) {
        return kc.admin().call("PUT", REALM + "/users/" + id + "/reset-password", password(password, temporary));
    }

    static Http.Response apiSetPassword(PracticeKeyServer kc, String token, String tenant, String userId, Object body) {
        return Http.send("POST", kc.apiUrl("tenants/" + tenant + "/users/" + userId + "/password"), token, body);
    }

    static String errorDescription(Http.Response r) {
        return r.json().path("error_description").asText();
    }

    /** Sets a realm attribute through the admin REST API and checks that it took. */
    static void setRealmAttribute(PracticeKeyServer kc, String name, String value) {
        kc.admin().call("PUT", REALM, Map.of("attributes", Map.of(name, value))).expect(204);
        String now = kc.admin().get(REALM).expect(200).json().path("attributes").path(name).asText();
        if (!value.equals(now)) {
            throw new IllegalStateException("realm attribute " + name + " is " + now + " after setting it to " + value);
        }
    }
}
