package com.practicekey.keycloak.policy;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A parsed password policy of one source: rules in canonical order (by {@link RuleId} declaration
 * order, repeated regexPattern/passwordBlacklist values sorted), at most one rule per id except the
 * repeatable ones, no duplicates. Immutable.
 */
public final class PolicyRules {

    public static final PolicyRules EMPTY = new PolicyRules(List.of());

    private final List<Rule> rules;

    private PolicyRules(List<Rule> rules) {
        this.rules = rules;
    }

    /**
     * @throws IllegalArgumentException when a non-repeatable rule id occurs twice
     */
    public static PolicyRules of(Collection<Rule> rules) {
        List<Rule> sorted = List.copyOf(new TreeSet<>(rules));
        for (int i = 1; i < sorted.size(); i++) {
            RuleId id = sorted.get(i).id();
            if (id == sorted.get(i - 1).id() && !id.isRepeatable()) {
                throw new IllegalArgumentException(id + " given more than once");
            }
        }
        return new PolicyRules(sorted);
    }

    public static PolicyRules of(Rule... rules) {
        return of(List.of(rules));
    }

    public List<Rule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** The rule with that id (for repeatable ids: the first in canonical order). */
    public Optional<Rule> get(RuleId id) {
        return rules.stream().filter(r -> r.id() == id).findFirst();
    }

    /** Every rule with that id. */
    public List<Rule> all(RuleId id) {
        return rules.stream().filter(r -> r.id() == id).toList();
    }

    /**
     * Keycloak's policy syntax in canonical order, e.g. {@code length(12) and digits(1) and notEmail};
     * the empty string for the empty policy. Note that Keycloak's own parser keeps only the last of
     * repeated ids, so a policy with several regexPattern or passwordBlacklist rules must be enforced
     * by PracticeKey, not by handing this string to Keycloak.
     */
    public String toKeycloakString() {
        return rules.stream().map(Rule::render).collect(Collectors.joining(" and "));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PolicyRules other && rules.equals(other.rules);
    }

    @Override
    public int hashCode() {
        return rules.hashCode();
    }

    @Override
    public String toString() {
        return toKeycloakString();
    }
}
