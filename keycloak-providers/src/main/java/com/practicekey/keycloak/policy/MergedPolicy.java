package com.practicekey.keycloak.policy;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The effective policy of a user: every rule at its winning strength with the sources requiring
 * it, plus the merged lockout threshold and idle timeout. Built by {@link PolicyMerger}. Rules are
 * in canonical order (see {@link PolicyRules}); equal inputs give equal values.
 */
public record MergedPolicy(List<MergedRule> rules, Optional<MergedSetting> lockoutMaxFailures,
                           Optional<MergedSetting> idleTimeoutMinutes) {

    public MergedPolicy {
        rules = rules.stream().sorted((a, b) -> a.rule().compareTo(b.rule())).toList();
    }

    /** The merged rule with that id (for repeatable ids: the first). */
    public Optional<MergedRule> rule(RuleId id) {
        return rules.stream().filter(r -> r.id() == id).findFirst();
    }

    /** Every merged rule with that id (several for regexPattern and passwordBlacklist). */
    public List<MergedRule> rules(RuleId id) {
        return rules.stream().filter(r -> r.id() == id).toList();
    }

    /** The rules without their sources. */
    public PolicyRules toRules() {
        return PolicyRules.of(rules.stream().map(MergedRule::rule).toList());
    }

    /**
     * Keycloak syntax, deterministic order. Several regexPattern or passwordBlacklist rules are
     * rendered one after another; Keycloak's own parser would keep only the last of them, so this
     * string is for display and for {@link PolicyParser}, not for Keycloak's realm policy.
     */
    public String toKeycloakString() {
        return rules.stream().map(MergedRule::render).collect(Collectors.joining(" and "));
    }

    /** What no password can satisfy (empty when nothing is detected); see {@link Satisfiability}. */
    public List<Conflict> conflicts() {
        return Satisfiability.conflicts(this);
    }
}
