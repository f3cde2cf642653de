package com.practicekey.keycloak.permissions;

import com.fasterxml.jackson.databind.JsonNode;
import com.practicekey.stack.Http;
import com.practicekey.stack.junit.PracticeKeyServer;
import com.practicekey.stack.junit.PracticeKeyServer.Tenant;
import com.practicekey.stack.junit.PracticeKeyServer.User;
import com.practicekey.stack.junit.PracticeKeyTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.practicekey.keycloak.permissions.TokenClient.claims;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access-token claims of clinical-app and billing-app on the real server (issue 6): one user
 * with overlapping allow and deny roles in two practices, for each way of choosing the active
 * practice; refusals; a role change on the next refresh.
 */
@PracticeKeyTest
class PermissionClaimsIT {

    /** Physician allows clinical.* but denies clinical.audit.*; Front Desk allows clinical.* and billing.coverage.* but denies clinical.note.*. */
    static final List<String> RIVER_PERMISSIONS = List.of(
            "billing.coverage.read", "billing.coverage.write",
            "clinical.allergy.read", "clinical.allergy.write",
            "clinical.encounter.read", "clinical.encounter.write",
            "clinical.import",
            "clinical.medication.read", "clinical.medication.write",
            "clinical.observation.read", "clinical.observation.write",
            "clinical.patient.read", "clinical.patient.write",
            "clinical.problem.read", "clinical.problem.write",
            "clinical.procedure.read", "clinical.procedure.write");

    /** Biller allows billing.* and clinical.patient.read but denies billing.audit.*; Manager allows billing.* and clinical.encounter.read. */
    static final List<String> LAKE_PERMISSIONS = List.of(
            "billing.balance.read",
            "billing.claim.adjudicate", "billing.claim.read", "billing.claim.submit", "billing.claim.write",
            "billing.coverage.read", "billing.coverage.write",
            "billing.import",
            "billing.payment.read", "billing.payment.write",
            "clinical.encounter.read", "clinical.patient.read");

    static Tenant river;
    static Tenant lake;
    static Tenant other;
    /** Member of river (Physician, Front Desk) and lake (Biller, Manager). */
    static User both;
    static TokenClient clinical;
    static TokenClient billing;

    @BeforeAll
    static void twoPracticesWithOverlappingRoles(PracticeKeyServer kc) {
        clinical = TokenClient.forApp(kc, "clinical-app");
        billing = TokenClient.forApp(kc, "billing-app");

        river = kc.newTenant("River Clinic", Map.of("idleTimeoutMinutes", List.of("20")));
        kc.admin().createTenantGroup(PracticeKeyServer.REALM, river.id(), "Physician",
                List.of("clinical.*"), List.of("clinical.audit.*"));
        kc.admin().createTenantGroup(PracticeKeyServer.REALM, river.id(), "Front Desk",
                List.of("clinical.*", "billing.coverage.*"), List.of("clinical.note.*"));

        lake = kc.newTenant("Lake Clinic", Map.of("idleTimeoutMinutes", List.of("10")));
        kc.admin().createTenantGroup(PracticeKeyServer.REALM, lake.id(), "Biller",
                List.of("billing.*", "clinical.patient.read"), List.of("billing.audit.*"));
        kc.admin().createTenantGroup(PracticeKeyServer.REALM, lake.id(), "Manager",
                List.of("billing.*", "clinical.encounter.read"), List.of());

        other = kc.newTenant("Other Clinic", Map.of());

        both = kc.newUser();
        kc.addMember(river, both, "Physician", "Front Desk");
        kc.addMember(lake, both, "Biller", "Manager");
    }

    @Test
    void both_apps_offer_the_organization_scope_and_carry_the_mapper(PracticeKeyServer kc) {
        for (TokenClient app : List.of(clinical, billing)) {
            List<String> optional = new ArrayList<>();
            kc.admin().get(PracticeKeyServer.REALM + "/clients/" + app.id() + "/optional-client-scopes").expect(200).json()
                    .forEach(s -> optional.add(s.path("name").asText()));
            assertThat(optional).as(app.clientId()).contains("organization");
            List<String> mappers = new ArrayList<>();
            kc.admin().get(PracticeKeyServer.REALM + "/clients/" + app.id()).expect(200).json().path("protocolMappers")
                    .forEach(m -> mappers.add(m.path("protocolMapper").asText()));
            assertThat(mappers).as(app.clientId()).contains(PermissionsProtocolMapper.PROVIDER_ID);
        }
    }

    @Test
    void requested_with_organization_alias_the_token_is_for_that_practice(PracticeKeyServer kc) {
        JsonNode riverToken = claims(clinical.passwordGrant(both, "openid organization:" + river.alias()).expect(200));
        JsonNode lakeToken = claims(billing.passwordGrant(both, "openid organization:" + lake.alias()).expect(200));

        assertThat(riverToken.path("tenant").asText()).isEqualTo(river.alias());
        assertThat(TokenClient.strings(riverToken.path("permissions"))).containsExactlyElementsOf(RIVER_PERMISSIONS).isSorted();
        assertThat(riverToken.path("idle_timeout_minutes").asInt()).isEqualTo(10);
        assertThat(riverToken.path("azp").asText()).isEqualTo("clinical-app");

        assertThat(lakeToken.path("tenant").asText()).isEqualTo(lake.alias());
        assertThat(TokenClient.strings(lakeToken.path("permissions"))).containsExactlyElementsOf(LAKE_PERMISSIONS).isSorted();
        assertThat(lakeToken.path("idle_timeout_minutes").asInt()).isEqualTo(10);
        assertThat(lakeToken.path("azp").asText()).isEqualTo("billing-app");
    }

    @Test
    void picked_on_the_login_page_the_token_is_for_the_picked_practice(PracticeKeyServer kc) {
        try (LoginBrowser browser = new LoginBrowser(kc, clinical)) {
            LoginBrowser.Result result = browser.signIn(both, "openid organization", lake.alias());

            assertThat(result.pickedFrom()).containsExactlyInAnyOrder(river.name(), lake.name());
            JsonNode token = claims(clinical.exchange(result).expect(200));
            assertThat(token.path("tenant").asText()).isEqualTo(lake.alias());
            assertThat(TokenClient.strings(token.path("permissions"))).containsExactlyElementsOf(LAKE_PERMISSIONS);
            assertThat(token.path("idle_timeout_minutes").asInt()).isEqualTo(10);
        }
        try (LoginBrowser browser = new LoginBrowser(kc, billing)) {
            LoginBrowser.Result result = browser.signIn(both, "openid organization", river.alias());

            JsonNode token = claims(billing.exchange(result).expect(200));
            assertThat(token.path("tenant").asText()).isEqualTo(river.alias());
            assertThat(TokenClient.strings(token.path("permissions"))).containsExactlyElementsOf(RIVER_PERMISSIONS);
        }
    }

    @Test
    void the_only_practice_is_the_active_one(PracticeKeyServer kc) {
        User one = kc.newUser();
        kc.addMember(lake, one, "Biller", "Manager");

        for (String scope : List.of("openid", "openid organization", "openid organization:*")) {
            JsonNode token = claims(clinical.passwordGrant(one, scope).expect(200));
            assertThat(token.path("tenant").asText()).as(scope).isEqualTo(lake.alias());
            assertThat(TokenClient.strings(token.path("permissions"))).as(scope).containsExactlyElementsOf(LAKE_PERMISSIONS);
            assertThat(token.path("idle_timeout_minutes").asInt()).isEqualTo(10);
        }
        try (LoginBrowser browser = new LoginBrowser(kc, clinical)) {
            LoginBrowser.Result result = browser.signIn(one, "openid organization", null);

            assertThat(result.pickedFrom()).isEmpty();
            assertThat(claims(clinical.exchange(result).expect(200)).path("tenant").asText()).isEqualTo(lake.alias());
        }
    }

    @Test
    void a_user_of_no_practice_gets_no_tenant_claim(PracticeKeyServer kc) {
        User nobody = kc.newUser();

        JsonNode token = claims(clinical.passwordGrant(nobody, "openid").expect(200));

        assertThat(token.has("tenant")).isFalse();
        assertThat(token.path("permissions").isArray()).isTrue();
        assertThat(token.path("permissions")).isEmpty();
        assertThat(token.path("idle_timeout_minutes").asInt()).isEqualTo(15);
    }

    @Test
    void a_practice_the_user_is_not_a_member_of_is_refused(PracticeKeyServer kc) {
        for (String alias : List.of(other.alias(), "no-such-practice")) {
            Http.Response r = clinical.passwordGrant(both, "openid organization:" + alias);

            assertThat(r.status()).as(alias).isEqualTo(400);
            assertThat(r.json().has("access_token")).isFalse();
            assertThat(r.json().path("error").asText()).isEqualTo("invalid_scope");
            assertThat(r.json().path("error_description").asText()).contains(alias);
        }
        try (LoginBrowser browser = new LoginBrowser(kc, clinical)) {
            LoginBrowser.Result result = browser.signIn(both, "openid organization:" + other.alias(), null);

            // Keycloak lets the sign-in through (the scope names an existing practice); the token is refused
            assertThat(result.code()).isNotNull();
            Http.Response r = clinical.exchange(result);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().has("access_token")).isFalse();
            assertThat(r.json().path("error").asText()).isEqualTo("invalid_scope");
            assertThat(r.json().path("error_description").asText()).contains(other.alias(), "not a member");
        }
    }

    @Test
    void several_practices_and_none_named_is_refused_with_how_to_name_one(PracticeKeyServer kc) {
        for (String scope : List.of("openid", "openid organization:*")) {
            Http.Response r = clinical.passwordGrant(both, scope);

            assertThat(r.status()).as(scope).isEqualTo(400);
            assertThat(r.json().path("error").asText()).isEqualTo("invalid_scope");
            assertThat(r.json().path("error_description").asText()).contains("several practices", "organization:<alias>");
        }
    }

    @Test
    void two_practices_named_at_once_are_refused(PracticeKeyServer kc) {
        Http.Response r = clinical.passwordGrant(both, "openid organization:" + river.alias() + " organization:" + lake.alias());

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().has("access_token")).isFalse();
        assertThat(r.json().path("error").asText()).isEqualTo("invalid_scope");
        assertThat(r.json().path("error_description").asText()).contains("one practice");
    }

    @Test
    void role_and_membership_changes_show_up_on_the_next_refresh(PracticeKeyServer kc) {
        Tenant practice = kc.newTenant("Refresh Clinic", Map.of("idleTimeoutMinutes", List.of("30")));
        String nurse = kc.admin().createTenantGroup(PracticeKeyServer.REALM, practice.id(), "Nurse",
                List.of("clinical.patient.*"), List.of());
        kc.admin().createTenantGroup(PracticeKeyServer.REALM, practice.id(), "Biller", List.of("billing.claim.read"), List.of());
        User user = kc.newUser();
        kc.addMember(practice, user, "Nurse");

        JsonNode first = clinical.passwordGrant(user, "openid organization:" + practice.alias()).expect(200).json();
        assertThat(TokenClient.strings(claims(first).path("permissions")))
                .containsExactly("clinical.patient.read", "clinical.patient.write");
        assertThat(claims(first).path("idle_timeout_minutes").asInt()).isEqualTo(30);

        // a deny added to the role, another role, a stricter idle timeout
        kc.admin().call("PUT", PracticeKeyServer.REALM + "/organizations/" + practice.id() + "/groups/" + nurse,
                Map.of("name", "Nurse", "attributes", Map.of(
                        "allow", List.of("clinical.patient.*"), "deny", List.of("clinical.patient.write")))).expect(204);
        kc.addMember(practice, user, "Biller");
        kc.admin().updateTenantAttributes(PracticeKeyServer.REALM, practice.id(), Map.of("idleTimeoutMinutes", List.of("5")));

        JsonNode second = clinical.refresh(first.path("refresh_token").asText()).expect(200).json();
        assertThat(claims(second).path("tenant").asText()).isEqualTo(practice.alias());
        assertThat(TokenClient.strings(claims(second).path("permissions")))
                .containsExactly("billing.claim.read", "clinical.patient.read");
        assertThat(claims(second).path("idle_timeout_minutes").asInt()).isEqualTo(5);

        // the membership ends: the session's tokens end with it
        kc.admin().call("DELETE", PracticeKeyServer.REALM + "/organizations/" + practice.id() + "/members/" + user.id(), null)
                .expect(204);
        Http.Response third = clinical.refresh(second.path("refresh_token").asText());
        assertThat(third.status()).isEqualTo(400);
        assertThat(third.json().has("access_token")).isFalse();
    }

    @Test
    void a_malformed_idle_timeout_means_the_strictest_value(PracticeKeyServer kc) {
        Tenant practice = kc.newTenant("Typo Clinic", Map.of("idleTimeoutMinutes", List.of("fifteen")));
        User user = kc.newUser();
        kc.addMember(practice, user);

        JsonNode token = claims(clinical.passwordGrant(user, "openid").expect(200));

        assertThat(token.path("tenant").asText()).isEqualTo(practice.alias());
        assertThat(token.path("permissions")).isEmpty();
        assertThat(token.path("idle_timeout_minutes").asInt()).isEqualTo(IdleTimeout.MIN_MINUTES);
    }
}
