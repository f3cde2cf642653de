package com.practicekey.keycloak.permissions;

import com.practicekey.keycloak.tenancy.Action;
import com.practicekey.keycloak.tenancy.ApiCall;
import com.practicekey.keycloak.tenancy.ApiError;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The explain endpoints (issue 6): why a user can or cannot do something in a practice.
 * {@code GET me/permissions?tenant={alias}} for the caller, and
 * {@code GET tenants/{tenant}/users/{userId}/permissions} for a member, asked by an admin of
 * that practice ({@link Action#VIEW_PERMISSIONS}).
 * <pre>
 * {"tenant": "riverbend", "userId": "...",
 *  "roles": ["Front Desk", "Physician"],
 *  "permissions": [{"name": "clinical.patient.read", "grantedBy": ["Front Desk", "Physician"]}, ...],
 *  "denied": [{"name": "clinical.note.read", "deniedBy": ["Front Desk"], "allowedBy": ["Physician"]}, ...],
 *  "problems": [{"role": "...", "attribute": "allow", "pattern": "...", "kind": "UNKNOWN", "message": "..."}]}
 * </pre>
 * {@code permissions} is exactly the token's {@code permissions} claim for that practice;
 * {@code denied} lists every catalog permission a deny of the user's roles removes, with the
 * roles that would otherwise allow it ({@code allowedBy}, empty when none does).
 */
public final class PermissionsExplainer {

    private PermissionsExplainer() {
    }

    /** The caller's own permissions in the practice {@code tenantAlias}: 400 without it, 404 unless a member. */
    public static Map<String, Object> mine(ApiCall call, String tenantAlias) {
        if (tenantAlias == null || tenantAlias.isBlank()) {
            throw new ApiError(400, "missing_tenant", "the query parameter 'tenant' (a practice alias) is required");
        }
        PracticePermissions access = new PracticePermissions(call.session());
        OrganizationModel tenant = access.tenants().byAlias(tenantAlias);
        if (tenant == null || !access.tenants().isMember(tenant, call.caller())) {
            throw new ApiError(404, "unknown_tenant",
                    "practice '" + tenantAlias + "' does not exist or you are not a member of it");
        }
        return explain(access, tenant, call.caller());
    }

    /** A member's permissions, for an admin of the practice. */
    public static Map<String, Object> ofMember(ApiCall call, String tenantAlias, String userId) {
        ApiCall.Scoped scoped = call.authorize(Action.VIEW_PERMISSIONS, tenantAlias, userId);
        return explain(new PracticePermissions(call.session()), scoped.tenant(), scoped.user());
    }

    static Map<String, Object> explain(PracticePermissions access, OrganizationModel tenant, UserModel user) {
        List<Role> roles = access.rolesOf(tenant, user);
        PermissionEvaluation evaluation = access.evaluate(tenant, user);

        Set<String> roleNames = new TreeSet<>();
        roles.forEach(r -> roleNames.add(r.name()));

        List<Map<String, Object>> granted = new ArrayList<>();
        evaluation.grantedBy().forEach((permission, by) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", permission);
            entry.put("grantedBy", by);
            granted.add(entry);
        });

        Map<String, Set<String>> allowedBy = allowedBy(access.catalog(), roles);
        List<Map<String, Object>> denied = new ArrayList<>();
        evaluation.deniedBy().forEach((permission, by) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", permission);
            entry.put("deniedBy", by);
            entry.put("allowedBy", List.copyOf(allowedBy.getOrDefault(permission, Set.of())));
            denied.add(entry);
        });

        List<Map<String, Object>> problems = new ArrayList<>();
        for (PermissionEvaluation.Problem p : evaluation.problems()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("role", p.role());
            entry.put("attribute", p.side() == PermissionEvaluation.Side.ALLOW ? PracticePermissions.ALLOW : PracticePermissions.DENY);
            entry.put("pattern", p.pattern());
            entry.put("kind", p.kind().name());
            entry.put("message", p.message());
            problems.add(entry);
        }

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant", tenant.getAlias());
        body.put("userId", user.getId());
        body.put("roles", List.copyOf(roleNames));
        body.put("permissions", granted);
        body.put("denied", denied);
        body.put("problems", problems);
        return body;
    }

    /** Each permission some role's allow matches, with those roles: the same evaluation, one role at a time. */
    private static Map<String, Set<String>> allowedBy(PermissionCatalog catalog, List<Role> roles) {
        Map<String, Set<String>> allowed = new LinkedHashMap<>();
        for (Role role : roles) {
            Role allowOnly = new Role(role.name(), role.allow(), List.of());
            for (String permission : PermissionEvaluator.evaluate(catalog, List.of(allowOnly)).granted()) {
                allowed.computeIfAbsent(permission, p -> new TreeSet<>()).add(role.name());
            }
        }
        return allowed;
    }
}
