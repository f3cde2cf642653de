package com.practicekey.keycloak.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.practicekey.stack.junit.Browser;
import com.practicekey.stack.junit.PracticeKeyServer;
import com.practicekey.stack.junit.PracticeKeyServer.Tenant;
import com.practicekey.stack.junit.PracticeKeyServer.User;
import com.practicekey.stack.junit.PracticeKeyTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.practicekey.keycloak.credentials.Accounts.REALM;
import static com.practicekey.keycloak.credentials.Accounts.requiredActions;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5, item 7 (and item 2's self-service exception): a signed-in user changes their password
 * at any time through the account console's action (UPDATE_PASSWORD as {@code kc_action}),
 * governed by the merged policy; the change is recorded as an event and is not marked temporary.
 */
@PracticeKeyTest
class SelfServicePasswordIT {

    @Test
    void a_user_changes_their_own_password_under_the_merged_policy_and_it_is_not_temporary(PracticeKeyServer kc) {
        Tenant practice = kc.newTenant("Self Service Clinic " + PracticeKeyServer.unique("x"),
                Map.of("passwordPolicy", List.of("length(12) and digits(1)")));
        User user = kc.newUser();
        kc.addMember(practice, user);
        String chosen = "Juniper-Harvest-Comet-81";

        try (Browser browser = Browser.open(kc)) {
            browser.signIn(user.email(), user.password());
            assertThat(browser.authorizationCode()).as(browser.text()).isPresent();

            browser.requestAction("UPDATE_PASSWORD");
            assertThat(browser.hasInput("password-new")).as(browser.text()).isTrue();
            browser.submit(Map.of("password-new", "Violet-Canyon-Drum-Harbor", "password-confirm", "Violet-Canyon-Drum-Harbor"));
            assertThat(browser.text()).contains("digit").contains(practice.name());

            browser.submit(Map.of("password-new", chosen, "password-confirm", chosen));
            assertThat(browser.authorizationCode()).as(browser.text()).isPresent();
        }

        assertThat(requiredActions(kc, user.id())).isEmpty();
        assertThat(kc.passwordGrant(user.email(), chosen).status()).isEqualTo(200);
        JsonNode events = kc.admin().get(REALM + "/events?user=" + user.id() + "&max=100").expect(200).json();
        assertThat(events.findValuesAsText("type")).containsAnyOf("UPDATE_PASSWORD", "UPDATE_CREDENTIAL");
    }
}
