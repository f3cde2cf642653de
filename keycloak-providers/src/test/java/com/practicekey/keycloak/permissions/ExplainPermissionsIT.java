package com.practicekey.keycloak.permissions;

import com.fasterxml.jackson.databind.JsonNode;
import com.practicekey.stack.Http;
import com.practicekey.stack.junit.PracticeKeyServer;
import com.practicekey.stack.junit.PracticeKeyServer.Tenant;
import com.practicekey.stack.junit.PracticeKeyServer.User;
import com.practicekey.stack.junit.PracticeKeyTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.practicekey.keycloak.permissions.TokenClient.strings;
import static org.assertj.core.api.Assertions.assertThat;

/** The explain endpoints on the real server: why a member can or cannot do something in a practice. */
@PracticeKeyTest
class ExplainPermissionsIT {

    static Tenant river;
    static Tenant lake;
    static User both;
    static User admin;
    static User lakeOnly;

    @BeforeAll
    static void aPracticeWithOverlappingRoles(PracticeKeyServer kc) {
        river = kc.newTenant("Explain River", Map.of());
        kc.admin().createTenantGroup(PracticeKeyServer.REALM, river.id(), "Physician",
                List.of("clinical.*"), List.of("clinical.audit.*"));
        kc.admin().createTenantGroup(PracticeKeyServer.REALM, river.id(), "Front Desk",
                List.of("clinical.*", "billing.coverage.*", "clinical.notes.*"), List.of("clinical.note.*"));
        lake = kc.newTenant("Explain Lake", Map.of());
        kc.admin().createTenantGroup(PracticeKeyServer.REALM, lake.id(), "Biller", List.of("billing.*"), List.of());

        both = kc.newUser();
        kc.addMember(river, both, "Physician", "Front Desk");
        kc.addMember(lake, both, "Biller");
        admin = kc.newUser();
        kc.addMember(river, admin, "admins");
        lakeOnly = kc.newUser();
        kc.addMember(lake, lakeOnly, "Biller");
    }

    @Test
    void a_member_sees_each_permission_with_the_roles_that_grant_or_deny_it(PracticeKeyServer kc) {
        Http.Response r = Http.send("GET", kc.apiUrl("me/permissions?tenant=" + river.alias()), kc.accessToken(both), null);

        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.path("tenant").asText()).isEqualTo(river.alias());
        assertThat(body.path("userId").asText()).isEqualTo(both.id());
        assertThat(strings(body.path("roles"))).containsExactly("Front Desk", "Physician");

        Map<String, JsonNode> granted = byName(body.path("permissions"));
        assertThat(granted.keySet()).containsExactlyElementsOf(PermissionClaimsIT.RIVER_PERMISSIONS);
        assertThat(strings(granted.get("clinical.patient.read").path("grantedBy"))).containsExactly("Front Desk", "Physician");
        assertThat(strings(granted.get("billing.coverage.write").path("grantedBy"))).containsExactly("Front Desk");

        Map<String, JsonNode> denied = byName(body.path("denied"));
        assertThat(denied.keySet()).containsExactly("clinical.audit.read",
                "clinical.note.amend", "clinical.note.read", "clinical.note.sign", "clinical.note.write");
        assertThat(strings(denied.get("clinical.note.sign").path("deniedBy"))).containsExactly("Front Desk");
        assertThat(strings(denied.get("clinical.note.sign").path("allowedBy"))).containsExactly("Front Desk", "Physician");
        assertThat(strings(denied.get("clinical.audit.read").path("deniedBy"))).containsExactly("Physician");
        assertThat(strings(denied.get("clinical.audit.read").path("allowedBy"))).containsExactly("Front Desk", "Physician");

        assertThat(body.path("problems")).hasSize(1);
        JsonNode problem = body.path("problems").get(0);
        assertThat(problem.path("role").asText()).isEqualTo("Front Desk");
        assertThat(problem.path("attribute").asText()).isEqualTo("allow");
        assertThat(problem.path("pattern").asText()).isEqualTo("clinical.notes.*");
        assertThat(problem.path("kind").asText()).isEqualTo("UNKNOWN");
    }

    @Test
    void the_answer_is_the_token_claim_of_that_practice(PracticeKeyServer kc) {
        TokenClient clinical = TokenClient.forApp(kc, "clinical-app");
        for (Tenant practice : List.of(river, lake)) {
            JsonNode claims = TokenClient.claims(
                    clinical.passwordGrant(both, "openid organization:" + practice.alias()).expect(200));
            JsonNode explained = Http.send("GET", kc.apiUrl("me/permissions?tenant=" + practice.alias()),
                    kc.accessToken(both), null).expect(200).json();

            assertThat(byName(explained.path("permissions")).keySet()).as(practice.alias())
                    .containsExactlyElementsOf(strings(claims.path("permissions")));
        }
    }

    @Test
    void an_admin_of_the_practice_sees_the_same_for_a_member(PracticeKeyServer kc) {
        String token = kc.accessToken(admin);

        JsonNode mine = Http.send("GET", kc.apiUrl("me/permissions?tenant=" + river.alias()), kc.accessToken(both), null)
                .expect(200).json();
        Http.Response r = Http.send("GET", kc.apiUrl("tenants/" + river.alias() + "/users/" + both.id() + "/permissions"),
                token, null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json()).isEqualTo(mine);
    }

    @Test
    void who_may_not_ask_is_told_in_the_contract_shape(PracticeKeyServer kc) {
        String member = kc.accessToken(both);
        String adminToken = kc.accessToken(admin);

        // a member who is not an admin of the practice
        Http.Response notAdmin = Http.send("GET",
                kc.apiUrl("tenants/" + river.alias() + "/users/" + admin.id() + "/permissions"), member, null);
        assertThat(notAdmin.status()).isEqualTo(403);
        assertThat(notAdmin.json().path("error").asText()).isNotBlank();
        assertThat(notAdmin.json().path("message").asText()).isNotBlank();

        // a user who is not a member of the admin's practice
        assertThat(Http.send("GET", kc.apiUrl("tenants/" + river.alias() + "/users/" + lakeOnly.id() + "/permissions"),
                adminToken, null).status()).isEqualTo(404);

        // the caller's own: a practice of which the caller is not a member, no practice named, no token
        Http.Response notMine = Http.send("GET", kc.apiUrl("me/permissions?tenant=" + lake.alias()), adminToken, null);
        assertThat(notMine.status()).isEqualTo(404);
        assertThat(notMine.json().path("error").asText()).isEqualTo("unknown_tenant");
        assertThat(Http.send("GET", kc.apiUrl("me/permissions"), adminToken, null).status()).isEqualTo(400);
        assertThat(Http.send("GET", kc.apiUrl("me/permissions?tenant=" + river.alias()), null, null).status()).isEqualTo(401);
    }

    private static Map<String, JsonNode> byName(JsonNode entries) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        entries.forEach(e -> map.put(e.path("name").asText(), e));
        return map;
    }
}
