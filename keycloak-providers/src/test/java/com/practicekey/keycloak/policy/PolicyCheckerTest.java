package com.practicekey.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyCheckerTest {

    static final UserContext ANNA = new UserContext("anna.berg", "Anna.Berg@Riverbend.example", "Anna", "Berg");

    static MergedPolicy policy(String realm, String riverbend, String lakeside) {
        return PolicyMerger.merge(PolicyInput.realm("PracticeKey", PolicyParser.parseStrict(realm)), List.of(
                PolicyInput.tenant("riverbend", "Riverbend Cardiology", PolicyParser.parseStrict(riverbend)),
                PolicyInput.tenant("lakeside", "Lakeside Pediatrics", PolicyParser.parseStrict(lakeside))));
    }

    static List<String> messages(MergedPolicy policy, String password) {
        return PolicyChecker.check(policy, password, ANNA).failures().stream().map(RuleFailure::message).toList();
    }

    @Test
    void messagesNameTheRuleAndTheSources() {
        MergedPolicy p = policy("length(8) and specialChars(1)", "length(12) and digits(1)", "digits(1) and upperCase(2)");

        assertThat(messages(p, "short")).containsExactly(
                "at least 12 characters — required by Riverbend Cardiology",
                "at least 1 digit — required by Lakeside Pediatrics and Riverbend Cardiology",
                "at least 2 uppercase letters — required by Lakeside Pediatrics",
                "at least 1 special character (not a letter or digit) — required by PracticeKey");
        assertThat(messages(p, "Long Enough Pass 1")).isEmpty();
    }

    @Test
    void failureCarriesRuleValueAndSources() {
        CheckResult result = PolicyChecker.check(policy("", "length(12)", ""), "abc", ANNA);
        assertThat(result.passes()).isFalse();
        assertThat(result.failures()).containsExactly(new RuleFailure(RuleId.LENGTH, "12", List.of("Riverbend Cardiology"),
                "at least 12 characters — required by Riverbend Cardiology"));
    }

    @Test
    void noPasswordIsLongerThanPracticeKeysLimitWhateverThePolicy() {
        String limit = "a".repeat(PolicyChecker.MAX_PASSWORD_LENGTH);
        MergedPolicy none = policy("", "", "");
        assertThat(messages(none, limit)).isEmpty();
        assertThat(messages(none, limit + "b")).containsExactly("at most 128 characters — PracticeKey's limit for every password");
        // Over the limit, no other rule is looked at: not even the cheap ones, and none is left to the adapters
        // (the strength estimate and history hashing must never run on an overlong password).
        MergedPolicy strict = policy("hardToGuess(3) and passwordHistory(5)", "length(12) and digits(3)", "regexPattern(^[0-9]+$)");
        CheckResult overlong = PolicyChecker.check(strict, "x".repeat(1_000_000), ANNA);
        assertThat(overlong.failures()).extracting(RuleFailure::rule).containsExactly(RuleId.MAX_LENGTH);
        assertThat(overlong.notCheckedHere()).isEmpty();
        assertThat(PolicyChecker.check(strict, "x".repeat(20), ANNA).notCheckedHere()).extracting(MergedRule::id)
                .contains(RuleId.HARD_TO_GUESS, RuleId.PASSWORD_HISTORY);
    }

    @Test
    void theRealmLabelIsAParameter() {
        MergedPolicy p = PolicyMerger.merge(PolicyInput.realm("PracticeKey Cloud", PolicyParser.parseStrict("length(4)")), List.of());
        assertThat(PolicyChecker.check(p, "abc", ANNA).failures()).extracting(RuleFailure::message)
                .containsExactly("at least 4 characters — required by PracticeKey Cloud");
    }

    @Test
    void rulesThatNeedMoreThanThePasswordAreNotCheckedHere() {
        MergedPolicy p = policy("passwordHistory(3) and hashAlgorithm(argon2) and hashIterations(5)",
                "passwordBlacklist(common.txt) and hardToGuess(3) and forceExpiredPasswordChange(90)",
                "passwordAge(30) and maxAuthAge(60) and length(1)");
        CheckResult result = PolicyChecker.check(p, "x", ANNA);
        assertThat(result.passes()).isTrue();
        assertThat(result.notCheckedHere()).extracting(MergedRule::id).containsExactly(RuleId.PASSWORD_BLACKLIST,
                RuleId.PASSWORD_HISTORY, RuleId.PASSWORD_AGE, RuleId.FORCE_EXPIRED_PASSWORD_CHANGE, RuleId.MAX_AUTH_AGE,
                RuleId.HASH_ALGORITHM, RuleId.HASH_ITERATIONS, RuleId.HARD_TO_GUESS);
    }

    @ParameterizedTest(name = "{0} with \"{1}\" passes: {2}")
    @CsvSource(delimiter = '|', value = {
        "length(3)|abc|true",
        "length(3)|ab|false",
        "maxLength(3)|abc|true",
        "maxLength(3)|abcd|false",
        // Keycloak counts UTF-16 chars: one emoji is two chars, each special
        "maxLength(1)|\uD83D\uDE00|false",
        "specialChars(2)|\uD83D\uDE00|true",
        "digits(2)|a1b2|true",
        "digits(2)|a1b|false",
        // any Unicode digit counts (ARABIC-INDIC DIGIT THREE)
        "digits(1)|\u0663|true",
        "lowerCase(2)|aBc|true",
        "lowerCase(2)|aBC|false",
        "upperCase(1)|aBc|true",
        "upperCase(1)|abc|false",
        "specialChars(2)|a b!|true",
        "specialChars(2)|a_b|false",
        // not a letter or digit: '_' counts, so does U+2170 SMALL ROMAN NUMERAL ONE (also lower case)
        "specialChars(1)|\u2170|true",
        "lowerCase(1)|\u2170|true",
        "notUsername|ANNA.BERG|false",
        "notUsername|anna.berg1|true",
        "notEmail|anna.berg@riverbend.EXAMPLE|false",
        "notEmail|anna.berg@riverbend.example2|true",
        "notContainsUsername|xxAnna.Bergxx|false",
        "notContainsUsername|anna-berg|true",
        "regexPattern(^[a-z]+$)|abc|true",
        "regexPattern(^[a-z]+$)|abc1|false",
        // matches() covers the whole string, anchors or not
        "regexPattern([a-z]+)|abc1|false",
        "regexPattern(.*[0-9].*)|x1y|true",
    })
    void keycloakSemantics(String policy, String password, boolean passes) {
        assertThat(PolicyChecker.check(policy(policy, "", ""), password, ANNA).passes()).isEqualTo(passes);
    }

    @Test
    void missingUsernameOrEmailPassesTheirRules() {
        MergedPolicy p = policy("notUsername and notEmail and notContainsUsername", "", "");
        assertThat(PolicyChecker.check(p, "anything", UserContext.NONE).passes()).isTrue();
    }

    @Test
    void everyRegexMustMatch() {
        MergedPolicy p = policy("regexPattern(^[^ ]+$)", "regexPattern(.*[0-9].*)", "");
        assertThat(messages(p, "no digits")).containsExactly(
                "matching the pattern .*[0-9].* — required by Riverbend Cardiology",
                "matching the pattern ^[^ ]+$ — required by PracticeKey");
        assertThat(messages(p, "digit9")).isEmpty();
    }

    @Test
    void userInputsForTheStrengthEstimator() {
        assertThat(ANNA.userInputs()).containsExactly("anna.berg", "Anna.Berg@Riverbend.example", "Anna", "Berg");
        assertThat(new UserContext("u", null, " ", null).userInputs()).containsExactly("u");
    }
}
