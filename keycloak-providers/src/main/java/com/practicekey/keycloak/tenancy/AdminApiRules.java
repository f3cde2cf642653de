package com.practicekey.keycloak.tenancy;

import java.util.Objects;

/**
 * Who may do what on the tenant admin API ({@code /tenants/{tenant}/...}, contract section 4).
 * Pure: the caller looks up the organization, the actor's and the target's memberships and
 * {@code admins} groups, and turns the {@link Decision} into the HTTP answer.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>{@link Action#VIEW_POLICY}, {@link Action#EDIT_POLICY}, {@link Action#LIST_USERS},
 *       {@link Action#LOCK}, {@link Action#VIEW_PERMISSIONS}: admins of the tenant only.</li>
 *   <li>{@link Action#VIEW_LOCK}: admins of the tenant; support staff.</li>
 *   <li>{@link Action#UNLOCK}, {@link Action#SET_PASSWORD}: admins of the tenant; support staff
 *       only when the target is an admin of the tenant.</li>
 *   <li>Nobody names itself as the target.</li>
 * </ul>
 * "Admin of the tenant" means member of the organization <em>and</em> in its {@code admins}
 * group ({@link Actor#isAdminOf}). Support users belong to no tenant (contract section 1); if
 * the data says a support user is an admin of the tenant anyway, that user has the tenant
 * admin's rights in addition to support's: the role does not take anything away.
 *
 * <h2>Order of the checks (the first that fails answers)</h2>
 * <ol>
 *   <li><b>404 {@code tenant_not_found}</b> when the alias names no organization. Aliases are
 *       not secret (they appear in URLs and token claims), so everyone may learn this.</li>
 *   <li><b>403 {@code self_not_allowed}</b> when the target is the caller. This reveals
 *       nothing the caller does not know.</li>
 *   <li><b>403 {@code not_tenant_admin}</b> or <b>403 {@code support_not_allowed}</b> when the
 *       caller has no right to the action in this tenant whatever the target: neither admin
 *       of the tenant nor support staff, or support staff asking for an action support never
 *       gets. This comes <em>before</em> anything about the target, so a caller without
 *       rights in the tenant gets the same 403 for members and non-members and cannot probe
 *       who belongs to a practice. In particular an admin of another practice gets 403 even
 *       when the user is not a member of {@code {tenant}}: it is not an admin of
 *       {@code {tenant}}, and answering 404 would tell it about membership.</li>
 *   <li><b>404 {@code user_not_found}</b> when the target is not a member of the tenant (or
 *       does not exist), for admins and support alike.</li>
 *   <li><b>403 {@code support_not_allowed}</b> when support staff unlock or set the password
 *       of a member who is not an admin of the tenant.</li>
 * </ol>
 */
public final class AdminApiRules {

    private AdminApiRules() {
    }

    /**
     * Decides an action that does not name a user ({@link Action#takesTarget()} is false).
     *
     * @param tenantExists whether {@code tenant} is the alias of an organization of the realm
     */
    public static Decision decide(Actor actor, Action action, String tenant, boolean tenantExists) {
        return decide(actor, action, tenant, tenantExists, null);
    }

    /**
     * Decides an action. {@code target} must be given exactly when the action
     * {@linkplain Action#takesTarget() takes a target}; a user id naming no user is
     * {@link Target#unknown(String)}.
     *
     * @param tenantExists whether {@code tenant} is the alias of an organization of the realm
     */
    public static Decision decide(Actor actor, Action action, String tenant, boolean tenantExists,
                                  Target target) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(tenant, "tenant");
        if (action.takesTarget() != (target != null)) {
            throw new IllegalArgumentException(action + (action.takesTarget()
                    ? " needs a target user" : " takes no target user"));
        }

        if (!tenantExists) {
            return Decision.notFound(Decision.TENANT_NOT_FOUND, "there is no practice with this alias");
        }
        if (target != null && target.userId().equals(actor.userId())) {
            return Decision.forbidden(Decision.SELF_NOT_ALLOWED,
                    "you cannot " + action.onSelf + " through this API");
        }

        boolean admin = actor.isAdminOf(tenant);
        boolean viaSupport = !admin && actor.support() && action.supportRight != Action.SupportRight.NONE;
        if (!admin && !viaSupport) {
            return refuseNonAdmin(actor, action, tenant);
        }
        if (target == null) {
            return Decision.allowed();
        }
        if (!target.isMemberOf(tenant)) {
            return Decision.notFound(Decision.USER_NOT_FOUND,
                    "the user is not a member of practice " + tenant);
        }
        if (viaSupport && action.supportRight == Action.SupportRight.TENANT_ADMINS_ONLY
                && !target.isAdminOf(tenant)) {
            return Decision.forbidden(Decision.SUPPORT_NOT_ALLOWED, action.supportRule);
        }
        return Decision.allowed();
    }

    private static Decision refuseNonAdmin(Actor actor, Action action, String tenant) {
        String adminsOnly = "only a system administrator of practice " + tenant;
        if (actor.support()) {
            // Only reached for actions support never gets.
            return Decision.forbidden(Decision.SUPPORT_NOT_ALLOWED,
                    "support staff may not do this: " + adminsOnly + " may " + action.adminRule);
        }
        String who = action.supportRight == Action.SupportRight.ANY_MEMBER
                ? adminsOnly + " or support staff" : adminsOnly;
        return Decision.forbidden(Decision.NOT_TENANT_ADMIN, who + " may " + action.adminRule);
    }
}
