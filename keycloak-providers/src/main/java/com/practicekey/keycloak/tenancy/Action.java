package com.practicekey.keycloak.tenancy;

/**
 * What a caller asks the tenant admin API to do (contract section 4). Each action carries
 * what the rules need: whether it names a target user, what support staff may do, and the
 * words used in refusal messages.
 */
public enum Action {
    /** {@code GET /tenants/{tenant}/policy}. */
    VIEW_POLICY(null, SupportRight.NONE, "view its settings", null),
    /** {@code PUT /tenants/{tenant}/policy}. */
    EDIT_POLICY(null, SupportRight.NONE, "change its settings", null),
    /** {@code GET /tenants/{tenant}/users}. */
    LIST_USERS(null, SupportRight.NONE, "list its members", null),
    /** {@code GET /tenants/{tenant}/users/{userId}/lock}. */
    VIEW_LOCK("view the lock status of your own account", SupportRight.ANY_MEMBER,
            "view the lock status of its members", null),
    /** {@code POST /tenants/{tenant}/users/{userId}/lock}. */
    LOCK("lock your own account", SupportRight.NONE, "lock its members", null),
    /** {@code POST /tenants/{tenant}/users/{userId}/unlock}. */
    UNLOCK("unlock your own account", SupportRight.TENANT_ADMINS_ONLY, "unlock its members",
            "support staff may unlock only a practice's system administrators"),
    /** {@code POST /tenants/{tenant}/users/{userId}/password}. */
    SET_PASSWORD("set your own password", SupportRight.TENANT_ADMINS_ONLY,
            "set a password for its members",
            "support staff may set a password only for a practice's system administrators"),
    /** Viewing a member's effective permissions in the tenant. */
    VIEW_PERMISSIONS("view your own effective permissions", SupportRight.NONE,
            "view the effective permissions of its members", null);

    /** What support staff who are not admins of the tenant may do with this action. */
    enum SupportRight { NONE, ANY_MEMBER, TENANT_ADMINS_ONLY }

    /** End of "you cannot ... through this API"; {@code null} for actions without a target. */
    final String onSelf;
    final SupportRight supportRight;
    /** End of "only a system administrator of practice X may ...". */
    final String adminRule;
    /** Refusal for support staff on a non-admin member; only for {@code TENANT_ADMINS_ONLY}. */
    final String supportRule;

    Action(String onSelf, SupportRight supportRight, String adminRule, String supportRule) {
        this.onSelf = onSelf;
        this.supportRight = supportRight;
        this.adminRule = adminRule;
        this.supportRule = supportRule;
    }

    /** Whether the action names a target user ({@code {userId}} in the path). */
    public boolean takesTarget() {
        return onSelf != null;
    }
}
