package com.practicekey.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PolicyMergerTest {

    static final PolicySource REALM = PolicySource.realm("PracticeKey");
    static final PolicySource RIVERBEND = PolicySource.tenant("riverbend", "Riverbend Cardiology");
    static final PolicySource LAKESIDE = PolicySource.tenant("lakeside", "Lakeside Pediatrics");

    static PolicyInput realm(String policy) {
        return PolicyInput.realm("PracticeKey", PolicyParser.parseStrict(policy));
    }

    static PolicyInput riverbend(String policy) {
        return PolicyInput.tenant("riverbend", "Riverbend Cardiology", PolicyParser.parseStrict(policy));
    }

    static PolicyInput lakeside(String policy) {
        return PolicyInput.tenant("lakeside", "Lakeside Pediatrics", PolicyParser.parseStrict(policy));
    }

    @Test
    void largerMinimumSmallerMaximumWithTheirSources() {
        MergedPolicy merged = PolicyMerger.merge(realm("length(8) and maxLength(64) and forceExpiredPasswordChange(365)"),
                List.of(riverbend("length(12) and maxLength(40) and passwordAge(60)"),
                        lakeside("length(10) and forceExpiredPasswordChange(90) and passwordAge(10)")));

        assertThat(merged.toKeycloakString())
                .isEqualTo("length(12) and maxLength(40) and passwordAge(60) and forceExpiredPasswordChange(90)");
        assertThat(merged.rule(RuleId.LENGTH).orElseThrow().sources()).containsExactly(RIVERBEND);
        assertThat(merged.rule(RuleId.MAX_LENGTH).orElseThrow().sources()).containsExactly(RIVERBEND);
        assertThat(merged.rule(RuleId.FORCE_EXPIRED_PASSWORD_CHANGE).orElseThrow().sources()).containsExactly(LAKESIDE);
        assertThat(merged.rule(RuleId.PASSWORD_AGE).orElseThrow().sources()).containsExactly(RIVERBEND);
    }

    @Test
    void tiesKeepEverySourceRealmFirst() {
        MergedPolicy merged = PolicyMerger.merge(realm("digits(1) and maxAuthAge(300)"),
                List.of(riverbend("digits(1) and maxAuthAge(120)"), lakeside("digits(1) and maxAuthAge(120)")));

        assertThat(merged.rule(RuleId.DIGITS).orElseThrow().sources()).containsExactly(REALM, LAKESIDE, RIVERBEND);
        assertThat(merged.rule(RuleId.MAX_AUTH_AGE).orElseThrow().sourceNames())
                .containsExactly("Lakeside Pediatrics", "Riverbend Cardiology");
        assertThat(merged.rule(RuleId.DIGITS).orElseThrow().describe())
                .isEqualTo("digits(1) required by PracticeKey, Lakeside Pediatrics and Riverbend Cardiology");
    }

    @Test
    void flagsAreAnyOfAndRegexAndBlacklistsAllOf() {
        MergedPolicy merged = PolicyMerger.merge(realm("notUsername and regexPattern(^[^ ]+$) and passwordBlacklist(common.txt)"),
                List.of(riverbend("notEmail and regexPattern(.*[0-9].*) and passwordBlacklist(cardio.txt)"),
                        lakeside("notEmail and regexPattern(^[^ ]+$)")));

        assertThat(merged.toKeycloakString()).isEqualTo("notUsername and notEmail and regexPattern(.*[0-9].*)"
                + " and regexPattern(^[^ ]+$) and passwordBlacklist(cardio.txt) and passwordBlacklist(common.txt)");
        assertThat(merged.rule(RuleId.NOT_EMAIL).orElseThrow().sources()).containsExactly(LAKESIDE, RIVERBEND);
        assertThat(merged.rules(RuleId.REGEX_PATTERN)).extracting(MergedRule::sources)
                .containsExactly(List.of(RIVERBEND), List.of(REALM, LAKESIDE));
        assertThat(merged.rules(RuleId.PASSWORD_BLACKLIST)).extracting(MergedRule::sources)
                .containsExactly(List.of(RIVERBEND), List.of(REALM));
    }

    @Test
    void hashAlgorithmIsTheRealmsOnly() {
        MergedPolicy merged = PolicyMerger.merge(realm("hashAlgorithm(argon2)"), List.of(riverbend("hashAlgorithm(pbkdf2-sha1)")));
        assertThat(merged.toKeycloakString()).isEqualTo("hashAlgorithm(argon2)");
        assertThat(merged.rule(RuleId.HASH_ALGORITHM).orElseThrow().sources()).containsExactly(REALM);

        assertThat(PolicyMerger.merge(realm(""), List.of(riverbend("hashAlgorithm(md5)"))).rules()).isEmpty();
    }

    @Test
    void hashIterationsRiseOnlyAboveAnExplicitRealmCount() {
        assertThat(PolicyMerger.merge(realm("hashIterations(27500)"), List.of(riverbend("hashIterations(210000)")))
                .toKeycloakString()).isEqualTo("hashIterations(210000)");
        assertThat(PolicyMerger.merge(realm("hashIterations(27500)"), List.of(riverbend("hashIterations(1000)")))
                .toKeycloakString()).isEqualTo("hashIterations(27500)");
        assertThat(PolicyMerger.merge(realm(""), List.of(riverbend("hashIterations(1)"))).rules()).isEmpty();
        assertThat(PolicyMerger.merge(realm("hashIterations(-1)"), List.of(riverbend("hashIterations(1)")))
                .toKeycloakString()).isEqualTo("hashIterations(-1)");
    }

    @Test
    void hardToGuessTakesTheStrongest() {
        MergedPolicy merged = PolicyMerger.merge(realm("hardToGuess(2)"), List.of(riverbend("hardToGuess(4)"), lakeside("hardToGuess(3)")));
        assertThat(merged.rule(RuleId.HARD_TO_GUESS).orElseThrow()).isEqualTo(new MergedRule(RuleId.HARD_TO_GUESS, "4", List.of(RIVERBEND)));
    }

    @Test
    void lockoutAndIdleTimeoutMergeToTheSmallestWithSources() {
        PolicyInput realm = PolicyInput.realm("PracticeKey", PolicyRules.EMPTY, OptionalInt.of(30), OptionalInt.of(15));
        PolicyInput river = PolicyInput.tenant("riverbend", "Riverbend Cardiology",
                TenantSettings.fromAttributes(Map.of("lockoutMaxFailures", List.of("5"), "idleTimeoutMinutes", List.of("15"))));
        PolicyInput lake = PolicyInput.tenant("lakeside", "Lakeside Pediatrics",
                TenantSettings.fromAttributes(Map.of("lockoutMaxFailures", List.of("5"))));

        MergedPolicy merged = PolicyMerger.merge(realm, List.of(river, lake));

        assertThat(merged.lockoutMaxFailures()).contains(new MergedSetting(5, List.of(LAKESIDE, RIVERBEND)));
        assertThat(merged.idleTimeoutMinutes()).contains(new MergedSetting(15, List.of(REALM, RIVERBEND)));
        assertThat(PolicyMerger.merge(realm("length(8)"), List.of()).lockoutMaxFailures()).isEmpty();
    }

    @Test
    void theFirstInputMustBeTheRealmAndTenantsCannotPoseAsIt() {
        assertThatThrownBy(() -> PolicyMerger.merge(riverbend(""), List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PolicyMerger.merge(realm(""), List.of(realm("")))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PolicySource.tenant("realm", "Sneaky")).isInstanceOf(IllegalArgumentException.class);
    }
}
