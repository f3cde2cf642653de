package com.practicekey.keycloak.tenancy;

import java.util.Objects;
import java.util.Set;

/**
 * The user named by {@code {userId}} in a tenant admin API path. A user id that matches no
 * user is represented by {@link #unknown(String)}: a target that is a member of nothing, so
 * it gets exactly the answers a real non-member gets.
 *
 * @param userId   the target's Keycloak user id
 * @param memberOf aliases of the tenants the target is a member of
 * @param adminOf  aliases of the tenants in whose {@code admins} group the target is
 */
public record Target(String userId, Set<String> memberOf, Set<String> adminOf) {

    public Target {
        Objects.requireNonNull(userId, "userId");
        memberOf = Set.copyOf(memberOf);
        adminOf = Set.copyOf(adminOf);
    }

    /** A user id that names no user. */
    public static Target unknown(String userId) {
        return new Target(userId, Set.of(), Set.of());
    }

    public boolean isMemberOf(String tenant) {
        return memberOf.contains(tenant);
    }

    /** As {@link Actor#isAdminOf}: the {@code admins} group counts only with membership. */
    public boolean isAdminOf(String tenant) {
        return memberOf.contains(tenant) && adminOf.contains(tenant);
    }
}
