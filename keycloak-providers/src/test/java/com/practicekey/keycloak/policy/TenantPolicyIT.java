package com.practicekey.keycloak.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.practicekey.stack.Http;
import com.practicekey.stack.junit.PracticeKeyServer;
import com.practicekey.stack.junit.PracticeKeyServer.Tenant;
import com.practicekey.stack.junit.PracticeKeyServer.User;
import com.practicekey.stack.junit.PracticeKeyTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user in two practices with different policies must satisfy the strictest merge on every path
 * that sets a password, and again at sign-in after a practice tightens its rules.
 */
@PracticeKeyTest
class TenantPolicyIT {

    static final String REALM = PracticeKeyServer.REALM;
    /** Meets both practices' rules and the realm's. */
    static final String STRONG = "Violet-Canyon-Drum-73";
    /** Meets Lakeside's rules (length 10, an uppercase letter) but not Riverbend's (a digit). */
    static final String NO_DIGIT = "Violet-Canyon-Drum-Harbor";

    PracticeKeyServer kc;
    Tenant riverbend;
    Tenant lakeside;
    User user;
    User riverbendAdmin;

    @BeforeEach
    void givenAUserInTwoPracticesWithDifferentPolicies(PracticeKeyServer kc) {
        this.kc = kc;
        riverbend = kc.newTenant("Riverbend Cardiology " + PracticeKeyServer.unique("x"),
                Map.of("passwordPolicy", List.of("length(12) and digits(1)")));
        lakeside = kc.newTenant("Lakeside Pediatrics " + PracticeKeyServer.unique("x"),
                Map.of("passwordPolicy", List.of("length(10) and upperCase(1)")));
        user = kc.newUser(STRONG);
        kc.addMember(riverbend, user);
        kc.addMember(lakeside, user);
        riverbendAdmin = kc.newUser();
        kc.addMember(riverbend, riverbendAdmin, "admins");
    }

    @Test
    void me_policy_shows_the_merge_with_the_practices_requiring_each_rule() {
        JsonNode body = Http.send("GET", kc.apiUrl("me/policy"), kc.accessToken(user), null).expect(200).json();

        assertThat(rule(body, "length").path("value").asText()).isEqualTo("12");
        assertThat(names(rule(body, "length"))).containsExactly(riverbend.name());
        assertThat(names(rule(body, "digits"))).containsExactly(riverbend.name());
        assertThat(names(rule(body, "upperCase"))).containsExactly(lakeside.name());
        assertThat(names(rule(body, "notEmail"))).containsExactly("PracticeKey");
        assertThat(rule(body, "length").path("requirement").asText()).isEqualTo("at least 12 characters");
        assertThat(body.path("conflicts")).isEmpty();
    }

    @Test
    void admin_reset_refuses_a_password_meeting_only_the_weaker_policy_and_names_the_stricter_practice() {
        Http.Response refused = kc.admin().call("PUT", REALM + "/users/" + user.id() + "/reset-password",
                Map.of("type", "password", "value", NO_DIGIT, "temporary", true));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("at least 1 digit").contains(riverbend.name())
                .doesNotContain(NO_DIGIT);
        assertThat(kc.passwordGrant(user.email(), STRONG).status()).as("old password still works").isEqualTo(200);

        Http.Response accepted = kc.admin().call("PUT", REALM + "/users/" + user.id() + "/reset-password",
                Map.of("type", "password", "value", "Amber-Falcon-Quartz-58", "temporary", false));
        assertThat(accepted.status()).isEqualTo(204);
    }

    @Test
    void admin_update_of_a_user_with_credentials_is_checked_against_the_merge() {
        JsonNode rep = kc.admin().get(REALM + "/users/" + user.id()).expect(200).json();
        @SuppressWarnings("unchecked")
        Map<String, Object> update = Http.JSON.convertValue(rep, Map.class);
        update.put("credentials", List.of(Map.of("type", "password", "value", NO_DIGIT, "temporary", false)));

        Http.Response r = kc.admin().call("PUT", REALM + "/users/" + user.id(), update);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains(riverbend.name());
        Http.Response signIn = kc.passwordGrant(user.email(), NO_DIGIT);
        assertThat(signIn.json().path("error_description").asText()).as("the refused password was not stored")
                .isEqualTo("Invalid user credentials");
    }

    @Test
    void an_overlong_password_is_refused_at_once_on_every_path_naming_the_limit() {
        // 100,000 characters: the strength estimate alone would take hours on it; the limit is checked first.
        String overlong = "Amber-Falcon-Quartz-58-".repeat(4_400).substring(0, 100_000);
        Http.Response admin = kc.admin().call("PUT", REALM + "/users/" + user.id() + "/reset-password",
                Map.of("type", "password", "value", overlong, "temporary", true));
        assertThat(admin.status()).isEqualTo(400);
        assertThat(admin.body()).contains("at most 128 characters").doesNotContain("Amber-Falcon");

        Http.Response api = Http.send("POST", kc.apiUrl("tenants/" + riverbend.alias() + "/users/" + user.id() + "/password"),
                kc.accessToken(riverbendAdmin), Map.of("password", overlong));
        assertThat(api.status()).isEqualTo(400);
        assertThat(api.json().path("error").asText()).isEqualTo("password_policy");
        assertThat(api.json().path("message").asText()).contains("at most 128 characters").contains("PracticeKey");
        assertThat(api.body()).doesNotContain("Amber-Falcon");
        assertThat(kc.passwordGrant(user.email(), STRONG).status()).as("nothing changed").isEqualTo(200);
    }

    @Test
    void a_guessable_password_is_refused_by_the_realm_baseline() {
        User loner = kc.newUser();

        Http.Response r = kc.admin().call("PUT", REALM + "/users/" + loner.id() + "/reset-password",
                Map.of("type", "password", "value", "password1234", "temporary", false));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("hard to guess").contains("PracticeKey");
    }

    @Test
    void partial_import_of_a_user_with_a_guessable_password_is_refused() {
        // Keycloak answers a policy failure in partial import with 500 (its own handling); what
        // matters here is that the import is refused and creates nothing.
        String email = PracticeKeyServer.unique("imported") + "@example.test";
        Map<String, Object> importUser = Map.of("username", email, "email", email, "enabled", true,
                "credentials", List.of(Map.of("type", "password", "value", "qwerty123456", "temporary", false)));

        Http.Response r = kc.admin().call("POST", REALM + "/partialImport",
                Map.of("ifResourceExists", "SKIP", "users", List.of(importUser)));

        assertThat(r.status()).isGreaterThanOrEqualTo(400);
        assertThat(r.body()).doesNotContain("qwerty123456");
        assertThat(kc.admin().findUserByEmail(REALM, email)).isNull();
    }

    @Test
    void after_a_practice_tightens_its_policy_the_next_sign_in_demands_a_new_password() {
        assertThat(kc.passwordGrant(user.email(), STRONG).status()).isEqualTo(200);

        Http.Response put = Http.send("PUT", kc.apiUrl("tenants/" + riverbend.alias() + "/policy"),
                kc.accessToken(riverbendAdmin), Map.of("passwordPolicy", "length(24) and digits(1)"));
        assertThat(put.status()).as(put.body()).isEqualTo(200);

        Http.Response signIn = kc.passwordGrant(user.email(), STRONG);
        assertThat(signIn.status()).isEqualTo(400);
        assertThat(signIn.json().path("error_description").asText()).isEqualTo("Account is not fully set up");
        JsonNode actions = kc.admin().get(REALM + "/users/" + user.id()).expect(200).json().path("requiredActions");
        assertThat(actions.toString()).contains("UPDATE_PASSWORD");
    }

    @Test
    void a_compliant_sign_in_adds_no_required_action() {
        assertThat(kc.passwordGrant(user.email(), STRONG).status()).isEqualTo(200);

        JsonNode actions = kc.admin().get(REALM + "/users/" + user.id()).expect(200).json().path("requiredActions");
        assertThat(actions).isEmpty();
    }

    @Test
    void tenant_admins_read_and_replace_the_settings() {
        String token = kc.accessToken(riverbendAdmin);
        Map<String, Object> settings = Map.of("passwordPolicy", "length(14) and digits(2)", "lockoutMaxFailures", 4,
                "idleTimeoutMinutes", 20, "contactEmail", "security@riverbend.test");

        JsonNode put = Http.send("PUT", kc.apiUrl("tenants/" + riverbend.alias() + "/policy"), token, settings).expect(200).json();
        JsonNode get = Http.send("GET", kc.apiUrl("tenants/" + riverbend.alias() + "/policy"), token, null).expect(200).json();

        for (JsonNode view : List.of(put, get)) {
            assertThat(view.path("passwordPolicy").asText()).isEqualTo("length(14) and digits(2)");
            assertThat(view.path("lockoutMaxFailures").asInt()).isEqualTo(4);
            assertThat(view.path("idleTimeoutMinutes").asInt()).isEqualTo(20);
            assertThat(view.path("contactEmail").asText()).isEqualTo("security@riverbend.test");
            assertThat(view.path("problems")).isEmpty();
        }
        JsonNode events = kc.admin().get(REALM + "/admin-events?resourceTypes=ORGANIZATION&max=100").expect(200).json();
        assertThat(events.toString()).contains(riverbendAdmin.id()).contains(riverbend.alias());
    }

    @Test
    void malformed_settings_get_400_naming_the_problem_and_change_nothing() {
        String token = kc.accessToken(riverbendAdmin);
        String url = "tenants/" + riverbend.alias() + "/policy";

        assertBadRequest(token, url, Map.of("passwordPolicy", "length(x)"), "length(x)");
        assertBadRequest(token, url, Map.of("passwordPolicy", "lenght(12)"), "lenght");
        assertBadRequest(token, url, Map.of("lockoutMaxFailures", 0), "lockoutMaxFailures");
        assertBadRequest(token, url, Map.of("idleTimeoutMinutes", "ten"), "idleTimeoutMinutes");
        assertBadRequest(token, url, Map.of("contactEmail", "not-an-address"), "contactEmail");
        assertBadRequest(token, url, Map.of("colour", "blue"), "colour");
        assertBadRequest(token, url, "{not json", "JSON");
        assertBadRequest(token, url, Map.of("passwordPolicy", "length(12) and hashAlgorithm(md5)"), "a practice cannot set it");
        assertBadRequest(token, url, Map.of("passwordPolicy", "length(129)"), "1..128");

        JsonNode after = Http.send("GET", kc.apiUrl(url), token, null).expect(200).json();
        assertThat(after.path("passwordPolicy").asText()).isEqualTo("length(12) and digits(1)");
    }

    @Test
    void a_policy_no_member_could_satisfy_is_refused_with_409_and_nothing_changes() {
        String token = kc.accessToken(riverbendAdmin);

        Http.Response r = Http.send("PUT", kc.apiUrl("tenants/" + riverbend.alias() + "/policy"), token,
                Map.of("passwordPolicy", "maxLength(9)"));

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().path("error").asText()).isEqualTo("unsatisfiable_policy");
        assertThat(r.json().path("message").asText()).contains("1 member").contains(lakeside.name()).contains(riverbend.name());
        JsonNode after = Http.send("GET", kc.apiUrl("tenants/" + riverbend.alias() + "/policy"), token, null).expect(200).json();
        assertThat(after.path("passwordPolicy").asText()).isEqualTo("length(12) and digits(1)");
    }

    @Test
    void only_the_tenants_admins_may_see_or_change_its_settings() {
        String memberToken = kc.accessToken(user);

        Http.Response asMember = Http.send("GET", kc.apiUrl("tenants/" + riverbend.alias() + "/policy"), memberToken, null);
        assertThat(asMember.status()).isEqualTo(403);
        assertThat(asMember.json().path("message").asText()).isNotBlank();
        Http.Response otherAdmin = Http.send("PUT", kc.apiUrl("tenants/" + lakeside.alias() + "/policy"),
                kc.accessToken(riverbendAdmin), Map.of("passwordPolicy", "length(8)"));
        assertThat(otherAdmin.status()).isEqualTo(403);
        assertThat(Http.send("GET", kc.apiUrl("tenants/no-such-practice/policy"), memberToken, null).status()).isEqualTo(404);
        assertThat(Http.send("GET", kc.apiUrl("tenants/" + riverbend.alias() + "/policy"), null, null).status()).isEqualTo(401);
    }

    @Test
    void the_largest_history_of_the_users_practices_is_enforced_with_the_practice_named() {
        setRiverbendPolicy("length(12) and digits(1) and passwordHistory(3)");
        String second = "Amber-Falcon-Quartz-58";
        kc.admin().resetPassword(REALM, user.id(), second, false);

        Http.Response reuse = kc.admin().call("PUT", REALM + "/users/" + user.id() + "/reset-password",
                Map.of("type", "password", "value", STRONG, "temporary", false));

        assertThat(reuse.status()).isEqualTo(400);
        assertThat(reuse.body()).contains("not one of your last 3 passwords").contains(riverbend.name());
        Http.Response fresh = kc.admin().call("PUT", REALM + "/users/" + user.id() + "/reset-password",
                Map.of("type", "password", "value", "Copper-Meadow-Lynx-94", "temporary", false));
        assertThat(fresh.status()).isEqualTo(204);
    }

    @Test
    void a_history_longer_than_the_realm_keeps_is_refused_naming_the_limit() {
        Http.Response r = Http.send("PUT", kc.apiUrl("tenants/" + riverbend.alias() + "/policy"),
                kc.accessToken(riverbendAdmin), Map.of("passwordPolicy", "passwordHistory(30)"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("message").asText()).contains("passwordHistory(30)").contains("at most 24");
    }

    @Test
    void an_expired_password_must_be_changed_at_the_next_sign_in() throws Exception {
        setRiverbendPolicy("length(12) and digits(1) and forceExpiredPasswordChange(30)");
        assertThat(kc.passwordGrant(user.email(), STRONG).status()).as("a fresh password is fine").isEqualTo(200);

        try (var c = kc.database().connect("keycloak");
             var s = c.prepareStatement("UPDATE credential SET created_date = ? WHERE user_id = ? AND type = 'password'")) {
            s.setLong(1, System.currentTimeMillis() - java.time.Duration.ofDays(31).toMillis());
            s.setString(2, user.id());
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        kc.admin().call("POST", REALM + "/clear-user-cache", null).expect(204);

        Http.Response signIn = kc.passwordGrant(user.email(), STRONG);
        assertThat(signIn.json().path("error_description").asText()).isEqualTo("Account is not fully set up");
    }

    private void setRiverbendPolicy(String policy) {
        Http.send("PUT", kc.apiUrl("tenants/" + riverbend.alias() + "/policy"), kc.accessToken(riverbendAdmin),
                Map.of("passwordPolicy", policy)).expect(200);
    }

    private void assertBadRequest(String token, String url, Object body, String named) {
        Http.Response r = Http.send("PUT", kc.apiUrl(url), token, body);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().path("message").asText()).contains(named);
    }

    private static JsonNode rule(JsonNode policy, String id) {
        for (JsonNode r : policy.path("rules")) {
            if (id.equals(r.path("rule").asText())) {
                return r;
            }
        }
        throw new AssertionError("no rule " + id + " in " + policy);
    }

    private static List<String> names(JsonNode rule) {
        List<String> out = new ArrayList<>();
        rule.path("requiredBy").forEach(s -> out.add(s.path("name").asText()));
        return out;
    }
}
