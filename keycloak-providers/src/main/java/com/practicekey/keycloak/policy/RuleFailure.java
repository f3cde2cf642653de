package com.practicekey.keycloak.policy;

import java.util.List;

/**
 * A rule a candidate password fails: the rule id, the required value ({@code null} for flags),
 * the display names of the sources requiring it, and a plain English message such as
 * {@code at least 12 characters — required by Riverbend Cardiology}.
 */
public record RuleFailure(RuleId rule, String requiredValue, List<String> requiredBy, String message) {

    public RuleFailure {
        requiredBy = List.copyOf(requiredBy);
    }

    @Override
    public String toString() {
        return message;
    }
}
