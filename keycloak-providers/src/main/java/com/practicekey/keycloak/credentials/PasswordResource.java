package com.practicekey.keycloak.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.practicekey.keycloak.tenancy.Action;
import com.practicekey.keycloak.tenancy.ApiCall;
import com.practicekey.keycloak.tenancy.ApiError;
import com.practicekey.keycloak.tenancy.JsonBody;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.policy.PasswordPolicyManagerProvider;
import org.keycloak.policy.PolicyError;

import java.util.Set;

/**
 * {@code POST /tenants/{tenant}/users/{userId}/password} (contract section 4): an admin of the
 * tenant, or support for the tenant's admins, sets a password for a member. It is checked
 * against the member's merged policy and is always temporary: the member must choose a new one
 * at the next sign-in, and their sessions end. Called by {@code PracticeKeyResource}.
 */
public final class PasswordResource {

    static final String PASSWORD = "password";
    /** Accepted and ignored: a password set here is temporary whatever the caller asks. */
    static final String TEMPORARY = "temporary";
    static final Set<String> FIELDS = Set.of(PASSWORD, TEMPORARY);

    private final KeycloakSession session;

    public PasswordResource(KeycloakSession session) {
        this.session = session;
    }

    public void setTemporaryPassword(ApiCall call, String tenant, String userId, String body) {
        ApiCall.Scoped scoped = call.authorize(Action.SET_PASSWORD, tenant, userId);
        String password = password(body);
        // Checked first so that a refusal is told apart from other failures; Keycloak checks again when storing.
        PolicyError refused = session.getProvider(PasswordPolicyManagerProvider.class)
                .validate(call.realm(), scoped.user(), password);
        if (refused != null) {
            throw new ApiError(400, "password_policy", refused.getMessage());
        }
        try {
            scoped.user().credentialManager().updateCredential(UserCredentialModel.password(password, false));
        } catch (ModelException e) {
            session.getTransactionManager().setRollbackOnly();
            throw new ApiError(400, "password_refused", "the password could not be set: " + e.getMessage());
        }
        TemporaryPasswords.setByThirdParty(session, call.realm(), scoped.user(), "PracticeKey API by " + call.caller().getId());
        call.audit(OperationType.ACTION, ResourceType.USER, tenant, userId, "temporary-password-set", null,
                "tenants", tenant, "users", userId, "password");
    }

    /** The password from {@code {"password": "..."}}; 400 in the contract's shape for anything else. */
    static String password(String body) {
        JsonNode json = JsonBody.object(body, FIELDS, "expected {\"password\": \"...\"}");
        JsonNode password = json.get(PASSWORD);
        if (password == null || !password.isTextual() || password.asText().isBlank()) {
            throw new ApiError(400, "invalid_request", "field password is required: a non-empty string");
        }
        return password.asText();
    }
}
