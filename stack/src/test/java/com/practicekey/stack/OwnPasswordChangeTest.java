package com.practicekey.stack;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The page reading and the temporary passwords of {@link OwnPasswordChange}; the flow itself runs in the ITs. */
class OwnPasswordChangeTest {

    /** Shaped like Keycloak 26.7's keycloak.v2 update-password page after a refused password. */
    static final String UPDATE_PAGE = """
            <div class="pf-v5-c-alert pf-m-warning"><span class="pf-v5-c-alert__title kc-feedback-text">You need to change your password.</span></div>
            <form id="kc-select-language" action="/realms/practicekey/login-actions/language?x=1"><input type="hidden" name="kc_locale" value="en"></form>
            <form id="kc-passwd-update-form" class="pf-v5-c-form" onsubmit="login.disabled = true; return true;"
                  action="http://127.0.0.1:8080/realms/practicekey/login-actions/required-action?session_code=a&amp;execution=UPDATE_PASSWORD&amp;client_id=account-console&amp;tab_id=t" method="post">
              <input type="password" id="password-new" name="password-new" autocomplete="new-password" aria-invalid="true">
              <div id="input-error-container-password">
                <div class="pf-v5-c-helper-text__item pf-m-error" id="input-error-password">
                  <span class="pf-v5-c-helper-text__item-text">Password must be at least 1 digit &#8212; required by Riverbend Cardiology.</span>
                </div>
              </div>
              <input type="password" id="password-confirm" name="password-confirm">
              <input type="hidden" name="stateChecker" value="s&amp;1">
              <input type="checkbox" id="logout-sessions" name="logout-sessions" value="on" checked>
              <button type="submit" name="login">Submit</button>
            </form>
            """;

    @Test
    void reads_the_form_with_a_field_its_unescaped_action_and_what_a_browser_would_send() {
        OwnPasswordChange.LoginPage page = OwnPasswordChange.LoginPage.parse(UPDATE_PAGE);

        OwnPasswordChange.LoginPage.Form form = page.form("password-new").orElseThrow();
        assertThat(form.action()).isEqualTo("http://127.0.0.1:8080/realms/practicekey/login-actions/required-action"
                + "?session_code=a&execution=UPDATE_PASSWORD&client_id=account-console&tab_id=t");
        assertThat(form.inputs()).containsExactly("password-new", "password-confirm", "stateChecker", "logout-sessions");
        assertThat(form.defaults()).as("hidden and checked inputs, never passwords")
                .isEqualTo(Map.of("stateChecker", "s&1", "logout-sessions", "on"));
        assertThat(page.form("kc_locale").orElseThrow().action()).contains("/language");
        assertThat(page.form("username")).isEmpty();
        assertThat(page.describe()).isEqualTo("/realms/practicekey/login-actions/language [kc_locale], "
                + "/realms/practicekey/login-actions/required-action [password-new, password-confirm, stateChecker, logout-sessions]");
    }

    @Test
    void a_prefilled_username_is_sent_again_and_an_unchecked_box_is_not() {
        OwnPasswordChange.LoginPage page = OwnPasswordChange.LoginPage.parse("<form action=\"/x\">"
                + "<input id=\"username\" name=\"username\" value=\"dr.chen@riverbend.test\" type=\"text\">"
                + "<input name=\"password\" type=\"password\" value=\"\"><input type=\"checkbox\" name=\"rememberMe\">"
                + "<input type=\"hidden\" id=\"id-hidden-input\" name=\"credentialId\"></form>");
        assertThat(page.form("password").orElseThrow().defaults())
                .isEqualTo(Map.of("username", "dr.chen@riverbend.test", "credentialId", ""));
    }

    @Test
    void reads_the_field_error_apart_from_the_pages_message() {
        OwnPasswordChange.LoginPage page = OwnPasswordChange.LoginPage.parse(UPDATE_PAGE);

        assertThat(page.fieldError()).contains("Password must be at least 1 digit \u2014 required by Riverbend Cardiology.");
        assertThat(page.message()).contains("You need to change your password.");
        OwnPasswordChange.LoginPage plain = OwnPasswordChange.LoginPage.parse(
                "<form action=\"/a\"><input name=\"username\"><div id=\"input-error-container-username\">  </div></form>");
        assertThat(plain.fieldError()).as("an empty container is no error").isEmpty();
        assertThat(plain.message()).isEmpty();
    }

    @RepeatedTest(20)
    void temporary_passwords_are_random_and_have_every_character_class() {
        String a = OwnPasswordChange.randomTemporaryPassword();
        assertThat(a).hasSize(20).matches(".*[A-Z].*").matches(".*[a-z].*").matches(".*[0-9].*").matches(".*[^A-Za-z0-9].*");
        assertThat(OwnPasswordChange.randomTemporaryPassword()).isNotEqualTo(a);
    }

    @Test
    void the_new_password_must_differ_from_the_temporary_one() {
        assertThatThrownBy(() -> OwnPasswordChange.choose(java.net.URI.create("http://127.0.0.1:1"), "r", "u", "Same-Password-1", "Same-Password-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("Same-Password-1");
    }
}
