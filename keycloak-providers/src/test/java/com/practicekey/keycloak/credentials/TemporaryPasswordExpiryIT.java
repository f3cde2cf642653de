package com.practicekey.keycloak.credentials;

import com.practicekey.stack.Http;
import com.practicekey.stack.junit.Browser;
import com.practicekey.stack.junit.PracticeKeyServer;
import com.practicekey.stack.junit.PracticeKeyServer.Tenant;
import com.practicekey.stack.junit.PracticeKeyServer.User;
import com.practicekey.stack.junit.PracticeKeyTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.practicekey.keycloak.credentials.Accounts.REALM;
import static com.practicekey.keycloak.credentials.Accounts.adminReset;
import static com.practicekey.keycloak.credentials.Accounts.apiSetPassword;
import static com.practicekey.keycloak.credentials.Accounts.errorDescription;
import static com.practicekey.keycloak.credentials.Accounts.representation;
import static com.practicekey.keycloak.credentials.Accounts.requiredActions;
import static com.practicekey.keycloak.credentials.Accounts.setRealmAttribute;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 5, item 5: an unused temporary password stops working after the realm's lifetime. */
@PracticeKeyTest
class TemporaryPasswordExpiryIT {

    static final String TEMPORARY = "Amber-Falcon-Quartz-58";
    static final String NEXT_TEMPORARY = "Saffron-Kettle-Orbit-27";

    @Test
    void an_unused_temporary_password_expires_and_only_a_new_reset_helps(PracticeKeyServer kc) throws Exception {
        Tenant practice = kc.newTenant("Expiry Clinic " + PracticeKeyServer.unique("x"), Map.of());
        User admin = kc.newUser();
        kc.addMember(practice, admin, "admins");
        User member = kc.newUser();
        kc.addMember(practice, member);
        String adminToken = kc.accessToken(admin);

        try {
            setRealmAttribute(kc, TemporaryPasswordLifetime.ATTRIBUTE, "0.002"); // 7.2 seconds
            adminReset(kc, member.id(), TEMPORARY, false).expect(204);
            // An unrelated admin edit meanwhile keeps the password temporary.
            Map<String, Object> rep = representation(kc, member.id());
            rep.put("firstName", "Edited");
            kc.admin().call("PUT", REALM + "/users/" + member.id(), rep).expect(204);
            Thread.sleep(8_000);

            try (Browser browser = Browser.open(kc)) {
                browser.signIn(member.email(), TEMPORARY);
                assertThat(browser.text()).contains("temporary password has expired").contains("practice administrator");
                assertThat(browser.hasInput("password-new")).as("no way to set a new password with it").isFalse();
                assertThat(browser.authorizationCode()).isEmpty();
            }
            Http.Response grant = kc.passwordGrant(member.email(), TEMPORARY);
            assertThat(grant.status()).isEqualTo(400);
            assertThat(grant.json().path("error").asText()).isEqualTo("invalid_grant");
            assertThat(errorDescription(grant)).as("the same words as the page")
                    .isEqualTo(ExpiredTemporaryPasswordRequiredAction.MESSAGE);
            assertThat(requiredActions(kc, member.id())).as("the expiry is not stored as an action")
                    .containsExactly("UPDATE_PASSWORD");

            // A new reset helps: the browser goes to the update page again.
            setRealmAttribute(kc, TemporaryPasswordLifetime.ATTRIBUTE, String.valueOf(TemporaryPasswordLifetime.DEFAULT_HOURS));
            apiSetPassword(kc, adminToken, practice.alias(), member.id(), Map.of("password", NEXT_TEMPORARY)).expect(204);
            try (Browser browser = Browser.open(kc)) {
                browser.signIn(member.email(), NEXT_TEMPORARY);
                assertThat(browser.hasInput("password-new")).as(browser.text()).isTrue();
            }
        } finally {
            setRealmAttribute(kc, TemporaryPasswordLifetime.ATTRIBUTE, String.valueOf(TemporaryPasswordLifetime.DEFAULT_HOURS));
        }
    }

    @Test
    void the_realm_file_sets_the_default_lifetime(PracticeKeyServer kc) {
        String value = kc.admin().get(REALM).expect(200).json().path("attributes")
                .path(TemporaryPasswordLifetime.ATTRIBUTE).asText();
        assertThat(value).isEqualTo("72");
    }
}
