package com.practicekey.keycloak.tenancy;

import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/**
 * One authenticated call of PracticeKey's API: the caller (a user of this realm with a valid
 * bearer access token, else 401) and the access decision for tenant-scoped actions.
 */
public final class ApiCall {

    /** Admin-event detail naming the tenant of a PracticeKey API call. */
    public static final String TENANT_DETAIL = "practicekey.tenant";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AuthResult auth;
    private final UserModel caller;
    private final TenantDirectory tenants;

    private ApiCall(KeycloakSession session, AuthResult auth) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.auth = auth;
        this.caller = auth.user();
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
        return new ApiCall(session, auth);
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

    /**
     * Records a Keycloak admin event for a call of this API: the actor (the caller), the tenant
     * and the target in the details, the outcome; {@code representation} must never hold a secret.
     */
    public void audit(OperationType operation, ResourceType type, String tenantAlias, String targetUserId,
                      String outcome, Object representation, String... resourcePath) {
        AdminEventBuilder event = new AdminEventBuilder(realm,
                new AdminAuth(realm, auth.token(), caller, auth.client()), session, session.getContext().getConnection())
                .operation(operation)
                .resource(type)
                .resourcePath(resourcePath)
                .detail(TENANT_DETAIL, tenantAlias)
                .detail("practicekey.outcome", outcome);
        if (targetUserId != null) {
            event.detail("practicekey.target", targetUserId);
        }
        if (representation != null) {
            event.representation(representation);
        }
        event.success();
    }

    /** The tenant and the target user of an allowed call. */
    public record Scoped(OrganizationModel tenant, UserModel user) {
    }
}
