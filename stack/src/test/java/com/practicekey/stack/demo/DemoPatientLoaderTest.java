package com.practicekey.stack.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.practicekey.stack.Http;
import com.practicekey.stack.KeycloakStack;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoPatientLoaderTest {

    static JsonNode demoData() throws Exception {
        try (InputStream in = KeycloakStack.resource("practicekey/demo/demo-data.json")) {
            return Http.JSON.readTree(in);
        }
    }

    @Test
    void every_demo_practice_has_a_demo_user_with_each_import_permission() throws Exception {
        List<DemoPatientLoader.DemoPractice> practices = DemoPatientLoader.practices(demoData());
        assertThat(practices).extracting(p -> p.practice().alias()).containsExactly("riverbend", "lakeside", "summit");
        for (DemoPatientLoader.DemoPractice p : practices) {
            assertThat(p.holding("clinical.import")).as(p.practice().alias() + " clinical.import").isNotEmpty();
            assertThat(p.holding("billing.import")).as(p.practice().alias() + " billing.import").isNotEmpty();
        }
        DemoPatientLoader.DemoPractice summit = practices.get(2);
        assertThat(summit.holding("billing.import")).extracting(DemoPatientLoader.Member::email).containsExactly("admin@summit.test");
        assertThat(summit.holding("clinical.import")).extracting(DemoPatientLoader.Member::email)
                .containsExactly("dr.garcia@summit.test", "frontdesk@summit.test");
        assertThat(practices.get(0).holding("billing.import")).extracting(DemoPatientLoader.Member::email)
                .containsExactly("billing@riverbend.test");
    }

    @Test
    void practices_get_the_profile_the_demo_data_names() throws Exception {
        assertThat(DemoPatientLoader.practices(demoData())).extracting(p -> p.practice().profile()).containsExactly(
                DemoPatients.Profile.CARDIOLOGY, DemoPatients.Profile.PEDIATRICS, DemoPatients.Profile.FAMILY);
    }

    @Test
    void patterns_match_as_the_realm_does_and_a_deny_wins() {
        assertThat(DemoPatientLoader.matches("clinical.*", "clinical.import")).isTrue();
        assertThat(DemoPatientLoader.matches("clinical.*", "clinical.note.sign")).isTrue();
        assertThat(DemoPatientLoader.matches("clinical.*", "clinical")).isFalse();
        assertThat(DemoPatientLoader.matches("clinical.*", "billing.import")).isFalse();
        assertThat(DemoPatientLoader.matches("billing.import", "billing.import")).isTrue();
        assertThat(DemoPatientLoader.matches("billing.import", "billing.imports")).isFalse();
        DemoPatientLoader.Member frontDesk = new DemoPatientLoader.Member("f@x.test", "pw",
                List.of("clinical.*", "billing.coverage.*"), List.of("clinical.note.*", "clinical.audit.*"));
        assertThat(frontDesk.holds("clinical.import")).isTrue();
        assertThat(frontDesk.holds("clinical.note.sign")).isFalse();
        assertThat(frontDesk.holds("billing.import")).isFalse();
        assertThat(frontDesk.toString()).doesNotContain("pw");
    }

    @Test
    void an_unknown_role_or_profile_in_the_demo_data_is_named() throws Exception {
        JsonNode bad = Http.JSON.readTree("""
                {"tenants": [{"alias": "a", "name": "A", "roles": [{"name": "Physician", "allow": [], "deny": []}]}],
                 "users": [{"email": "u@a.test", "password": "x", "tenants": {"a": ["Surgeon"]}}]}""");
        assertThatThrownBy(() -> DemoPatientLoader.practices(bad)).hasMessageContaining("Surgeon").hasMessageContaining("u@a.test");
        JsonNode badProfile = Http.JSON.readTree("""
                {"tenants": [{"alias": "a", "name": "A", "demoProfile": "dental"}], "users": []}""");
        assertThatThrownBy(() -> DemoPatientLoader.practices(badProfile)).hasMessageContaining("dental");
    }

    @Test
    void the_summary_line_has_counts_only() {
        Map<String, Integer> created = new LinkedHashMap<>();
        created.put("Patient", 300);
        created.put("Encounter", 700);
        DemoPatientLoader.Result ok = new DemoPatientLoader.Result("summit", "clinical", 300, 95, 95, created, Map.of(),
                Map.of("Claim", 700), Duration.ofMillis(12_345), null, false);
        assertThat(ok.summary()).isEqualTo("demo patients summit -> clinical-app: 300 patients in 95 bundles, 12.3 s; "
                + "created Patient 300, Encounter 700; updated none; ignored Claim 700");
        DemoPatientLoader.Result failed = new DemoPatientLoader.Result("summit", "billing", 300, 95, 3, created, Map.of(),
                Map.of(), Duration.ZERO, "HTTP 403: billing.import required", false);
        assertThat(failed.ok()).isFalse();
        assertThat(failed.summary()).isEqualTo("demo patients summit -> billing-app: FAILED after 3 of 95 bundles: HTTP 403: billing.import required");
        assertThat(DemoPatientLoader.Result.kept("summit", "billing", 300, 12).summary())
                .isEqualTo("demo patients summit -> billing-app: 300 patients kept from the last run (same bundles already loaded)");
    }

    @Test
    void the_marker_fingerprint_changes_with_the_bundles() {
        DemoPatients.Practice summit = new DemoPatients.Practice("summit", "Summit", DemoPatients.Profile.FAMILY);
        String f10 = DemoPatientLoader.fingerprint(new DemoPatients(summit, 1).bundles(10, 1 << 20).stream().map(DemoPatients::bytes).toList());
        assertThat(DemoPatientLoader.fingerprint(new DemoPatients(summit, 1).bundles(10, 1 << 20).stream().map(DemoPatients::bytes).toList()))
                .isEqualTo(f10);
        assertThat(DemoPatientLoader.fingerprint(new DemoPatients(summit, 1).bundles(11, 1 << 20).stream().map(DemoPatients::bytes).toList()))
                .isNotEqualTo(f10);
        assertThat(DemoPatientLoader.fingerprint(new DemoPatients(summit, 2).bundles(10, 1 << 20).stream().map(DemoPatients::bytes).toList()))
                .isNotEqualTo(f10);
    }

    @Test
    void the_token_payload_is_read_and_login_page_errors_are_found() {
        String payload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"tenant\":\"summit\",\"permissions\":[\"billing.import\"]}".getBytes(StandardCharsets.UTF_8));
        JsonNode claims = AppLogin.payload("eyJhbGciOiJSUzI1NiJ9." + payload + ".c2ln");
        assertThat(claims.path("tenant").asText()).isEqualTo("summit");
        assertThatThrownBy(() -> AppLogin.payload("not-a-jwt")).hasMessageContaining("not a JWT");
        assertThat(AppLogin.pageError("<span id=\"input-error\" class=\"x\">\n Invalid username or password.</span>"))
                .contains("Invalid username or password.");
        assertThat(AppLogin.pageError("<div class=\"pf-c-alert pf-m-danger\"><span class=\"icon\"></span><span class=\"kc-feedback-text\">Account is disabled, contact your administrator.</span></div>"))
                .contains("Account is disabled, contact your administrator.");
        assertThat(AppLogin.pageError("<p>Sign in</p>")).isEmpty();
        assertThat(AppLogin.unescape("a&amp;b=&quot;c&quot;")).isEqualTo("a&b=\"c\"");
    }
}
