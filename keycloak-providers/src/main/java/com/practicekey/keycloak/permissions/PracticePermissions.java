package com.practicekey.keycloak.permissions;

import com.practicekey.keycloak.tenancy.TenantDirectory;
import org.jboss.logging.Logger;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Keycloak adapter for a user's permissions: the user's practices, roles (organization groups
 * with {@code allow}/{@code deny} attributes) and idle timeout, read through the model API so
 * that Keycloak's caches serve them (organizations of a member, organization groups of a
 * member, group and organization attributes are all cached; no own queries).
 */
public final class PracticePermissions {

    public static final String ALLOW = "allow";
    public static final String DENY = "deny";
    public static final String IDLE_TIMEOUT_ATTRIBUTE = "idleTimeoutMinutes";

    private static final Logger LOG = Logger.getLogger(PracticePermissions.class);
    /** Malformed settings already reported, so that each is logged once per server, not once per token. */
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

    private final TenantDirectory tenants;
    private final PermissionCatalog catalog;

    public PracticePermissions(KeycloakSession session) {
        this(new TenantDirectory(session), PermissionCatalogFile.bundled());
    }

    public PracticePermissions(TenantDirectory tenants, PermissionCatalog catalog) {
        this.tenants = tenants;
        this.catalog = catalog;
    }

    public TenantDirectory tenants() {
        return tenants;
    }

    public PermissionCatalog catalog() {
        return catalog;
    }

    /** The enabled practices the user belongs to, ordered by alias. */
    public List<OrganizationModel> practicesOf(UserModel user) {
        return tenants.tenantsOf(user).stream().filter(OrganizationModel::isEnabled).collect(Collectors.toList());
    }

    /** The user's roles in the practice, as the evaluator sees them. */
    public List<Role> rolesOf(OrganizationModel practice, UserModel user) {
        List<Role> roles = new ArrayList<>();
        for (GroupModel group : tenants.rolesOf(practice, user)) {
            roles.add(Role.of(group.getName(),
                    group.getAttributeStream(ALLOW).collect(Collectors.toList()),
                    group.getAttributeStream(DENY).collect(Collectors.toList())));
        }
        return roles;
    }

    /** What the user holds in the practice, and why. */
    public PermissionEvaluation evaluate(OrganizationModel practice, UserModel user) {
        return PermissionEvaluator.evaluate(catalog, rolesOf(practice, user));
    }

    /** The strictest idle timeout of the given practices (see {@link IdleTimeout}); malformed settings are logged. */
    public int idleTimeoutMinutes(List<OrganizationModel> practices) {
        List<IdleTimeout.Setting> settings = new ArrayList<>();
        for (OrganizationModel practice : practices) {
            List<String> values = practice.getAttributes().get(IDLE_TIMEOUT_ATTRIBUTE);
            IdleTimeout.Setting setting = IdleTimeout.of(values);
            if (setting.malformed() && REPORTED.add(practice.getId() + '\u0000' + values)) {
                LOG.warnf("practice '%s': attribute %s=%s is malformed (an integer %d..%d is expected);"
                                + " its members' apps lock after %d minute(s) of inactivity until it is fixed",
                        practice.getAlias(), IDLE_TIMEOUT_ATTRIBUTE, values,
                        IdleTimeout.MIN_MINUTES, IdleTimeout.MAX_MINUTES, setting.minutes());
            }
            settings.add(setting);
        }
        return IdleTimeout.strictest(settings);
    }
}
