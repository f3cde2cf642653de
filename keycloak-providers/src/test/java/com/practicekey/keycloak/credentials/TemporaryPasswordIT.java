package com.practicekey.keycloak.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.practicekey.stack.Http;
import com.practicekey.stack.junit.Browser;
import com.practicekey.stack.junit.PracticeKeyServer;
import com.practicekey.stack.junit.PracticeKeyServer.Tenant;
import com.practicekey.stack.junit.PracticeKeyServer.User;
import com.practicekey.stack.junit.PracticeKeyTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.practicekey.keycloak.credentials.Accounts.REALM;
import static com.practicekey.keycloak.credentials.Accounts.adminReset;
import static com.practicekey.keycloak.credentials.Accounts.apiSetPassword;
import static com.practicekey.keycloak.credentials.Accounts.errorDescription;
import static com.practicekey.keycloak.credentials.Accounts.password;
import static com.practicekey.keycloak.credentials.Accounts.representation;
import static com.practicekey.keycloak.credentials.Accounts.requiredActions;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5, items 2 to 4: every password a third party sets is temporary, whatever the caller
 * asks; until the user has chosen a new one, no grant gives a token and earlier sessions are
 * gone; the new one meets the merged policy and differs from the temporary one. That no
 * administrator can take UPDATE_PASSWORD away meanwhile is {@link PendingPasswordChangeIT}'s.
 */
@PracticeKeyTest
class TemporaryPasswordIT {

    static final String UPDATE_PASSWORD = "UPDATE_PASSWORD";
    static final String NOT_SET_UP = "Account is not fully set up";
    static final String TEMPORARY = "Amber-Falcon-Quartz-58";
    static final String CHOSEN = "Cobalt-Willow-Signal-39";

    PracticeKeyServer kc;
    Tenant practice;
    User admin;
    User member;

    @BeforeEach
    void givenAPracticeWithAnAdminAndAMember(PracticeKeyServer kc) {
        this.kc = kc;
        practice = kc.newTenant("Harbor Clinic " + PracticeKeyServer.unique("x"),
                Map.of("passwordPolicy", List.of("length(12) and digits(1)")));
        admin = kc.newUser();
        kc.addMember(practice, admin, "admins");
        member = kc.newUser();
        kc.addMember(practice, member);
    }

    // ---- item 2: every third-party path ends with UPDATE_PASSWORD ----

    @Test
    void admin_reset_with_temporary_false_still_requires_a_new_password() {
        adminReset(kc, member.id(), TEMPORARY, false).expect(204);

        assertThat(requiredActions(kc, member.id())).containsExactly(UPDATE_PASSWORD);
        Http.Response grant = kc.passwordGrant(member.email(), TEMPORARY);
        assertThat(grant.status()).isEqualTo(400);
        assertThat(errorDescription(grant)).isEqualTo(NOT_SET_UP);
    }

    @Test
    void admin_create_with_a_permanent_credential_requires_a_new_password() {
        String email = PracticeKeyServer.unique("created") + "@example.test";
        String id = kc.admin().create(REALM + "/users", Map.of("username", email, "email", email, "enabled", true,
                "firstName", "New", "lastName", "Hire", "credentials", List.of(password(TEMPORARY, false))));

        assertThat(requiredActions(kc, id)).containsExactly(UPDATE_PASSWORD);
        assertThat(errorDescription(kc.passwordGrant(email, TEMPORARY))).isEqualTo(NOT_SET_UP);
    }

    @Test
    void admin_update_with_a_permanent_credential_requires_a_new_password() {
        Map<String, Object> rep = representation(kc, member.id());
        rep.put("credentials", List.of(password(TEMPORARY, false)));
        kc.admin().call("PUT", REALM + "/users/" + member.id(), rep).expect(204);

        assertThat(requiredActions(kc, member.id())).containsExactly(UPDATE_PASSWORD);
        assertThat(errorDescription(kc.passwordGrant(member.email(), TEMPORARY))).isEqualTo(NOT_SET_UP);
    }

    @Test
    void admin_update_without_credentials_adds_nothing() {
        Map<String, Object> rep = representation(kc, member.id());
        rep.put("firstName", "Renamed");
        kc.admin().call("PUT", REALM + "/users/" + member.id(), rep).expect(204);

        assertThat(requiredActions(kc, member.id())).isEmpty();
        assertThat(kc.passwordGrant(member.email(), member.password()).status()).isEqualTo(200);
    }

    @Test
    void partial_import_with_permanent_credentials_requires_a_new_password_added_or_overwritten() {
        String email = PracticeKeyServer.unique("imported") + "@example.test";
        Map<String, Object> user = Map.of("username", email, "email", email, "enabled", true,
                "firstName", "Imported", "lastName", "User", "credentials", List.of(password(TEMPORARY, false)));

        kc.admin().call("POST", REALM + "/partialImport", Map.of("ifResourceExists", "FAIL", "users", List.of(user))).expect(200);
        String id = kc.admin().findUserByEmail(REALM, email);
        assertThat(requiredActions(kc, id)).containsExactly(UPDATE_PASSWORD);

        kc.admin().call("POST", REALM + "/partialImport", Map.of("ifResourceExists", "OVERWRITE", "users", List.of(user))).expect(200);
        String again = kc.admin().findUserByEmail(REALM, email);
        assertThat(requiredActions(kc, again)).containsExactly(UPDATE_PASSWORD);
        assertThat(errorDescription(kc.passwordGrant(email, TEMPORARY))).isEqualTo(NOT_SET_UP);
    }

    @Test
    void practice_admin_sets_a_temporary_password_through_the_api_even_when_asking_for_a_permanent_one() {
        Http.Response r = apiSetPassword(kc, kc.accessToken(admin), practice.alias(), member.id(),
                Map.of("password", TEMPORARY, "temporary", false));

        assertThat(r.status()).as(r.body()).isEqualTo(204);
        assertThat(requiredActions(kc, member.id())).containsExactly(UPDATE_PASSWORD);
        assertThat(errorDescription(kc.passwordGrant(member.email(), TEMPORARY))).isEqualTo(NOT_SET_UP);
        JsonNode events = kc.admin().get(REALM + "/admin-events?resourceTypes=USER&max=1000").expect(200).json();
        assertThat(events.toString()).contains(admin.id()).contains(practice.alias()).contains(member.id())
                .contains("temporary-password-set").doesNotContain(TEMPORARY);
    }

    @Test
    void the_api_checks_the_members_merged_policy_and_names_the_practice() {
        Http.Response r = apiSetPassword(kc, kc.accessToken(admin), practice.alias(), member.id(),
                Map.of("password", "Violet-Canyon-Drum-Harbor"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("error").asText()).isEqualTo("password_policy");
        assertThat(r.json().path("message").asText()).contains("digit").contains(practice.name());
        assertThat(r.body()).doesNotContain("Violet-Canyon-Drum-Harbor");
        assertThat(requiredActions(kc, member.id())).isEmpty();
        assertThat(kc.passwordGrant(member.email(), member.password()).status()).as("nothing changed").isEqualTo(200);
    }

    @Test
    void the_api_refuses_malformed_bodies_self_and_members_of_other_practices() {
        String token = kc.accessToken(admin);
        assertThat(apiSetPassword(kc, token, practice.alias(), member.id(), Map.of()).status()).isEqualTo(400);
        assertThat(apiSetPassword(kc, token, practice.alias(), member.id(), "{not json").status()).isEqualTo(400);
        assertThat(apiSetPassword(kc, token, practice.alias(), member.id(), Map.of("password", TEMPORARY, "colour", "blue"))
                .status()).isEqualTo(400);
        assertThat(apiSetPassword(kc, token, practice.alias(), admin.id(), Map.of("password", TEMPORARY)).status())
                .as("not on oneself").isEqualTo(403);
        User outsider = kc.newUser();
        assertThat(apiSetPassword(kc, token, practice.alias(), outsider.id(), Map.of("password", TEMPORARY)).status())
                .as("not a member").isEqualTo(404);
        assertThat(apiSetPassword(kc, kc.accessToken(member), practice.alias(), outsider.id(), Map.of("password", TEMPORARY))
                .status()).as("members are not admins").isEqualTo(403);
        assertThat(apiSetPassword(kc, null, practice.alias(), member.id(), Map.of("password", TEMPORARY)).status()).isEqualTo(401);
    }

    @Test
    void support_may_reset_a_practice_admin_and_the_password_is_temporary_but_not_an_ordinary_member() {
        User support = kc.newUser();
        kc.admin().grantRealmRole(REALM, support.id(), "support");
        String token = kc.accessToken(support);

        Http.Response onMember = apiSetPassword(kc, token, practice.alias(), member.id(), Map.of("password", TEMPORARY));
        assertThat(onMember.status()).isEqualTo(403);

        Http.Response onAdmin = apiSetPassword(kc, token, practice.alias(), admin.id(), Map.of("password", TEMPORARY));
        assertThat(onAdmin.status()).as(onAdmin.body()).isEqualTo(204);
        assertThat(requiredActions(kc, admin.id())).containsExactly(UPDATE_PASSWORD);
        assertThat(errorDescription(kc.passwordGrant(admin.email(), TEMPORARY))).isEqualTo(NOT_SET_UP);
    }

    @Test
    void a_later_permanent_reset_does_not_clear_the_pending_change() {
        adminReset(kc, member.id(), TEMPORARY, true).expect(204);
        adminReset(kc, member.id(), "Garnet-Meadow-Beacon-64", false).expect(204);

        assertThat(requiredActions(kc, member.id())).containsExactly(UPDATE_PASSWORD);
    }

    // ---- item 3: no token before the change ----

    @Test
    void existing_sessions_end_and_no_refresh_token_works_after_a_third_party_sets_a_password() throws Exception {
        JsonNode tokens = kc.passwordGrant(member.email(), member.password()).expect(200).json();
        Thread.sleep(1100); // tokens issued in an earlier second than the reset

        adminReset(kc, member.id(), TEMPORARY, false).expect(204);

        Http.Response refresh = Http.form(kc.realmUrl("protocol/openid-connect/token"), Map.of(
                "grant_type", "refresh_token", "client_id", PracticeKeyServer.TEST_CLIENT,
                "refresh_token", tokens.get("refresh_token").asText()));
        assertThat(refresh.status()).isEqualTo(400);
        assertThat(refresh.json().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(kc.admin().get(REALM + "/users/" + member.id() + "/sessions").expect(200).json()).isEmpty();
        Http.Response oldPassword = kc.passwordGrant(member.email(), member.password());
        assertThat(errorDescription(oldPassword)).isEqualTo("Invalid user credentials");
    }

    @Test
    void the_browser_goes_straight_to_the_update_page_and_tokens_come_only_after_the_change() {
        adminReset(kc, member.id(), TEMPORARY, false).expect(204);

        try (Browser browser = Browser.open(kc)) {
            browser.signIn(member.email(), TEMPORARY);
            assertThat(browser.hasInput("password-new")).as(browser.text()).isTrue();
            assertThat(browser.authorizationCode()).isEmpty();
            assertThat(errorDescription(kc.passwordGrant(member.email(), TEMPORARY))).isEqualTo(NOT_SET_UP);

            // item 4: not the temporary password again
            browser.submit(Map.of("password-new", TEMPORARY, "password-confirm", TEMPORARY));
            assertThat(browser.hasInput("password-new")).isTrue();
            assertThat(browser.text()).contains("different from the temporary password");
            // item 4: the merged policy, naming the practice
            browser.submit(Map.of("password-new", "Violet-Canyon-Drum-Harbor", "password-confirm", "Violet-Canyon-Drum-Harbor"));
            assertThat(browser.text()).contains("digit").contains(practice.name());
            assertThat(browser.authorizationCode()).isEmpty();

            browser.submit(Map.of("password-new", CHOSEN, "password-confirm", CHOSEN));
            JsonNode tokens = browser.exchangeCode();
            assertThat(tokens.path("access_token").asText()).isNotEmpty();
        }
        assertThat(requiredActions(kc, member.id())).as("the user's own change is not marked").isEmpty();
        assertThat(kc.passwordGrant(member.email(), CHOSEN).status()).isEqualTo(200);
        assertThat(errorDescription(kc.passwordGrant(member.email(), TEMPORARY))).isEqualTo("Invalid user credentials");
    }
}
