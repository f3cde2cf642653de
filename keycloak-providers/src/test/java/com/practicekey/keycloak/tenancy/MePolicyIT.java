package com.practicekey.keycloak.tenancy;

import com.fasterxml.jackson.databind.JsonNode;
import com.practicekey.stack.Http;
import com.practicekey.stack.junit.PracticeKeyServer;
import com.practicekey.stack.junit.PracticeKeyTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@PracticeKeyTest
class MePolicyIT {

    @Test
    void without_a_token_the_answer_is_401_in_the_contract_shape(PracticeKeyServer kc) {
        Http.Response r = Http.send("GET", kc.apiUrl("me/policy"), null, null);

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().path("error").asText()).isEqualTo("unauthorized");
        assertThat(r.json().path("message").asText()).contains("bearer");
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void a_forged_token_is_refused(PracticeKeyServer kc) {
        String forged = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";

        assertThat(Http.send("GET", kc.apiUrl("me/policy"), forged, null).status()).isEqualTo(401);
    }

    @Test
    void a_signed_in_user_gets_the_realm_policy_rules(PracticeKeyServer kc) {
        PracticeKeyServer.User user = kc.newUser();
        String token = kc.accessToken(user);

        Http.Response r = Http.send("GET", kc.apiUrl("me/policy"), token, null);

        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.path("userId").asText()).isEqualTo(user.id());
        List<String> rules = new ArrayList<>();
        body.path("rules").forEach(rule -> rules.add(rule.path("rule").asText() + "=" + rule.path("value").asText()));
        assertThat(rules).contains("length=8", "hashAlgorithm=argon2");
        assertThat(rules).anyMatch(r2 -> r2.startsWith("notUsername"));
        assertThat(rules).anyMatch(r2 -> r2.startsWith("notEmail"));
        body.path("rules").forEach(rule ->
                assertThat(rule.path("requiredBy").get(0).path("type").asText()).isEqualTo("realm"));
    }

    @Test
    void an_admin_token_of_the_master_realm_is_not_a_practicekey_user(PracticeKeyServer kc) {
        String masterToken = kc.admin().token();

        assertThat(Http.send("GET", kc.apiUrl("me/policy"), masterToken, null).status()).isEqualTo(401);
    }
}
