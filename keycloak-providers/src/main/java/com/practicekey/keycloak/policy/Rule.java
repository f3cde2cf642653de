package com.practicekey.keycloak.policy;

import java.util.Objects;

/**
 * One rule of a policy: an id and its value ({@code null} for flags). Integer rules always carry
 * their value, defaults already applied.
 */
public record Rule(RuleId id, String value) implements Comparable<Rule> {

    public Rule {
        Objects.requireNonNull(id, "id");
        if (id.isFlag() != (value == null)) {
            throw new IllegalArgumentException(id + (id.isFlag() ? " takes no value" : " needs a value"));
        }
        if (id.isInteger()) {
            Integer.parseInt(value);
        }
    }

    public static Rule of(RuleId id, int value) {
        return new Rule(id, Integer.toString(value));
    }

    public static Rule flag(RuleId id) {
        return new Rule(id, null);
    }

    public int intValue() {
        if (!id.isInteger()) {
            throw new IllegalStateException(id + " is not a number rule");
        }
        return Integer.parseInt(value);
    }

    /** Keycloak syntax, e.g. {@code length(12)} or {@code notEmail}. */
    public String render() {
        return value == null ? id.keycloakId() : id.keycloakId() + "(" + value + ")";
    }

    @Override
    public int compareTo(Rule other) {
        int c = id.compareTo(other.id);
        return c != 0 ? c : Objects.toString(value, "").compareTo(Objects.toString(other.value, ""));
    }

    @Override
    public String toString() {
        return render();
    }
}
