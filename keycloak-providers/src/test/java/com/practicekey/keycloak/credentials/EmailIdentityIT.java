package com.practicekey.keycloak.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.practicekey.stack.Http;
import com.practicekey.stack.OwnPasswordChange;
import com.practicekey.stack.junit.PracticeKeyServer;
import com.practicekey.stack.junit.PracticeKeyServer.User;
import com.practicekey.stack.junit.PracticeKeyTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

import static com.practicekey.keycloak.credentials.Accounts.REALM;
import static com.practicekey.keycloak.credentials.Accounts.errorDescription;
import static com.practicekey.keycloak.credentials.Accounts.representation;
import static com.practicekey.keycloak.credentials.Accounts.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5, item 1: one e-mail identity per person. The username is the e-mail address, stored in
 * lower case and unique in any letter case; an invalid address is refused naming the field; an
 * e-mail change moves the username with it and the old address no longer signs in, while the
 * token's {@code sub} stays the same.
 */
@PracticeKeyTest
class EmailIdentityIT {

    @Test
    void the_address_is_stored_in_lower_case_and_a_second_account_in_any_case_is_refused(PracticeKeyServer kc) {
        String mixed = PracticeKeyServer.unique("Dr.Mixed") + "@Riverbend-Cardiology.TEST";
        String lower = mixed.toLowerCase(Locale.ROOT);
        String id = create(kc, mixed).expect(201).header("Location").replaceAll(".*/", "");

        JsonNode stored = user(kc, id);
        assertThat(stored.path("username").asText()).isEqualTo(lower);
        assertThat(stored.path("email").asText()).isEqualTo(lower);

        for (String variant : new String[]{lower, mixed.toUpperCase(Locale.ROOT), "  " + mixed}) {
            Http.Response again = create(kc, variant);
            assertThat(again.status()).as(variant).isIn(400, 409);
            assertThat(kc.admin().get(REALM + "/users?email=" + Http.enc(lower) + "&exact=true").expect(200).json())
                    .as("still one account").hasSize(1);
        }

        // An admin sets a temporary password; the user chooses theirs on the login pages, typing the address in upper case.
        String temporary = OwnPasswordChange.randomTemporaryPassword();
        kc.admin().resetPassword(REALM, id, temporary, true);
        OwnPasswordChange.choose(kc.baseUrl(), REALM, mixed.toUpperCase(Locale.ROOT), temporary, PracticeKeyServer.DEFAULT_PASSWORD);
        assertThat(kc.passwordGrant(mixed.toUpperCase(Locale.ROOT), PracticeKeyServer.DEFAULT_PASSWORD).status())
                .as("signs in with the address in any case").isEqualTo(200);
    }

    @Test
    void an_invalid_address_is_refused_with_a_message_naming_the_field(PracticeKeyServer kc) {
        Http.Response created = create(kc, "not-an-address");
        assertThat(created.status()).isEqualTo(400);
        assertThat(created.body()).contains("email");

        User user = kc.newUser();
        Map<String, Object> rep = representation(kc, user.id());
        rep.put("email", "still not@an address");
        Http.Response updated = kc.admin().call("PUT", REALM + "/users/" + user.id(), rep);
        assertThat(updated.status()).isEqualTo(400);
        assertThat(updated.body()).contains("email");
        assertThat(user(kc, user.id()).path("email").asText()).isEqualTo(user.email());
    }

    @Test
    void an_email_change_moves_the_username_and_the_old_address_no_longer_signs_in(PracticeKeyServer kc) {
        User user = kc.newUser();
        String subBefore = sub(kc.accessToken(user));
        String changed = PracticeKeyServer.unique("Moved") + "@New-Practice.TEST";

        Map<String, Object> rep = representation(kc, user.id());
        rep.put("email", changed);
        kc.admin().call("PUT", REALM + "/users/" + user.id(), rep).expect(204);

        JsonNode stored = user(kc, user.id());
        assertThat(stored.path("email").asText()).isEqualTo(changed.toLowerCase(Locale.ROOT));
        assertThat(stored.path("username").asText()).isEqualTo(changed.toLowerCase(Locale.ROOT));
        assertThat(errorDescription(kc.passwordGrant(user.email(), user.password()))).isEqualTo("Invalid user credentials");
        Http.Response withNew = kc.passwordGrant(changed, user.password());
        assertThat(withNew.status()).isEqualTo(200);
        assertThat(sub(withNew.json().path("access_token").asText())).as("apps key users on sub").isEqualTo(subBefore);
    }

    @Test
    void an_email_change_to_another_accounts_address_in_other_case_is_refused(PracticeKeyServer kc) {
        User first = kc.newUser();
        User second = kc.newUser();

        Map<String, Object> rep = representation(kc, second.id());
        rep.put("email", first.email().toUpperCase(Locale.ROOT));
        Http.Response r = kc.admin().call("PUT", REALM + "/users/" + second.id(), rep);

        assertThat(r.status()).isEqualTo(409);
        assertThat(user(kc, second.id()).path("username").asText()).isEqualTo(second.email());
        assertThat(kc.passwordGrant(second.email(), second.password()).status()).isEqualTo(200);
    }

    private static Http.Response create(PracticeKeyServer kc, String email) {
        return kc.admin().call("POST", REALM + "/users", Map.of("username", email, "email", email,
                "enabled", true, "firstName", "Case", "lastName", "Test"));
    }

    static String sub(String accessToken) {
        String payload = accessToken.split("\\.")[1];
        try {
            return Http.JSON.readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8))
                    .path("sub").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
