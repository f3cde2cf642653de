package com.practicekey.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SatisfiabilityTest {

    static MergedPolicy policy(String riverbend, String lakeside) {
        return PolicyMerger.merge(PolicyInput.realm("PracticeKey", PolicyRules.EMPTY), List.of(
                PolicyInput.tenant("riverbend", "Riverbend Cardiology", PolicyParser.parseStrict(riverbend)),
                PolicyInput.tenant("lakeside", "Lakeside Pediatrics", PolicyParser.parseStrict(lakeside))));
    }

    static List<String> conflicts(String riverbend, String lakeside) {
        return policy(riverbend, lakeside).conflicts().stream().map(Conflict::description).toList();
    }

    @Test
    void lengthAboveMaxLength() {
        assertThat(conflicts("length(16)", "maxLength(12)")).containsExactly(
                "length(16) required by Riverbend Cardiology conflicts with maxLength(12) required by Lakeside Pediatrics");
        Conflict conflict = policy("length(16)", "maxLength(12)").conflicts().get(0);
        assertThat(conflict.sources()).extracting(PolicySource::id).containsExactly("lakeside", "riverbend");
        assertThat(conflicts("length(12)", "maxLength(12)")).isEmpty();
    }

    @Test
    void characterClassesNeedMoreThanMaxLength() {
        assertThat(conflicts("digits(4) and upperCase(4)", "lowerCase(3) and maxLength(10)")).containsExactly(
                "digits(4) required by Riverbend Cardiology and lowerCase(3) required by Lakeside Pediatrics and"
                        + " upperCase(4) required by Riverbend Cardiology conflict with maxLength(10) required by Lakeside Pediatrics:"
                        + " together they need at least 11 characters");
        assertThat(conflicts("digits(4) and upperCase(4)", "lowerCase(2) and maxLength(10)")).isEmpty();
    }

    @Test
    void characterClassesNeedMoreThanEveryPasswordMayHave() {
        assertThat(conflicts("digits(100)", "upperCase(29)")).containsExactly(
                "digits(100) required by Riverbend Cardiology and upperCase(29) required by Lakeside Pediatrics cannot be"
                        + " satisfied: together they need at least 129 characters, more than PracticeKey's limit of 128"
                        + " characters for every password");
        assertThat(conflicts("digits(100)", "upperCase(28)")).isEmpty();
        assertThat(PolicyChecker.check(policy("digits(100)", "upperCase(28)"), "1".repeat(100) + "A".repeat(28), UserContext.NONE)
                .passes()).isTrue();
    }

    @Test
    void specialCharsCanOverlapWithLetterCaseSoThePlainSumIsNotAConflict() {
        // "ⅰⅱⅲ" has 3 lower-case chars that are also 3 special chars
        MergedPolicy p = policy("lowerCase(3) and specialChars(3)", "maxLength(3)");
        assertThat(p.conflicts()).isEmpty();
        assertThat(PolicyChecker.check(p, "\u2170\u2171\u2172", UserContext.NONE).passes()).isTrue();
        // ... unless the patterns rule such characters out
        assertThat(conflicts("lowerCase(3) and specialChars(3)", "maxLength(5) and regexPattern(^[a-z!]*$)")).containsExactly(
                "lowerCase(3) required by Riverbend Cardiology and specialChars(3) required by Riverbend Cardiology"
                        + " conflict with maxLength(5) required by Lakeside Pediatrics: together they need at least 6 characters");
    }

    @Test
    void patternsWithNoCommonCharacter() {
        assertThat(conflicts("regexPattern(^[0-9]+$)", "regexPattern(^[a-z]+$)")).containsExactly(
                "regexPattern(^[0-9]+$) required by Riverbend Cardiology conflicts with regexPattern(^[a-z]+$) required by"
                        + " Lakeside Pediatrics: no character is allowed by all of these patterns");
        // both allow the empty password, and nothing requires more
        assertThat(conflicts("regexPattern(^[0-9]*$)", "regexPattern(^[a-z]*$)")).isEmpty();
        assertThat(conflicts("regexPattern(^[0-9]*$) and length(1)", "regexPattern(^[a-z]*$)")).hasSize(1);
    }

    @Test
    void patternForbiddingARequiredClass() {
        assertThat(conflicts("regexPattern(^[a-zA-Z]+$)", "digits(1)")).containsExactly(
                "digits(1) required by Lakeside Pediatrics conflicts with regexPattern(^[a-zA-Z]+$) required by"
                        + " Riverbend Cardiology: the pattern allows no digit");
        assertThat(conflicts("regexPattern(^[a-z0-9]+$)", "upperCase(1)")).hasSize(1);
        assertThat(conflicts("regexPattern([a-zA-Z0-9]{8,})", "specialChars(1)")).hasSize(1);
        // '_' is neither a letter nor a digit, so \w allows a special character
        assertThat(conflicts("regexPattern(\\w{8,})", "specialChars(1)")).isEmpty();
    }

    @Test
    void patternLengthBounds() {
        assertThat(conflicts("regexPattern(^[a-z]{4,8}$)", "length(10)")).containsExactly(
                "length(10) required by Lakeside Pediatrics conflicts with regexPattern(^[a-z]{4,8}$) required by"
                        + " Riverbend Cardiology: at least 10 characters against at most 8");
        assertThat(conflicts("regexPattern(^[a-z]{4,8}$)", "regexPattern([a-z0-9]{9})")).hasSize(1);
        assertThat(conflicts("regexPattern(^[a-z]{4,8}$)", "length(8)")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        // Keycloak counts any Unicode digit; these patterns allow U+0663
        "regexPattern(^[^0-9]+$);digits(1)",
        "regexPattern(^\\D+$);digits(1)",
        // not analysed: alternation, lookahead, dot, nested classes
        "regexPattern(^(?:[0-9]+|[a-z]+)$);regexPattern(^[a-z]+$)",
        "regexPattern(^(?=.*[0-9]).*$);length(4)",
        "regexPattern(^.{1,4}$);maxLength(10)",
        "regexPattern([a-z[0-9]]+);digits(1)",
    })
    void satisfiableOrUnanalysedCombinationsAreNotFlagged(String riverbend, String lakeside) {
        assertThat(conflicts(riverbend, lakeside)).isEmpty();
    }

    @Test
    void notDigitPatternAndDigitsIsSatisfiableIndeed() {
        MergedPolicy p = policy("regexPattern(^[^0-9]+$)", "digits(1)");
        assertThat(PolicyChecker.check(p, "abc\u0663", UserContext.NONE).passes()).isTrue();
    }

    @Test
    void analysesOnlyExactShapes() {
        assertThat(CharClassPattern.analyse("^[a-c]{2,3}$")).hasValueSatisfying(p -> {
            assertThat(p.allowed().cardinality()).isEqualTo(3);
            assertThat(p.minLength()).isEqualTo(2);
            assertThat(p.maxLength()).isEqualTo(3);
        });
        assertThat(CharClassPattern.analyse("\\d")).hasValueSatisfying(p -> assertThat(p.allowed().cardinality()).isEqualTo(10));
        assertThat(CharClassPattern.analyse("[\\s]*")).hasValueSatisfying(p -> assertThat(p.allowed().cardinality()).isEqualTo(6));
        assertThat(CharClassPattern.analyse("[^a]+")).isEmpty();
        assertThat(CharClassPattern.analyse("[a-z&&[^b]]+")).isEmpty();
        assertThat(CharClassPattern.analyse("[\\p{L}]+")).isEmpty();
        assertThat(CharClassPattern.analyse("[a-z]+\\$")).isEmpty();
        assertThat(CharClassPattern.analyse("[a-z]{5,2}")).isEmpty();
        assertThat(CharClassPattern.analyse("(?i)[a-z]+")).isEmpty();
    }
}
