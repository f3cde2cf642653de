package com.practicekey.keycloak.policy;

/** Plain-words description of every rule of a merged policy, for users and admins. */
public final class Requirements {

    private Requirements() {
    }

    /** E.g. {@code at least 12 characters}, {@code not one of your last 5 passwords}. */
    public static String describe(MergedRule rule) {
        if (rule.id().isContentRule()) {
            return PolicyChecker.requirement(rule);
        }
        return switch (rule.id()) {
            case HARD_TO_GUESS -> StrengthEstimator.requirement(rule.intValue());
            case PASSWORD_BLACKLIST -> "not on the deny-list " + rule.value();
            case PASSWORD_HISTORY -> "not one of your last " + rule.intValue() + " passwords";
            case PASSWORD_AGE -> "not a password you used in the last " + rule.intValue() + " days";
            case FORCE_EXPIRED_PASSWORD_CHANGE -> "changed at least every " + rule.intValue() + " days";
            case MAX_AUTH_AGE -> "changed only within " + rule.intValue() + " seconds of signing in";
            case HASH_ALGORITHM -> "stored only hashed with " + rule.value();
            case HASH_ITERATIONS -> "hashed with " + rule.intValue() + " iterations";
            default -> rule.render();
        };
    }

    /** E.g. {@code at least 12 characters — required by Riverbend Cardiology}. */
    public static String describeWithSources(MergedRule rule) {
        return describe(rule) + " — required by " + Texts.joinNames(rule.sourceNames());
    }
}
