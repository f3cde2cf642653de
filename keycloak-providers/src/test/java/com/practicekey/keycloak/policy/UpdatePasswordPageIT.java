package com.practicekey.keycloak.policy;

import com.practicekey.stack.Http;
import com.practicekey.stack.junit.Browser;
import com.practicekey.stack.junit.PracticeKeyServer;
import com.practicekey.stack.junit.PracticeKeyServer.Tenant;
import com.practicekey.stack.junit.PracticeKeyServer.User;
import com.practicekey.stack.junit.PracticeKeyTest;
import org.htmlunit.html.DomElement;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In the browser: after a practice tightens its policy, the next sign-in leads to the
 * update-password page, which lists the user's effective requirements with the practices
 * requiring them; a password meeting only the weaker policy is refused there in plain words.
 */
@PracticeKeyTest
class UpdatePasswordPageIT {

    @Test
    void the_update_page_lists_the_merged_requirements_and_names_the_stricter_practice(PracticeKeyServer kc) {
        Tenant riverbend = kc.newTenant("Riverbend Cardiology " + PracticeKeyServer.unique("u"),
                Map.of("passwordPolicy", List.of("length(12)")));
        Tenant lakeside = kc.newTenant("Lakeside Pediatrics " + PracticeKeyServer.unique("u"),
                Map.of("passwordPolicy", List.of("length(10) and upperCase(1)")));
        User user = kc.newUser("Violet-Canyon-Drum-Harbor");
        kc.addMember(riverbend, user);
        kc.addMember(lakeside, user);
        User admin = kc.newUser();
        kc.addMember(riverbend, admin, "admins");
        Http.send("PUT", kc.apiUrl("tenants/" + riverbend.alias() + "/policy"), kc.accessToken(admin),
                Map.of("passwordPolicy", "length(12) and digits(2)")).expect(200);

        try (Browser browser = Browser.open(kc)) {
            browser.signIn(user.email(), user.password());
            assertThat(browser.hasInput("password-new")).as(browser.text()).isTrue();
            DomElement list = browser.htmlPage().getElementById("practicekey-requirements");
            assertThat(list).as("the requirements are listed before the user types").isNotNull();
            assertThat(list.asNormalizedText())
                    .contains("at least 12 characters").contains("at least 2 digits").contains(riverbend.name())
                    .contains("at least 1 uppercase letter").contains(lakeside.name())
                    .contains("hard to guess").contains("PracticeKey");

            String weaker = "Amber-Falcon-Quartz-5";
            browser.submit(Map.of("password-new", weaker, "password-confirm", weaker));
            assertThat(browser.text()).contains("at least 2 digits").contains(riverbend.name()).doesNotContain(weaker);
            assertThat(browser.authorizationCode()).isEmpty();

            String both = "Amber-Falcon-Quartz-58";
            browser.submit(Map.of("password-new", both, "password-confirm", both));
            assertThat(browser.authorizationCode()).as(browser.text()).isPresent();
        }
        assertThat(kc.passwordGrant(user.email(), "Amber-Falcon-Quartz-58").status()).isEqualTo(200);
    }
}
