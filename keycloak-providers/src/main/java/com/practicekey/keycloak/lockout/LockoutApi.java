package com.practicekey.keycloak.lockout;

import com.fasterxml.jackson.databind.JsonNode;
import com.practicekey.keycloak.tenancy.Action;
import com.practicekey.keycloak.tenancy.ApiCall;
import com.practicekey.keycloak.tenancy.ApiError;
import com.practicekey.keycloak.tenancy.JsonBody;
import com.practicekey.keycloak.tenancy.TenantDirectory;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.authorization.fgap.AdminPermissionsSchema;
import org.keycloak.common.ClientConnection;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The lock endpoints of the tenant admin API (contract section 4): members with their lock
 * status, one member's lock, lock and unlock. Who may do what is {@link ApiCall#authorize}'s
 * ({@code AdminApiRules}); every lock and unlock attempt, allowed or refused, is recorded as a
 * Keycloak admin event with the actor, the tenant and the target.
 */
public final class LockoutApi {

    /** Longest administrator's reason text stored with a lock. */
    public static final int MAX_NOTE_LENGTH = 255;

    private final KeycloakSession session;
    private final Lockout lockout;

    public LockoutApi(KeycloakSession session) {
        this.session = session;
        this.lockout = new Lockout(session);
    }

    /** {@code GET /tenants/{tenant}/users}. */
    public Map<String, Object> members(String tenantAlias) {
        ApiCall call = ApiCall.authenticate(session);
        OrganizationModel tenant = call.authorize(Action.LIST_USERS, tenantAlias);
        OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
        List<UserModel> members = AdminPermissionsSchema.runWithoutAuthorization(session, () ->
                orgs.getMembersStream(tenant, (Map<String, String>) null, null, null, null)
                        .sorted(Comparator.comparing(UserModel::getUsername))
                        .collect(Collectors.toList()));
        Map<String, Lockout.Status> statuses = lockout.statuses(members.stream().map(UserModel::getId).toList());
        TenantDirectory dir = call.tenants();
        List<Map<String, Object>> users = new ArrayList<>();
        for (UserModel m : members) {
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("id", m.getId());
            u.put("username", m.getUsername());
            u.put("email", m.getEmail());
            u.put("firstName", m.getFirstName());
            u.put("lastName", m.getLastName());
            u.put("isTenantAdmin", dir.isAdmin(tenant, m));
            u.putAll(view(statuses.get(m.getId())));
            users.add(u);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant", tenant.getAlias());
        body.put("users", users);
        return body;
    }

    /** {@code GET /tenants/{tenant}/users/{userId}/lock}. */
    public Map<String, Object> lockStatus(String tenantAlias, String userId) {
        ApiCall.Scoped scoped = ApiCall.authenticate(session).authorize(Action.VIEW_LOCK, tenantAlias, userId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant", scoped.tenant().getAlias());
        body.put("userId", scoped.user().getId());
        body.putAll(view(lockout.status(userId)));
        return body;
    }

    /** {@code POST /tenants/{tenant}/users/{userId}/lock} with {@code {"reason": "..."}}. */
    public Response lock(String tenantAlias, String userId, String request) {
        ApiCall call = ApiCall.authenticate(session);
        ApiCall.Scoped scoped = audited(call, "lock", tenantAlias, userId, null,
                () -> call.authorize(Action.LOCK, tenantAlias, userId));
        String note;
        try {
            note = reason(request);
        } catch (ApiError e) {
            audit(call, "lock", tenantAlias, userId, "invalid_request", null);
            throw e;
        }
        lockout.lockByAdmin(call.realm(), scoped.user(), call.caller(), note.strip());
        audit(call, "lock", tenantAlias, userId, null, note.strip());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant", scoped.tenant().getAlias());
        body.put("userId", userId);
        body.putAll(view(lockout.status(userId)));
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * The reason from {@code {"reason": "..."}} (1 to {@value #MAX_NOTE_LENGTH} characters), whatever the
     * Content-Type says; 400 in the contract's shape for anything else (not JSON, not an object, another field).
     */
    static String reason(String body) {
        String shape = "a lock needs {\"reason\": \"...\"}: a text of 1 to " + MAX_NOTE_LENGTH + " characters";
        JsonNode json = JsonBody.object(body, Set.of("reason"), shape);
        JsonNode reason = json.get("reason");
        if (reason == null || !reason.isTextual() || reason.asText().isBlank() || reason.asText().length() > MAX_NOTE_LENGTH) {
            throw new ApiError(400, "invalid_request", shape);
        }
        return reason.asText();
    }

    /** {@code POST /tenants/{tenant}/users/{userId}/unlock}: 204, also when not locked. */
    public Response unlock(String tenantAlias, String userId) {
        ApiCall call = ApiCall.authenticate(session);
        audited(call, "unlock", tenantAlias, userId, null, () -> call.authorize(Action.UNLOCK, tenantAlias, userId));
        lockout.unlock(userId);
        audit(call, "unlock", tenantAlias, userId, null, null);
        return Response.noContent().build();
    }

    /** The lock fields of the API: {@code locked}, {@code lockReason}, {@code lockedAt}, and for admin locks who and why. */
    static Map<String, Object> view(Lockout.Status status) {
        LockState s = status.state();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("locked", s.locked());
        v.put("lockReason", status.lockReason());
        v.put("lockedAt", s.lockedAt() == null ? null : s.lockedAt().toString());
        v.put("lockedBy", s.lockedBy());
        v.put("lockNote", s.reason() == LockState.Reason.ADMIN ? status.note() : null);
        v.put("failedAttempts", s.failureCount());
        return v;
    }

    // ---- audit ----

    private interface Check<T> {
        T run();
    }

    /** Runs the access check; a refusal is audited before it is answered. */
    private <T> T audited(ApiCall call, String what, String tenant, String userId, String note, Check<T> check) {
        try {
            return check.run();
        } catch (ApiError e) {
            audit(call, what, tenant, userId, errorCode(e), note);
            throw e;
        }
    }

    private static String errorCode(ApiError e) {
        Object entity = e.getResponse().getEntity();
        if (entity instanceof Map<?, ?> m && m.get("error") != null) {
            return String.valueOf(m.get("error"));
        }
        return "http_" + e.getResponse().getStatus();
    }

    /**
     * One admin event in the realm: operation {@code ACTION} on resource type {@code USER},
     * path {@code practicekey/tenants/{tenant}/users/{userId}/{what}}, the caller as the
     * event's user, details {@code tenant}, {@code targetUserId}, {@code outcome} and for locks
     * the reason text; {@code error} set when refused. Committed in a transaction of its own,
     * so refusals are kept too. Never a password or a token.
     */
    private void audit(ApiCall call, String what, String tenant, String userId, String error, String note) {
        AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        String realmId = call.realm().getId();
        String callerId = call.caller().getId();
        String clientId = auth == null || auth.client() == null ? null : auth.client().getId();
        ClientConnection connection = session.getContext().getConnection();
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
            RealmModel realm = s.realms().getRealm(realmId);
            s.getContext().setRealm(realm);
            UserModel caller = s.users().getUserById(realm, callerId);
            ClientModel client = clientId == null ? null : s.clients().getClientById(realm, clientId);
            AdminEventBuilder event = new AdminEventBuilder(realm,
                    new AdminAuth(realm, auth == null ? null : auth.token(), caller, client), s, connection);
            event.operation(OperationType.ACTION)
                    .resource(ResourceType.USER)
                    .resourcePath("practicekey", "tenants", tenant, "users", userId, what)
                    .detail("tenant", tenant)
                    .detail("targetUserId", userId)
                    .detail("outcome", error == null ? "done" : "refused")
                    .detail("reason", note);
            if (error != null) {
                event.getEvent().setError(error);
            }
            event.success();
        });
    }
}
