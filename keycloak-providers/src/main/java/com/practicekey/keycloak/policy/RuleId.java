package com.practicekey.keycloak.policy;

import java.util.Arrays;
import java.util.Optional;

/**
 * The password-policy rule ids understood by PracticeKey: Keycloak's built-in ones (same ids, same
 * defaults as Keycloak 26) plus PracticeKey's own {@code hardToGuess}.
 *
 * <p>Defaults for a rule written without a value, as in Keycloak: length 8, maxLength 64,
 * digits/lowerCase/upperCase/specialChars 1, passwordHistory 3, passwordAge 30 (days),
 * forceExpiredPasswordChange 365 (days), maxAuthAge 300 (seconds: Keycloak stores -1 and then uses
 * its built-in 300), hashIterations -1 (the hash algorithm's own default). {@code hardToGuess}
 * (a zxcvbn score 0..4) defaults to 3. regexPattern, passwordBlacklist and hashAlgorithm need a value.
 *
 * <p>Accepted ranges (wider values are reported as absurd): length and maxLength 1..128, the
 * character-class counts 0..128 (no password is longer: {@link PolicyChecker#MAX_PASSWORD_LENGTH}), passwordHistory 0..100, passwordAge 0..3650 days,
 * forceExpiredPasswordChange 1..3650 days, maxAuthAge 0..86400 seconds, hashIterations -1 or
 * 1..10,000,000, hardToGuess 0..4.
 *
 * <p>Declaration order is the canonical rendering order.
 */
public enum RuleId {
    LENGTH("length", Merge.LARGER, 8, 1, PolicyChecker.MAX_PASSWORD_LENGTH),
    MAX_LENGTH("maxLength", Merge.SMALLER, 64, 1, PolicyChecker.MAX_PASSWORD_LENGTH),
    DIGITS("digits", Merge.LARGER, 1, 0, PolicyChecker.MAX_PASSWORD_LENGTH),
    LOWER_CASE("lowerCase", Merge.LARGER, 1, 0, PolicyChecker.MAX_PASSWORD_LENGTH),
    UPPER_CASE("upperCase", Merge.LARGER, 1, 0, PolicyChecker.MAX_PASSWORD_LENGTH),
    SPECIAL_CHARS("specialChars", Merge.LARGER, 1, 0, PolicyChecker.MAX_PASSWORD_LENGTH),
    NOT_USERNAME("notUsername", Merge.ANY_OF),
    NOT_EMAIL("notEmail", Merge.ANY_OF),
    NOT_CONTAINS_USERNAME("notContainsUsername", Merge.ANY_OF),
    REGEX_PATTERN("regexPattern", Merge.ALL_OF),
    PASSWORD_BLACKLIST("passwordBlacklist", Merge.ALL_OF),
    PASSWORD_HISTORY("passwordHistory", Merge.LARGER, 3, 0, 100),
    PASSWORD_AGE("passwordAge", Merge.LARGER, 30, 0, 3650),
    FORCE_EXPIRED_PASSWORD_CHANGE("forceExpiredPasswordChange", Merge.SMALLER, 365, 1, 3650),
    MAX_AUTH_AGE("maxAuthAge", Merge.SMALLER, 300, 0, 86400),
    HASH_ALGORITHM("hashAlgorithm", Merge.REALM_ONLY),
    HASH_ITERATIONS("hashIterations", Merge.LARGER_IF_REALM_SETS, -1, 1, 10_000_000),
    HARD_TO_GUESS("hardToGuess", Merge.LARGER, 3, 0, 4);

    /** How the strictest merge combines a rule given by several sources. */
    public enum Merge {
        /** A minimum: the larger value wins. */
        LARGER,
        /** A maximum: the smaller value wins. */
        SMALLER,
        /** A flag: on when any source turns it on. */
        ANY_OF,
        /** Every distinct value of every source applies (all patterns must match, all lists apply). */
        ALL_OF,
        /** Only the realm's value counts (hashAlgorithm: tenants cannot weaken hashing). */
        REALM_ONLY,
        /**
         * The larger value wins, but only when the realm sets an explicit value (hashIterations: a
         * tenant's number cannot be compared with an algorithm's unknown default, so it could weaken it).
         */
        LARGER_IF_REALM_SETS
    }

    private final String keycloakId;
    private final Merge merge;
    private final boolean integer;
    private final int defaultValue;
    private final int min;
    private final int max;

    RuleId(String keycloakId, Merge merge, int defaultValue, int min, int max) {
        this.keycloakId = keycloakId;
        this.merge = merge;
        this.integer = true;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
    }

    RuleId(String keycloakId, Merge merge) {
        this.keycloakId = keycloakId;
        this.merge = merge;
        this.integer = false;
        this.defaultValue = 0;
        this.min = 0;
        this.max = 0;
    }

    /** The id as written in Keycloak's policy syntax, e.g. {@code maxLength}. */
    public String keycloakId() {
        return keycloakId;
    }

    public Merge merge() {
        return merge;
    }

    /** Whether the value is a whole number. */
    public boolean isInteger() {
        return integer;
    }

    /** Whether the rule takes no value (notUsername, notEmail, notContainsUsername). */
    public boolean isFlag() {
        return merge == Merge.ANY_OF;
    }

    /** Whether the rule may appear several times, each value applying (regexPattern, passwordBlacklist). */
    public boolean isRepeatable() {
        return merge == Merge.ALL_OF;
    }

    /** Whether a value is required (regexPattern, passwordBlacklist, hashAlgorithm). */
    public boolean needsValue() {
        return !integer && !isFlag();
    }

    /** The value a value-less integer rule takes. */
    public int defaultValue() {
        return defaultValue;
    }

    public int minValue() {
        return min;
    }

    public int maxValue() {
        return max;
    }

    /** Whether {@code value} is in this integer rule's accepted range. */
    public boolean inRange(int value) {
        return (value >= min && value <= max) || (this == HASH_ITERATIONS && value == -1);
    }

    /**
     * Whether the rule can be checked against a candidate password with only the user's names and
     * e-mail at hand (see {@link PolicyChecker}).
     */
    public boolean isContentRule() {
        return ordinal() <= REGEX_PATTERN.ordinal();
    }

    public static Optional<RuleId> fromKeycloakId(String id) {
        return Arrays.stream(values()).filter(r -> r.keycloakId.equals(id)).findFirst();
    }

    @Override
    public String toString() {
        return keycloakId;
    }
}
