package com.practicekey.keycloak.lockout;

import com.fasterxml.jackson.databind.JsonNode;
import com.practicekey.stack.Http;
import com.practicekey.stack.junit.PracticeKeyServer;
import com.practicekey.stack.junit.PracticeKeyServer.User;
import com.practicekey.stack.junit.PracticeKeyTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 4, item 6: device grant, account console, token exchange and CIBA honour the lock. */
@PracticeKeyTest
class OtherRoutesIT {

    @Test
    void the_device_grant_gives_a_locked_user_no_token(PracticeKeyServer kc) {
        LockoutIT.Practice p = LockoutIT.Practice.create(kc, 5);
        User ok = p.member();
        User locked = p.member();
        lock(p, locked);
        String clientId = PracticeKeyServer.unique("pk-device");
        kc.admin().createClientIfMissing(PracticeKeyServer.REALM, Map.of("clientId", clientId, "publicClient", true,
                "standardFlowEnabled", false, "attributes", Map.of("oauth2.device.authorization.grant.enabled", "true")));

        Device control = Device.start(kc, clientId);
        Browser browser = new Browser();
        Browser.Page controlPage = browser.signInAt(kc.baseUrl(), control.verification, ok.email(), ok.password());
        java.util.regex.Matcher consent = java.util.regex.Pattern.compile("name=\"code\" value=\"([^\"]+)\"")
                .matcher(controlPage.body());
        if (controlPage.body().contains("name=\"accept\"") && consent.find()) {
            controlPage = browser.follow(browser.post(controlPage.formAction(),
                    Map.of("code", consent.group(1), "accept", "Yes")), kc.baseUrl());
        }
        Device refused = Device.start(kc, clientId);
        Browser.Page lockedPage = new Browser().signInAt(kc.baseUrl(), refused.verification, locked.email(), locked.password());

        assertThat(control.poll(kc).status()).as(controlPage.body()).isEqualTo(200);
        assertThat(Browser.errorText(lockedPage)).isEqualTo("Invalid username or password.");
        Http.Response poll = refused.poll(kc);
        assertThat(poll.status()).isEqualTo(400);
        assertThat(poll.json().path("error").asText()).isEqualTo("authorization_pending");
    }

    @Test
    void the_account_console_sign_in_refuses_a_locked_user(PracticeKeyServer kc) throws Exception {
        LockoutIT.Practice p = LockoutIT.Practice.create(kc, 5);
        User ok = p.member();
        User locked = p.member();
        lock(p, locked);

        Browser.Page control = new Browser().signInAt(kc.baseUrl(), accountConsole(kc), ok.email(), ok.password());
        Browser.Page refused = new Browser().signInAt(kc.baseUrl(), accountConsole(kc), locked.email(), locked.password());

        Browser.assertIssuedCode(control);
        assertThat(Browser.issuedCode(refused)).isFalse();
        assertThat(Browser.errorText(refused)).isEqualTo("Invalid username or password.");
    }

    @Test
    void token_exchange_with_a_token_from_before_the_lock_is_refused(PracticeKeyServer kc) {
        LockoutIT.Practice p = LockoutIT.Practice.create(kc, 5);
        User user = p.member();
        String clientId = PracticeKeyServer.unique("pk-exchange");
        kc.admin().createClientIfMissing(PracticeKeyServer.REALM, Map.of("clientId", clientId, "publicClient", false,
                "secret", "exchange-secret", "directAccessGrantsEnabled", true, "standardFlowEnabled", false,
                "attributes", Map.of("standard.token.exchange.enabled", "true"),
                "protocolMappers", List.of(Map.of("name", "self-audience", "protocol", "openid-connect",
                        "protocolMapper", "oidc-audience-mapper", "config", Map.of(
                                "included.client.audience", clientId, "access.token.claim", "true",
                                "id.token.claim", "false", "introspection.token.claim", "true")))));
        String subject = Http.form(kc.realmUrl("protocol/openid-connect/token"), Map.of("grant_type", "password",
                "client_id", clientId, "client_secret", "exchange-secret", "username", user.email(),
                "password", user.password())).expect(200).json().path("access_token").asText();
        assertThat(exchange(kc, clientId, subject).status()).isEqualTo(200);

        lock(p, user);

        Http.Response refused = exchange(kc, clientId, subject);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    }

    @Test
    void a_ciba_request_for_a_locked_user_gets_the_answer_of_an_unknown_user(PracticeKeyServer kc) {
        LockoutIT.Practice p = LockoutIT.Practice.create(kc, 5);
        User ok = p.member();
        User locked = p.member();
        lock(p, locked);
        String clientId = PracticeKeyServer.unique("pk-ciba");
        kc.admin().createClientIfMissing(PracticeKeyServer.REALM, Map.of("clientId", clientId, "publicClient", false,
                "secret", "ciba-secret", "standardFlowEnabled", false,
                "attributes", Map.of("oidc.ciba.grant.enabled", "true")));

        Http.Response control = ciba(kc, clientId, ok.email());
        Http.Response refused = ciba(kc, clientId, locked.email());
        Http.Response unknown = ciba(kc, clientId, PracticeKeyServer.unique("nobody") + "@example.test");

        // This stack configures no authentication channel: a request that passes the user
        // checks fails later, with another answer.
        assertThat(control.body()).doesNotContain("invalid_user");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("error_description").asText()).isEqualTo("invalid_user");
        assertThat(refused.status()).isEqualTo(unknown.status());
        assertThat(refused.json()).isEqualTo(unknown.json());
    }

    static Http.Response ciba(PracticeKeyServer kc, String clientId, String loginHint) {
        return Http.form(kc.realmUrl("protocol/openid-connect/ext/ciba/auth"), Map.of(
                "client_id", clientId, "client_secret", "ciba-secret", "scope", "openid", "login_hint", loginHint));
    }

    // ---- helpers ----

    static void lock(LockoutIT.Practice p, User user) {
        Http.send("POST", p.url(user, "lock"), p.adminToken(), Map.of("reason", "routes test")).expect(200);
    }

    static Http.Response exchange(PracticeKeyServer kc, String clientId, String subjectToken) {
        return Http.form(kc.realmUrl("protocol/openid-connect/token"), Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "client_id", clientId, "client_secret", "exchange-secret",
                "subject_token", subjectToken,
                "subject_token_type", "urn:ietf:params:oauth:token-type:access_token",
                "requested_token_type", "urn:ietf:params:oauth:token-type:access_token"));
    }

    static URI accountConsole(PracticeKeyServer kc) throws Exception {
        String verifier = "v" + PracticeKeyServer.unique("verifier") + "0123456789012345678901234567890123456789";
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        return kc.realmUrl("protocol/openid-connect/auth?client_id=account-console&response_type=code&scope=openid"
                + "&redirect_uri=" + Http.enc(kc.realmUrl("account/").toString())
                + "&code_challenge=" + challenge + "&code_challenge_method=S256");
    }

    /** A device authorization in progress. */
    record Device(String clientId, String deviceCode, URI verification) {
        static Device start(PracticeKeyServer kc, String clientId) {
            JsonNode d = Http.form(kc.realmUrl("protocol/openid-connect/auth/device"), Map.of("client_id", clientId))
                    .expect(200).json();
            return new Device(clientId, d.path("device_code").asText(), URI.create(d.path("verification_uri_complete").asText()));
        }

        Http.Response poll(PracticeKeyServer kc) {
            return Http.form(kc.realmUrl("protocol/openid-connect/token"), Map.of(
                    "grant_type", "urn:ietf:params:oauth:grant-type:device_code",
                    "client_id", clientId, "device_code", deviceCode));
        }
    }
}
