package com.practicekey.keycloak.tenancy;

import org.keycloak.authorization.fgap.AdminPermissionsSchema;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Keycloak adapter for tenants: a tenant is an Organization (its alias is the tenant id), its
 * roles are organization groups, and its system administrators are the members of its
 * {@code admins} group (contract section 2). Reads run without the caller's admin permissions,
 * since PracticeKey decides access itself ({@link AdminApiRules}).
 */
public final class TenantDirectory {

    public static final String ADMINS_GROUP = "admins";
    public static final String SUPPORT_ROLE = "support";

    private final KeycloakSession session;
    private final OrganizationProvider orgs;

    public TenantDirectory(KeycloakSession session) {
        this.session = session;
        this.orgs = session.getProvider(OrganizationProvider.class);
    }

    /** The tenant with this alias, or {@code null}. */
    public OrganizationModel byAlias(String alias) {
        if (alias == null || alias.isBlank() || orgs == null) {
            return null;
        }
        return AdminPermissionsSchema.runWithoutAuthorization(session, () -> orgs.getByAlias(alias));
    }

    /** Every tenant the user belongs to, ordered by alias. */
    public List<OrganizationModel> tenantsOf(UserModel user) {
        if (orgs == null) {
            return List.of();
        }
        return AdminPermissionsSchema.runWithoutAuthorization(session, () -> orgs.getByMember(user)
                .sorted(java.util.Comparator.comparing(OrganizationModel::getAlias))
                .collect(Collectors.toList()));
    }

    public boolean isMember(OrganizationModel tenant, UserModel user) {
        return AdminPermissionsSchema.runWithoutAuthorization(session, () -> orgs.isMember(tenant, user));
    }

    /** The user's roles (organization groups) in the tenant. */
    public List<GroupModel> rolesOf(OrganizationModel tenant, UserModel user) {
        return AdminPermissionsSchema.runWithoutAuthorization(session, () ->
                orgs.getOrganizationGroupsByMember(tenant, user).collect(Collectors.toList()));
    }

    /** Whether the user is a system administrator of the tenant: a member in its {@code admins} group. */
    public boolean isAdmin(OrganizationModel tenant, UserModel user) {
        return isMember(tenant, user) && rolesOf(tenant, user).stream().anyMatch(g -> ADMINS_GROUP.equals(g.getName()));
    }

    public boolean isSupport(RealmModel realm, UserModel user) {
        RoleModel support = realm.getRole(SUPPORT_ROLE);
        return support != null && user.hasRole(support);
    }

    /** The user as the access rules see a caller. */
    public Actor actor(RealmModel realm, UserModel user) {
        Set<String> member = new TreeSet<>();
        Set<String> admin = new TreeSet<>();
        for (OrganizationModel t : tenantsOf(user)) {
            member.add(t.getAlias());
            if (isAdmin(t, user)) {
                admin.add(t.getAlias());
            }
        }
        return new Actor(user.getId(), isSupport(realm, user), member, admin);
    }

    /** The user as the access rules see a target; an unknown user is {@link Target#unknown}. */
    public Target target(String userId, UserModel user) {
        if (user == null) {
            return Target.unknown(userId);
        }
        Set<String> member = new TreeSet<>();
        Set<String> admin = new TreeSet<>();
        for (OrganizationModel t : tenantsOf(user)) {
            member.add(t.getAlias());
            if (isAdmin(t, user)) {
                admin.add(t.getAlias());
            }
        }
        return new Target(user.getId(), member, admin);
    }
}
