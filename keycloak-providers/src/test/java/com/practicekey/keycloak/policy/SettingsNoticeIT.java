package com.practicekey.keycloak.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.practicekey.stack.Http;
import com.practicekey.stack.junit.PracticeKeyServer;
import com.practicekey.stack.junit.PracticeKeyServer.Tenant;
import com.practicekey.stack.junit.PracticeKeyServer.User;
import com.practicekey.stack.junit.PracticeKeyTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Tenant contacts get a notice, through a real SMTP server, whenever the tenant's settings change. */
@PracticeKeyTest
class SettingsNoticeIT {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    PracticeKeyServer kc;
    Tenant tenant;
    User admin;

    @BeforeEach
    void givenATenantWithAContactAndTheRealmsSmtpServer(PracticeKeyServer kc) {
        this.kc = kc;
        useSmtpPort(smtp.getSmtp().getPort());
        tenant = kc.newTenant("Lakeside Pediatrics " + PracticeKeyServer.unique("n"), Map.of(
                "passwordPolicy", List.of("length(10)"), "contactEmail", List.of("it@lakeside.test")));
        admin = kc.newUser();
        kc.addMember(tenant, admin, "admins");
    }

    @Test
    void a_change_through_the_api_mails_the_contact_before_and_after_who_and_when() throws Exception {
        Http.send("PUT", kc.apiUrl("tenants/" + tenant.alias() + "/policy"), kc.accessToken(admin),
                Map.of("passwordPolicy", "length(14)", "contactEmail", "it@lakeside.test", "lockoutMaxFailures", 4)).expect(200);

        MimeMessage mail = awaitOneMail();
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("it@lakeside.test");
        assertThat(mail.getSubject()).contains(tenant.name());
        String text = GreenMailUtil.getBody(mail);
        assertThat(text).contains("passwordPolicy: \"length(10)\" -> \"length(14)\"")
                .contains("lockoutMaxFailures: (not set) -> \"4\"")
                .contains("changed by " + admin.email())
                .doesNotContain("contactEmail:");
    }

    @Test
    void a_change_by_a_realm_admin_in_the_console_mails_the_contact_too() throws Exception {
        kc.admin().updateTenantAttributes(PracticeKeyServer.REALM, tenant.id(), Map.of(
                "passwordPolicy", List.of("length(12) and digits(1)"), "contactEmail", List.of("it@lakeside.test")));

        MimeMessage mail = awaitOneMail();
        String text = GreenMailUtil.getBody(mail);
        assertThat(text).contains("passwordPolicy: \"length(10)\" -> \"length(12) and digits(1)\"")
                .contains("changed by admin (realm master)");
    }

    @Test
    void no_change_no_mail() throws Exception {
        Http.send("PUT", kc.apiUrl("tenants/" + tenant.alias() + "/policy"), kc.accessToken(admin),
                Map.of("passwordPolicy", "length(10)", "contactEmail", "it@lakeside.test")).expect(200);

        assertThat(smtp.waitForIncomingEmail(3000, 1)).isFalse();
    }

    @Test
    void a_refused_change_sends_nothing() throws Exception {
        Http.send("PUT", kc.apiUrl("tenants/" + tenant.alias() + "/policy"), kc.accessToken(admin),
                Map.of("passwordPolicy", "length(zero)")).expect(400);

        assertThat(smtp.waitForIncomingEmail(3000, 1)).isFalse();
    }

    @Test
    void a_mail_failure_never_undoes_the_change() {
        useSmtpPort(closedPort());

        JsonNode view = Http.send("PUT", kc.apiUrl("tenants/" + tenant.alias() + "/policy"), kc.accessToken(admin),
                Map.of("passwordPolicy", "length(16)", "contactEmail", "it@lakeside.test")).expect(200).json();

        assertThat(view.path("passwordPolicy").asText()).isEqualTo("length(16)");
        JsonNode stored = Http.send("GET", kc.apiUrl("tenants/" + tenant.alias() + "/policy"), kc.accessToken(admin), null)
                .expect(200).json();
        assertThat(stored.path("passwordPolicy").asText()).isEqualTo("length(16)");
    }

    private MimeMessage awaitOneMail() {
        assertThat(smtp.waitForIncomingEmail(15000, 1)).as("a notice arrives").isTrue();
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        return received[0];
    }

    private void useSmtpPort(int port) {
        JsonNode realm = kc.admin().get(PracticeKeyServer.REALM).expect(200).json();
        @SuppressWarnings("unchecked")
        Map<String, Object> rep = Http.JSON.convertValue(realm, Map.class);
        rep.put("smtpServer", Map.of("host", "127.0.0.1", "port", String.valueOf(port), "from", "noreply@practicekey.test"));
        kc.admin().call("PUT", PracticeKeyServer.REALM, rep).expect(204);
    }

    private static int closedPort() {
        return com.practicekey.stack.KeycloakServer.freePort();
    }
}
