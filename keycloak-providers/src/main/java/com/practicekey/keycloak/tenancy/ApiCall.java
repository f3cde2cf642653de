package com.practicekey.keycloak.tenancy;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * One authenticated call of PracticeKey's API: the caller (a user of this realm with a valid
 * bearer access token, else 401) and the access decision for tenant-scoped actions.
 */
public final class ApiCall {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final UserModel caller;
    private final TenantDirectory tenants;

    private ApiCall(KeycloakSession session, UserModel caller) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.caller = caller;
        this.tenants = new TenantDirectory(session);
    }

    /** Authenticates the bearer token of the current request; 401 in the contract's shape otherwise. */
    public static ApiCall authenticate(KeycloakSession session) {
        AuthResult auth;
        try {
            auth = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        } catch (RuntimeException e) {
            throw ApiError.unauthorized();
        }
        if (auth == null || auth.user() == null || !auth.user().isEnabled()) {
            throw ApiError.unauthorized();
        }
        return new ApiCall(session, auth.user());
    }

    public KeycloakSession session() {
        return session;
    }

    public RealmModel realm() {
        return realm;
    }

    public UserModel caller() {
        return caller;
    }

    public TenantDirectory tenants() {
        return tenants;
    }

    /** A tenant-wide action (no target user): the tenant, or the refusal the rules decide. */
    public OrganizationModel authorize(Action action, String tenantAlias) {
        OrganizationModel tenant = tenants.byAlias(tenantAlias);
        Decision d = AdminApiRules.decide(tenants.actor(realm, caller), action, tenantAlias, tenant != null);
        refuseUnlessAllowed(d);
        return tenant;
    }

    /** An action on a user of a tenant: the tenant and the user, or the refusal the rules decide. */
    public Scoped authorize(Action action, String tenantAlias, String userId) {
        OrganizationModel tenant = tenants.byAlias(tenantAlias);
        UserModel target = userId == null ? null : session.users().getUserById(realm, userId);
        Decision d = AdminApiRules.decide(tenants.actor(realm, caller), action, tenantAlias, tenant != null,
                tenants.target(userId, target));
        refuseUnlessAllowed(d);
        return new Scoped(tenant, target);
    }

    private static void refuseUnlessAllowed(Decision d) {
        if (!d.isAllowed()) {
            throw new ApiError(d.status(), d.error(), d.message());
        }
    }

    /** The tenant and the target user of an allowed call. */
    public record Scoped(OrganizationModel tenant, UserModel user) {
    }
}
