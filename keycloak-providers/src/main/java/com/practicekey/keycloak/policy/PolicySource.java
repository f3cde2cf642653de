package com.practicekey.keycloak.policy;

import java.util.Comparator;
import java.util.Objects;

/**
 * Who requires a rule: the realm (id {@value #REALM_ID}, displayed with a label such as
 * "PracticeKey") or a tenant (id = organization alias, displayed with the organization's name).
 */
public record PolicySource(String id, String displayName) {

    public static final String REALM_ID = "realm";

    /** Realm first, then tenants by display name, then alias. */
    public static final Comparator<PolicySource> ORDER = Comparator
            .comparing((PolicySource s) -> !s.isRealm())
            .thenComparing(PolicySource::displayName)
            .thenComparing(PolicySource::id);

    public PolicySource {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
    }

    public static PolicySource realm(String displayLabel) {
        return new PolicySource(REALM_ID, displayLabel);
    }

    public static PolicySource tenant(String alias, String displayName) {
        if (REALM_ID.equals(alias)) {
            throw new IllegalArgumentException("a tenant cannot use the alias " + REALM_ID);
        }
        return new PolicySource(alias, displayName);
    }

    public boolean isRealm() {
        return REALM_ID.equals(id);
    }
}
