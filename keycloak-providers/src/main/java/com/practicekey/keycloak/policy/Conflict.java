package com.practicekey.keycloak.policy;

import java.util.List;

/**
 * A combination of merged rules that no password can satisfy, e.g. {@code length(16) required by
 * Riverbend Cardiology conflicts with maxLength(12) required by Lakeside Pediatrics}. {@code rules}
 * are the rules involved (with their sources, to tell whoever caused the conflict).
 */
public record Conflict(String description, List<MergedRule> rules) {

    public Conflict {
        rules = List.copyOf(rules);
    }

    /** Every source involved in the conflict, without repetition. */
    public List<PolicySource> sources() {
        return rules.stream().flatMap(r -> r.sources().stream()).distinct().sorted(PolicySource.ORDER).toList();
    }

    @Override
    public String toString() {
        return description;
    }
}
