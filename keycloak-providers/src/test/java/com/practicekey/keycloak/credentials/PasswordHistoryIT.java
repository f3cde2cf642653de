package com.practicekey.keycloak.credentials;

import com.practicekey.stack.junit.Browser;
import com.practicekey.stack.junit.PracticeKeyServer;
import com.practicekey.stack.junit.PracticeKeyServer.Tenant;
import com.practicekey.stack.junit.PracticeKeyServer.User;
import com.practicekey.stack.junit.PracticeKeyTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.practicekey.keycloak.credentials.Accounts.apiSetPassword;
import static com.practicekey.keycloak.credentials.Accounts.requiredActions;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5, item 4: the new password differs from the temporary one and from the remembered
 * history a practice requires (Keycloak keeps old passwords up to the realm's retention): the
 * temporary password counts as one of them.
 */
@PracticeKeyTest
class PasswordHistoryIT {

    static final String TEMPORARY = "Amber-Falcon-Quartz-58";
    static final String FIRST_OWN = "Cobalt-Willow-Signal-39";
    static final String SECOND_OWN = "Juniper-Harvest-Comet-81";

    @Test
    void the_temporary_password_and_the_practice_history_count(PracticeKeyServer kc) {
        Tenant practice = kc.newTenant("History Clinic " + PracticeKeyServer.unique("x"),
                Map.of("passwordPolicy", List.of("passwordHistory(3)")));
        User admin = kc.newUser();
        kc.addMember(practice, admin, "admins");
        User member = kc.newUser();
        kc.addMember(practice, member);

        apiSetPassword(kc, kc.accessToken(admin), practice.alias(), member.id(), Map.of("password", TEMPORARY)).expect(204);

        try (Browser browser = Browser.open(kc)) {
            browser.signIn(member.email(), TEMPORARY);
            assertThat(browser.hasInput("password-new")).as(browser.text()).isTrue();
            assertRefused(browser, TEMPORARY, practice);
            assertRefused(browser, member.password(), practice);
            changeTo(browser, FIRST_OWN);
            assertThat(browser.authorizationCode()).as(browser.text()).isPresent();

            // later, through the account console's action: the temporary one is still remembered
            browser.requestAction("UPDATE_PASSWORD");
            assertThat(browser.hasInput("password-new")).as(browser.text()).isTrue();
            assertRefused(browser, TEMPORARY, practice);
            assertRefused(browser, member.password(), practice);
            assertRefused(browser, FIRST_OWN, practice);
            changeTo(browser, SECOND_OWN);
            assertThat(browser.authorizationCode()).as(browser.text()).isPresent();
        }
        assertThat(requiredActions(kc, member.id())).isEmpty();
        assertThat(kc.passwordGrant(member.email(), SECOND_OWN).status()).isEqualTo(200);
    }

    private static void assertRefused(Browser browser, String password, Tenant practice) {
        changeTo(browser, password);
        assertThat(browser.hasInput("password-new")).as("refused").isTrue();
        assertThat(browser.text()).contains("not one of your last 3 passwords").contains(practice.name());
    }

    private static void changeTo(Browser browser, String password) {
        browser.submit(Map.of("password-new", password, "password-confirm", password));
    }
}
