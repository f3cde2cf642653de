package com.practicekey.keycloak.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks a candidate password against the content rules of a merged policy with Keycloak 26's
 * semantics (lengths and counts are in UTF-16 chars, as Keycloak counts them):
 * <ul>
 *   <li>length: {@code password.length() >= n}; maxLength: {@code password.length() <= n};</li>
 *   <li>digits, lowerCase, upperCase: at least n chars with {@link Character#isDigit(char)},
 *       {@link Character#isLowerCase(char)}, {@link Character#isUpperCase(char)};</li>
 *   <li>specialChars: at least n chars that are not {@link Character#isLetterOrDigit(char)};</li>
 *   <li>notUsername: fails when the username equals the password ignoring case;</li>
 *   <li>notEmail: fails when the e-mail equals the password ignoring case;</li>
 *   <li>notContainsUsername: fails when the lower-cased password contains the lower-cased username
 *       (lower-casing in {@link Locale#ROOT}; Keycloak uses the server's default locale);</li>
 *   <li>regexPattern: {@code Pattern.compile(p).matcher(password).matches()} for every pattern.</li>
 * </ul>
 * A username or e-mail that is {@code null} passes its rules, as in Keycloak. The other rules are
 * returned in {@link CheckResult#notCheckedHere()}.
 *
 * <p>Whatever the policy, a password has at most {@value #MAX_PASSWORD_LENGTH} characters: a longer one
 * fails that limit alone and no other rule is looked at, so that nothing costly (patterns, the strength
 * estimate, whose time grows much faster than the length, hashing for the history rule) ever runs on it.
 */
public final class PolicyChecker {

    /** PracticeKey's limit for every password, in UTF-16 chars; policies' lengths and counts stay within it. */
    public static final int MAX_PASSWORD_LENGTH = 128;

    private PolicyChecker() {
    }

    public static CheckResult check(MergedPolicy policy, String password, UserContext user) {
        if (password.length() > MAX_PASSWORD_LENGTH) {
            return new CheckResult(List.of(new RuleFailure(RuleId.MAX_LENGTH, String.valueOf(MAX_PASSWORD_LENGTH),
                    List.of("PracticeKey"), "at most " + MAX_PASSWORD_LENGTH + " characters — PracticeKey's limit for every password")),
                    List.of());
        }
        List<RuleFailure> failures = new ArrayList<>();
        List<MergedRule> notChecked = new ArrayList<>();
        for (MergedRule rule : policy.rules()) {
            if (!rule.id().isContentRule()) {
                notChecked.add(rule);
            } else if (!passes(rule, password, user)) {
                failures.add(new RuleFailure(rule.id(), rule.value(), rule.sourceNames(),
                        requirement(rule) + " — required by " + Texts.joinNames(rule.sourceNames())));
            }
        }
        return new CheckResult(failures, notChecked);
    }

    static boolean passes(MergedRule rule, String password, UserContext user) {
        return switch (rule.id()) {
            case LENGTH -> password.length() >= rule.intValue();
            case MAX_LENGTH -> password.length() <= rule.intValue();
            case DIGITS -> count(password, Character::isDigit) >= rule.intValue();
            case LOWER_CASE -> count(password, Character::isLowerCase) >= rule.intValue();
            case UPPER_CASE -> count(password, Character::isUpperCase) >= rule.intValue();
            case SPECIAL_CHARS -> count(password, c -> !Character.isLetterOrDigit(c)) >= rule.intValue();
            case NOT_USERNAME -> user.username() == null || !user.username().equalsIgnoreCase(password);
            case NOT_EMAIL -> user.email() == null || !user.email().equalsIgnoreCase(password);
            case NOT_CONTAINS_USERNAME -> user.username() == null
                    || !password.toLowerCase(Locale.ROOT).contains(user.username().toLowerCase(Locale.ROOT));
            case REGEX_PATTERN -> Pattern.compile(rule.value()).matcher(password).matches();
            default -> throw new IllegalArgumentException(rule.id() + " is not checked here");
        };
    }

    /** The plain-words requirement of a content rule, e.g. {@code at least 1 digit}. */
    public static String requirement(MergedRule rule) {
        return switch (rule.id()) {
            case LENGTH -> "at least " + plural(rule.intValue(), "character");
            case MAX_LENGTH -> "at most " + plural(rule.intValue(), "character");
            case DIGITS -> "at least " + plural(rule.intValue(), "digit");
            case LOWER_CASE -> "at least " + plural(rule.intValue(), "lowercase letter");
            case UPPER_CASE -> "at least " + plural(rule.intValue(), "uppercase letter");
            case SPECIAL_CHARS -> "at least " + plural(rule.intValue(), "special character") + " (not a letter or digit)";
            case NOT_USERNAME -> "not the same as the username";
            case NOT_EMAIL -> "not the same as the e-mail address";
            case NOT_CONTAINS_USERNAME -> "not containing the username";
            case REGEX_PATTERN -> "matching the pattern " + rule.value();
            default -> throw new IllegalArgumentException(rule.id() + " is not checked here");
        };
    }

    private interface CharTest {
        boolean test(char c);
    }

    private static int count(String s, CharTest test) {
        int n = 0;
        for (char c : s.toCharArray()) {
            if (test.test(c)) {
                n++;
            }
        }
        return n;
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
