package com.practicekey.keycloak.lockout;

import com.practicekey.stack.junit.PracticeKeyServer;
import com.practicekey.stack.junit.PracticeKeyServer.User;
import com.practicekey.stack.junit.PracticeKeyTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.practicekey.stack.Http;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.practicekey.keycloak.lockout.LockoutIT.WRONG;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 4, items 5 and 6: browser sign-in and the forgot-password flow honour the lock. */
@PracticeKeyTest
class LockRoutesIT {

    @Test
    void browser_sign_in_counts_wrong_passwords_locks_and_then_answers_as_for_a_wrong_password(PracticeKeyServer kc) {
        LockoutIT.Practice p = LockoutIT.Practice.create(kc, 3);
        User user = p.member();
        Browser.assertIssuedCode(Browser.signIn(kc.baseUrl(), user.email(), user.password()));

        Browser.Page wrong = null;
        for (int i = 0; i < 3; i++) {
            wrong = Browser.signIn(kc.baseUrl(), user.email(), WRONG);
            assertThat(Browser.issuedCode(wrong)).isFalse();
        }
        Browser.Page locked = Browser.signIn(kc.baseUrl(), user.email(), user.password());

        assertThat(Browser.issuedCode(locked)).isFalse();
        assertThat(Browser.errorText(wrong)).isEqualTo("Invalid username or password.");
        assertThat(Browser.errorText(locked)).isEqualTo(Browser.errorText(wrong));
        assertThat(locked.status()).isEqualTo(wrong.status());
        assertThat(p.lockStatus(user).expect(200).json().path("lockReason").asText()).isEqualTo("FAILURES");
        assertThat(LockoutIT.loginErrors(kc, user, 4)).containsExactlyInAnyOrder("invalid_user_credentials",
                "invalid_user_credentials", "invalid_user_credentials", "user_disabled");
    }

    @Test
    void an_admin_lock_blocks_browser_sign_in_until_unlock(PracticeKeyServer kc) {
        LockoutIT.Practice p = LockoutIT.Practice.create(kc, 5);
        User user = p.member();
        com.practicekey.stack.Http.send("POST", p.url(user, "lock"), p.adminToken(),
                java.util.Map.of("reason", "left the practice")).expect(200);

        Browser.Page locked = Browser.signIn(kc.baseUrl(), user.email(), user.password());

        assertThat(Browser.issuedCode(locked)).isFalse();
        assertThat(Browser.errorText(locked)).isEqualTo("Invalid username or password.");
        p.unlock(user).expect(204);
        Browser.assertIssuedCode(Browser.signIn(kc.baseUrl(), user.email(), user.password()));
    }

    @Test
    void the_forgot_password_flow_may_change_the_password_but_gives_a_locked_user_no_session(PracticeKeyServer kc) {
        LockoutIT.Practice p = LockoutIT.Practice.create(kc, 3);
        User locked = p.member();
        User control = p.member();
        LockoutIT.lockByFailures(kc, locked, 3);
        String realm = PracticeKeyServer.REALM;
        JsonNode before = kc.admin().get(realm).expect(200).json();
        try (SmtpSink smtp = new SmtpSink()) {
            setSmtp(kc, Map.of("host", "127.0.0.1", "port", String.valueOf(smtp.port()),
                    "from", "noreply@practicekey.test"));

            Browser.Page controlDone = Browser.resetPassword(kc.baseUrl(), control.email(), smtp, "Fresh-Orchid-Lantern-71");
            Browser.Page lockedDone = Browser.resetPassword(kc.baseUrl(), locked.email(), smtp, "Fresh-Orchid-Lantern-71");

            Browser.assertIssuedCode(controlDone);
            assertThat(Browser.issuedCode(lockedDone)).as(lockedDone.body()).isFalse();
            assertThat(lockedDone.body()).contains("Invalid username or password.");
            assertThat(kc.admin().get(realm + "/users/" + locked.id() + "/sessions").expect(200).json()).isEmpty();
            assertThat(p.lockStatus(locked).expect(200).json().path("locked").asBoolean()).isTrue();
            LockoutIT.assertInvalidCredentials(kc.passwordGrant(locked.email(), locked.password()));
            LockoutIT.assertInvalidCredentials(kc.passwordGrant(locked.email(), "Fresh-Orchid-Lantern-71"));
        } finally {
            JsonNode smtp = before.path("smtpServer");
            setSmtp(kc, smtp.isMissingNode() ? Map.of() : Http.JSON.convertValue(smtp, Map.class));
        }
    }

    @Test
    void an_execute_actions_email_link_gives_a_locked_user_no_session(PracticeKeyServer kc) {
        LockoutIT.Practice p = LockoutIT.Practice.create(kc, 3);
        User locked = p.member();
        LockoutIT.lockByFailures(kc, locked, 3);
        String realm = PracticeKeyServer.REALM;
        JsonNode before = kc.admin().get(realm).expect(200).json();
        try (SmtpSink smtp = new SmtpSink()) {
            setSmtp(kc, Map.of("host", "127.0.0.1", "port", String.valueOf(smtp.port()), "from", "noreply@practicekey.test"));
            int seen = smtp.count();
            kc.admin().call("PUT", realm + "/users/" + locked.id() + "/execute-actions-email?client_id=pk-test&redirect_uri="
                    + Http.enc("http://localhost/callback"), java.util.List.of("UPDATE_PASSWORD")).expect(204);

            Browser.Page done = Browser.followActionLink(kc.baseUrl(), smtp.awaitActionLink(seen), "Fresh-Orchid-Lantern-72");

            assertThat(Browser.issuedCode(done)).as(done.body()).isFalse();
            assertThat(kc.admin().get(realm + "/users/" + locked.id() + "/sessions").expect(200).json()).isEmpty();
            LockoutIT.assertInvalidCredentials(kc.passwordGrant(locked.email(), "Fresh-Orchid-Lantern-72"));
            assertThat(p.lockStatus(locked).expect(200).json().path("locked").asBoolean()).isTrue();
        } finally {
            JsonNode smtp = before.path("smtpServer");
            setSmtp(kc, smtp.isMissingNode() ? Map.of() : Http.JSON.convertValue(smtp, Map.class));
        }
    }

    /** Changes only the realm's SMTP settings (a partial realm representation). */
    private static void setSmtp(PracticeKeyServer kc, Map<?, ?> smtp) {
        kc.admin().call("PUT", PracticeKeyServer.REALM, Map.of("realm", PracticeKeyServer.REALM, "smtpServer", smtp)).expect(204);
    }
}
