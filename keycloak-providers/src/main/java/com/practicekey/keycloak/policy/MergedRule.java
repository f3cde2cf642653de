package com.practicekey.keycloak.policy;

import java.util.List;
import java.util.Objects;

/**
 * A rule of a merged policy at its winning strength, with every source that requires exactly that
 * value (realm first, then tenants by display name).
 */
public record MergedRule(RuleId id, String value, List<PolicySource> sources) {

    public MergedRule {
        Objects.requireNonNull(id, "id");
        sources = sources.stream().distinct().sorted(PolicySource.ORDER).toList();
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("a merged rule needs a source");
        }
    }

    public Rule rule() {
        return new Rule(id, value);
    }

    public int intValue() {
        return rule().intValue();
    }

    /** Keycloak syntax of this one rule, e.g. {@code length(12)}. */
    public String render() {
        return rule().render();
    }

    /** The sources' display names in order. */
    public List<String> sourceNames() {
        return sources.stream().map(PolicySource::displayName).toList();
    }

    /** E.g. {@code length(16) required by Riverbend Cardiology and Lakeside Pediatrics}. */
    public String describe() {
        return render() + " required by " + Texts.joinNames(sourceNames());
    }
}
