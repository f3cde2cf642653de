package com.practicekey.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TenantSettingsTest {

    private static Map<String, List<String>> attrs(String... nameValue) {
        Map<String, List<String>> map = new HashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            map.computeIfAbsent(nameValue[i], k -> new java.util.ArrayList<>()).add(nameValue[i + 1]);
        }
        return map;
    }

    @Test
    void readsWellFormedSettings() {
        TenantSettings s = TenantSettings.fromAttributes(attrs(
                "passwordPolicy", "length(12) and digits(1) and notEmail",
                "lockoutMaxFailures", "7",
                "idleTimeoutMinutes", "20",
                "contactEmail", "security@riverbend.example",
                "somethingElse", "ignored"));

        assertThat(s.ok()).isTrue();
        assertThat(s.passwordPolicy().toKeycloakString()).isEqualTo("length(12) and digits(1) and notEmail");
        assertThat(s.lockoutMaxFailures()).isEqualTo(OptionalInt.of(7));
        assertThat(s.idleTimeoutMinutes()).isEqualTo(OptionalInt.of(20));
        assertThat(s.contactEmail()).contains("security@riverbend.example");
    }

    @Test
    void missingOrBlankMeansNotSet() {
        TenantSettings s = TenantSettings.fromAttributes(attrs("passwordPolicy", " ", "lockoutMaxFailures", ""));
        assertThat(s).isEqualTo(TenantSettings.none());
        assertThat(TenantSettings.fromAttributes(Map.of())).isEqualTo(TenantSettings.none());
        assertThat(TenantSettings.fromAttributes(null)).isEqualTo(TenantSettings.none());
        Map<String, List<String>> withNull = new HashMap<>();
        withNull.put("contactEmail", Arrays.asList((String) null));
        assertThat(TenantSettings.fromAttributes(withNull)).isEqualTo(TenantSettings.none());
    }

    @Test
    void policyProblemsNameTheAttributeAndThePart() {
        TenantSettings s = TenantSettings.fromAttributes(attrs("passwordPolicy", "length(12) and digits(x)"));
        assertThat(s.problems()).extracting(Problem::toString)
                .containsExactly("passwordPolicy: digits(x): \"x\" is not a whole number");
        assertThat(s.passwordPolicy().toKeycloakString()).isEqualTo("length(12) and digits(1)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-5", "ten", "3.5", "99999999999"})
    void malformedLockoutIsReportedAndTheFallbackApplies(String value) {
        TenantSettings s = TenantSettings.fromAttributes(attrs("lockoutMaxFailures", value));
        assertThat(s.problems()).hasSize(1);
        assertThat(s.problems().get(0).subject()).isEqualTo("lockoutMaxFailures");
        assertThat(s.lockoutMaxFailures()).isEqualTo(OptionalInt.of(TenantSettings.FALLBACK_LOCKOUT_MAX_FAILURES));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1441", "15m", ""})
    void malformedIdleTimeoutIsReportedAndTheFallbackApplies(String value) {
        TenantSettings s = TenantSettings.fromAttributes(attrs("idleTimeoutMinutes", value.isEmpty() ? "x" : value));
        assertThat(s.problems()).extracting(Problem::subject).containsExactly("idleTimeoutMinutes");
        assertThat(s.idleTimeoutMinutes()).isEqualTo(OptionalInt.of(TenantSettings.FALLBACK_IDLE_TIMEOUT_MINUTES));
    }

    @Test
    void boundsAreInclusive() {
        TenantSettings low = TenantSettings.fromAttributes(attrs("lockoutMaxFailures", "1", "idleTimeoutMinutes", "1"));
        TenantSettings high = TenantSettings.fromAttributes(attrs("lockoutMaxFailures", "100", "idleTimeoutMinutes", "1440"));
        assertThat(low.ok()).isTrue();
        assertThat(high.ok()).isTrue();
        assertThat(high.idleTimeoutMinutes()).isEqualTo(OptionalInt.of(1440));
    }

    @Test
    void severalValuesAreReportedAndTheStrictestApplies() {
        TenantSettings s = TenantSettings.fromAttributes(attrs(
                "lockoutMaxFailures", "9", "lockoutMaxFailures", "4",
                "passwordPolicy", "length(10)", "passwordPolicy", "length(14) and notEmail"));
        assertThat(s.problems()).extracting(Problem::subject).contains("lockoutMaxFailures", "passwordPolicy");
        assertThat(s.lockoutMaxFailures()).isEqualTo(OptionalInt.of(4));
        assertThat(s.passwordPolicy().toKeycloakString()).isEqualTo("length(14) and notEmail");
    }

    @ParameterizedTest
    @ValueSource(strings = {"security@riverbend.example", "a.b+c@x-y.example.org", "o'neil@lakeside.co"})
    void acceptsEmailAddresses(String email) {
        assertThat(TenantSettings.isEmailAddress(email)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"riverbend", "@example.org", "a@b", "a@@b.org", "a b@c.org", "a@b..org", ".a@b.org",
            "a@-b.org", "a@b.org.", "a@b.1"})
    void rejectsNonAddresses(String email) {
        assertThat(TenantSettings.isEmailAddress(email)).isFalse();
        TenantSettings s = TenantSettings.fromAttributes(attrs("contactEmail", email));
        assertThat(s.contactEmail()).isEqualTo(Optional.empty());
        assertThat(s.problems()).extracting(Problem::subject).containsExactly("contactEmail");
    }

    @Test
    void aPracticeCannotChooseTheHashAlgorithm() {
        TenantSettings s = TenantSettings.fromAttributes(attrs("passwordPolicy", "length(10) and hashAlgorithm(md5)"));
        assertThat(s.problems()).extracting(Problem::toString).containsExactly("passwordPolicy: hashAlgorithm(md5): how passwords"
                + " are hashed is the realm's setting for every practice; a practice cannot set it");
        assertThatThrownBy(() -> TenantSettings.fromAttributesStrict(attrs("passwordPolicy", "hashAlgorithm(argon2)")))
                .isInstanceOf(PolicySyntaxException.class).hasMessageContaining("a practice cannot set it");
        assertThat(TenantSettings.fromAttributes(attrs("passwordPolicy", "length(10) and hashIterations(5)")).ok()).isTrue();
    }

    @Test
    void strictReadingRejects() {
        assertThatThrownBy(() -> TenantSettings.fromAttributesStrict(attrs("idleTimeoutMinutes", "0")))
                .isInstanceOf(PolicySyntaxException.class)
                .hasMessage("idleTimeoutMinutes: 0 is outside the allowed range 1..1440");
    }
}
