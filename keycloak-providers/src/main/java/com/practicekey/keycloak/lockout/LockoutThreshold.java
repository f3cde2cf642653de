package com.practicekey.keycloak.lockout;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A user's effective lockout threshold: the smallest of the realm's brute-force
 * {@code maxFailures} and the {@code lockoutMaxFailures} of every tenant the user belongs to
 * (contract section 3).
 *
 * @param maxFailures failed sign-ins after which the account locks
 * @param tenants     aliases of the tenants whose setting equals {@code maxFailures}, sorted;
 *                    empty when the realm's value alone is the smallest
 */
public record LockoutThreshold(int maxFailures, SortedSet<String> tenants) {

    public LockoutThreshold {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1: " + maxFailures);
        }
        tenants = Collections.unmodifiableSortedSet(new TreeSet<>(tenants));
    }

    /**
     * @param realmMaxFailures  the realm's brute-force {@code maxFailures}, at least 1
     * @param tenantMaxFailures {@code lockoutMaxFailures} by tenant alias, only for the user's
     *                          tenants that set it. Values must be at least 1: turning a
     *                          malformed attribute into its strictest safe value is the job of
     *                          whoever reads the attribute, and this method refuses to guess.
     * @throws IllegalArgumentException for a value below 1
     */
    public static LockoutThreshold effective(int realmMaxFailures, Map<String, Integer> tenantMaxFailures) {
        if (realmMaxFailures < 1) {
            throw new IllegalArgumentException("realm maxFailures must be at least 1: " + realmMaxFailures);
        }
        int min = realmMaxFailures;
        for (Map.Entry<String, Integer> e : tenantMaxFailures.entrySet()) {
            int value = Objects.requireNonNull(e.getValue(), e.getKey());
            if (value < 1) {
                throw new IllegalArgumentException(
                        "lockoutMaxFailures of tenant " + e.getKey() + " must be at least 1: " + value);
            }
            min = Math.min(min, value);
        }
        SortedSet<String> setting = new TreeSet<>();
        for (Map.Entry<String, Integer> e : tenantMaxFailures.entrySet()) {
            if (e.getValue() == min) {
                setting.add(e.getKey());
            }
        }
        return new LockoutThreshold(min, setting);
    }
}
