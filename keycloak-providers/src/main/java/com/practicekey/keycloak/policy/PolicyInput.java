package com.practicekey.keycloak.policy;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One input of the strictest merge: a source, its parsed policy and its lockout threshold and idle
 * timeout (empty when it sets none).
 */
public record PolicyInput(PolicySource source, PolicyRules rules, OptionalInt lockoutMaxFailures,
                          OptionalInt idleTimeoutMinutes) {

    public PolicyInput {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(lockoutMaxFailures, "lockoutMaxFailures");
        Objects.requireNonNull(idleTimeoutMinutes, "idleTimeoutMinutes");
    }

    /**
     * The realm: its policy, its brute-force failure threshold (empty when brute-force protection is
     * off) and its idle timeout (the contract's default is 15 minutes).
     */
    public static PolicyInput realm(String displayLabel, PolicyRules rules, OptionalInt lockoutMaxFailures,
                                    OptionalInt idleTimeoutMinutes) {
        return new PolicyInput(PolicySource.realm(displayLabel), rules, lockoutMaxFailures, idleTimeoutMinutes);
    }

    /** The realm with only a policy. */
    public static PolicyInput realm(String displayLabel, PolicyRules rules) {
        return realm(displayLabel, rules, OptionalInt.empty(), OptionalInt.empty());
    }

    public static PolicyInput tenant(String alias, String displayName, TenantSettings settings) {
        return new PolicyInput(PolicySource.tenant(alias, displayName), settings.passwordPolicy(),
                settings.lockoutMaxFailures(), settings.idleTimeoutMinutes());
    }

    /** A tenant with only a policy. */
    public static PolicyInput tenant(String alias, String displayName, PolicyRules rules) {
        return new PolicyInput(PolicySource.tenant(alias, displayName), rules, OptionalInt.empty(), OptionalInt.empty());
    }
}
