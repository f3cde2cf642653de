package com.practicekey.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyParserTest {

    @Test
    void parsesTheExampleFromTheBrief() {
        PolicyRules rules = PolicyParser.parseStrict(
                "length(12) and digits(1) and notEmail and regexPattern(^[^ ]+$) and passwordBlacklist(common.txt) and hardToGuess(3)");

        assertThat(rules.get(RuleId.LENGTH)).contains(Rule.of(RuleId.LENGTH, 12));
        assertThat(rules.get(RuleId.DIGITS)).contains(Rule.of(RuleId.DIGITS, 1));
        assertThat(rules.get(RuleId.NOT_EMAIL)).contains(Rule.flag(RuleId.NOT_EMAIL));
        assertThat(rules.get(RuleId.REGEX_PATTERN)).contains(new Rule(RuleId.REGEX_PATTERN, "^[^ ]+$"));
        assertThat(rules.get(RuleId.PASSWORD_BLACKLIST)).contains(new Rule(RuleId.PASSWORD_BLACKLIST, "common.txt"));
        assertThat(rules.get(RuleId.HARD_TO_GUESS)).contains(Rule.of(RuleId.HARD_TO_GUESS, 3));
        assertThat(rules.rules()).hasSize(6);
    }

    @Test
    void rendersInCanonicalOrder() {
        PolicyRules rules = PolicyParser.parseStrict("notEmail and hardToGuess(2) and digits(2) and length(10)");
        assertThat(rules.toKeycloakString()).isEqualTo("length(10) and digits(2) and notEmail and hardToGuess(2)");
    }

    @Test
    void valuelessRulesTakeKeycloaksDefaults() {
        PolicyRules rules = PolicyParser.parseStrict("length and maxLength and digits and lowerCase and upperCase and specialChars"
                + " and passwordHistory and passwordAge and forceExpiredPasswordChange and maxAuthAge and hashIterations and hardToGuess");
        assertThat(rules.toKeycloakString()).isEqualTo("length(8) and maxLength(64) and digits(1) and lowerCase(1) and upperCase(1)"
                + " and specialChars(1) and passwordHistory(3) and passwordAge(30) and forceExpiredPasswordChange(365)"
                + " and maxAuthAge(300) and hashIterations(-1) and hardToGuess(3)");
    }

    @Test
    void blankOrNullIsTheEmptyPolicy() {
        assertThat(PolicyParser.parseStrict(null)).isEqualTo(PolicyRules.EMPTY);
        assertThat(PolicyParser.parseStrict("   ")).isEqualTo(PolicyRules.EMPTY);
        assertThat(PolicyRules.EMPTY.toKeycloakString()).isEmpty();
    }

    @Test
    void regexMayContainParenthesesAndSpaces() {
        PolicyRules rules = PolicyParser.parseStrict("regexPattern(^(ab|c d)+$) and length(3)");
        assertThat(rules.get(RuleId.REGEX_PATTERN).orElseThrow().value()).isEqualTo("^(ab|c d)+$");
    }

    @Test
    void repeatedRegexAndBlacklistAllApply() {
        PolicyRules rules = PolicyParser.parseStrict(
                "regexPattern(^[a-z0-9]+$) and passwordBlacklist(b.txt) and regexPattern(.*[0-9].*) and passwordBlacklist(a.txt)");
        assertThat(rules.all(RuleId.REGEX_PATTERN)).extracting(Rule::value).containsExactly(".*[0-9].*", "^[a-z0-9]+$");
        assertThat(rules.all(RuleId.PASSWORD_BLACKLIST)).extracting(Rule::value).containsExactly("a.txt", "b.txt");
    }

    @Test
    void hashIterationsAcceptsMinusOneAsKeycloaksConsoleWritesIt() {
        assertThat(PolicyParser.parseLenient("hashIterations(-1) and hashAlgorithm(pbkdf2-sha512)").problems()).isEmpty();
    }

    @Test
    void malformedNumberIsReportedWithItsPartAndTheDefaultApplies() {
        PolicyParser.Result result = PolicyParser.parseLenient("length(12) and digits(x)");

        assertThat(result.problems()).containsExactly(new Problem("digits(x)", "\"x\" is not a whole number"));
        assertThat(result.problems().get(0)).hasToString("digits(x): \"x\" is not a whole number");
        assertThat(result.rules().toKeycloakString()).isEqualTo("length(12) and digits(1)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "length(-3)|-3 is outside the allowed range 1..128",
        "length(100000)|100000 is outside the allowed range 1..128",
        "length(99999999999999999999)|99999999999999999999 is outside the allowed range 1..128",
        "digits(1.5)|\"1.5\" is not a whole number",
        "digits()|\"\" is not a whole number",
        "length( 12)|\" 12\" is not a whole number",
        "hardToGuess(5)|5 is outside the allowed range 0..4",
        "hashIterations(0)|0 is outside the allowed range 1..10000000 (or -1 for the algorithm's default)",
        "forceExpiredPasswordChange(0)|0 is outside the allowed range 1..3650",
        "fooBar(3)|\"fooBar\" is not a known rule",
        "Length(8)|\"Length\" is not a known rule",
        "length(12|unbalanced parentheses: missing the closing \")\"",
        "regexPattern([a-z)|\"[a-z\" is not a valid regular expression (Unclosed character class)",
        "regexPattern(^(a$)|\"^(a$\" is not a valid regular expression (Unclosed group)",
        "regexPattern|regexPattern needs a value",
        "regexPattern( )|regexPattern needs a value",
        "passwordBlacklist(../etc/passwd)|\"../etc/passwd\" must be a plain file name",
        "hashAlgorithm(md5 please)|\"md5 please\" is not a hash algorithm id",
        "notEmail(yes)|notEmail takes no value",
        "(12)|a rule name is missing",
    })
    void reportsTheBadPart(String policy, String detail) {
        PolicyParser.Result result = PolicyParser.parseLenient(policy);
        assertThat(result.problems()).containsExactly(new Problem(policy, detail));
    }

    @Test
    void closingParenthesisWithoutOpeningOneIsReported() {
        PolicyParser.Result result = PolicyParser.parseLenient("notEmail)");
        assertThat(result.problems()).containsExactly(new Problem("notEmail)", "unbalanced parentheses: \")\" without \"(\""));
        assertThat(result.rules()).isEqualTo(PolicyRules.of(Rule.flag(RuleId.NOT_EMAIL)));
    }

    @Test
    void malformedValuesNeverDropAKnownNumberRule() {
        PolicyRules rules = PolicyParser.parseLenient("length(abc) and maxLength(-1) and passwordHistory(1000) and hardToGuess(9)").rules();
        assertThat(rules.toKeycloakString()).isEqualTo("length(8) and maxLength(64) and passwordHistory(3) and hardToGuess(3)");
    }

    @Test
    void unenforceablePartsAreLeftOutButReported() {
        PolicyParser.Result result = PolicyParser.parseLenient("length(10) and regexPattern([) and frobnicate and notEmail(x)");
        assertThat(result.rules().toKeycloakString()).isEqualTo("length(10) and notEmail");
        assertThat(result.problems()).extracting(Problem::subject).containsExactly("regexPattern([)", "frobnicate", "notEmail(x)");
    }

    @Test
    void uppercaseAndIsNotASeparatorAsInKeycloak() {
        PolicyParser.Result result = PolicyParser.parseLenient("length(8) AND digits(1)");
        assertThat(result.ok()).isFalse();
        assertThat(result.problems().get(0).subject()).isEqualTo("length(8) AND digits(1)");
    }

    @Test
    void emptyPartIsReported() {
        PolicyParser.Result result = PolicyParser.parseLenient("length(8) and  and digits(1)");
        assertThat(result.problems()).containsExactly(new Problem("", "a rule name is missing"));
        assertThat(result.rules().toKeycloakString()).isEqualTo("length(8) and digits(1)");
    }

    @Test
    void duplicateRuleIsReportedAndTheStrictestValueApplies() {
        PolicyParser.Result result = PolicyParser.parseLenient(
                "length(12) and maxLength(40) and length(8) and maxLength(30) and passwordHistory(2) and passwordHistory(5)");
        assertThat(result.problems()).extracting(Problem::toString).containsExactly(
                "length(8): length is given more than once",
                "maxLength(30): maxLength is given more than once",
                "passwordHistory(5): passwordHistory is given more than once");
        assertThat(result.rules().toKeycloakString()).isEqualTo("length(12) and maxLength(30) and passwordHistory(5)");
    }

    @Test
    void strictParseRejectsEveryProblemAtOnce() {
        assertThatThrownBy(() -> PolicyParser.parseStrict("digits(x) and length(12) and nope"))
                .isInstanceOfSatisfying(PolicySyntaxException.class, e -> {
                    assertThat(e.problems()).hasSize(2);
                    assertThat(e.getMessage()).isEqualTo("digits(x): \"x\" is not a whole number; nope: \"nope\" is not a known rule");
                });
    }
}
