package com.practicekey.keycloak.credentials;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.practicekey.stack.junit.Browser;
import com.practicekey.stack.junit.PracticeKeyServer;
import com.practicekey.stack.junit.PracticeKeyServer.User;
import com.practicekey.stack.junit.PracticeKeyTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.practicekey.keycloak.credentials.Accounts.REALM;
import static com.practicekey.keycloak.credentials.Accounts.adminReset;
import static com.practicekey.keycloak.credentials.Accounts.requiredActions;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5, item 2's self-service exception: a password the user sets through the e-mailed
 * forgot-password link is the user's own, not temporary (also when they held a temporary one).
 */
@PracticeKeyTest
class ForgotPasswordIT {

    static final Pattern LINK = Pattern.compile("(https?://[^\\s\"<>]*login-actions/action-token\\?[^\\s\"<>]+)");

    @Test
    void a_password_set_through_the_emailed_link_is_the_users_own(PracticeKeyServer kc) throws Exception {
        User user = kc.newUser();
        adminReset(kc, user.id(), "Amber-Falcon-Quartz-58", true).expect(204);
        String chosen = "Tangerine-Lighthouse-Moss-62";

        GreenMail smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            kc.admin().call("PUT", REALM, Map.of("smtpServer", Map.of("host", "127.0.0.1",
                    "port", String.valueOf(smtp.getSmtp().getPort()), "from", "noreply@practicekey.test"))).expect(204);
            try (Browser browser = Browser.open(kc)) {
                browser.startLogin();
                browser.submit(Map.of("username", user.email()));
                browser.follow("reset-credentials");
                browser.submit(Map.of("username", user.email()));
                assertThat(smtp.waitForIncomingEmail(30_000, 1)).as("the e-mail arrived").isTrue();
                MimeMessage mail = smtp.getReceivedMessages()[0];
                Matcher link = LINK.matcher(GreenMailUtil.getBody(mail).replace("=\r\n", "").replace("&amp;", "&")
                        .replace("=3D", "="));
                assertThat(link.find()).as("a link in the e-mail").isTrue();

                browser.go(link.group(1));
                assertThat(browser.hasInput("password-new")).as(browser.text()).isTrue();
                browser.submit(Map.of("password-new", chosen, "password-confirm", chosen));
            }
        } finally {
            kc.admin().call("PUT", REALM, Map.of("smtpServer", Map.of())).expect(204);
            smtp.stop();
        }
        assertThat(requiredActions(kc, user.id())).as("not marked temporary").isEmpty();
        assertThat(kc.passwordGrant(user.email(), chosen).status()).isEqualTo(200);
    }

    static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
