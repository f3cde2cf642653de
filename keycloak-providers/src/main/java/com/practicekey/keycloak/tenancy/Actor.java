package com.practicekey.keycloak.tenancy;

import java.util.Objects;
import java.util.Set;

/**
 * The signed-in caller of the tenant admin API, as far as the access rules need to know it.
 *
 * @param userId   the caller's Keycloak user id
 * @param support  whether the caller holds the realm role {@code support}
 * @param memberOf aliases of the tenants (organizations) the caller is a member of
 * @param adminOf  aliases of the tenants in whose {@code admins} group the caller is
 */
public record Actor(String userId, boolean support, Set<String> memberOf, Set<String> adminOf) {

    public Actor {
        Objects.requireNonNull(userId, "userId");
        memberOf = Set.copyOf(memberOf);
        adminOf = Set.copyOf(adminOf);
    }

    /** A support user as the contract describes one: member of no tenant. */
    public static Actor supportStaff(String userId) {
        return new Actor(userId, true, Set.of(), Set.of());
    }

    /**
     * Whether the caller is a system administrator of {@code tenant}. Being in the
     * {@code admins} group counts only together with membership of the organization: an
     * {@code admins} entry left behind after the membership ended grants nothing.
     */
    public boolean isAdminOf(String tenant) {
        return memberOf.contains(tenant) && adminOf.contains(tenant);
    }
}
