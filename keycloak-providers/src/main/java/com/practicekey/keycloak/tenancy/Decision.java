package com.practicekey.keycloak.tenancy;

import java.util.Objects;

/**
 * The answer of {@link AdminApiRules}: allowed, or refused with the HTTP status, the
 * {@code error} code and the human {@code message} of the contract's error body
 * {@code {"error": "<code>", "message": "<human text>"}}.
 *
 * @param status  200 when allowed (the endpoint may answer 204 itself), else 403 or 404
 * @param error   {@code null} when allowed, else one of the {@code *} code constants below
 * @param message {@code null} when allowed, else a sentence naming the rule that refused
 */
public record Decision(int status, String error, String message) {

    /** The tenant alias in the path names no organization (404). */
    public static final String TENANT_NOT_FOUND = "tenant_not_found";
    /** The target user is not a member of the tenant, or does not exist (404). */
    public static final String USER_NOT_FOUND = "user_not_found";
    /** The caller named itself as the target (403). */
    public static final String SELF_NOT_ALLOWED = "self_not_allowed";
    /** The caller is not a system administrator of the tenant (403). */
    public static final String NOT_TENANT_ADMIN = "not_tenant_admin";
    /** Support staff asked for more than support may do (403). */
    public static final String SUPPORT_NOT_ALLOWED = "support_not_allowed";

    private static final Decision ALLOWED = new Decision(200, null, null);

    public Decision {
        if (status == 200) {
            if (error != null || message != null) {
                throw new IllegalArgumentException("an allowed decision carries no error");
            }
        } else if (status == 403 || status == 404) {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(message, "message");
            if (error.isBlank() || message.isBlank()) {
                throw new IllegalArgumentException("a refusal needs a code and a message");
            }
        } else {
            throw new IllegalArgumentException("status must be 200, 403 or 404: " + status);
        }
    }

    public static Decision allowed() {
        return ALLOWED;
    }

    static Decision forbidden(String error, String message) {
        return new Decision(403, error, message);
    }

    static Decision notFound(String error, String message) {
        return new Decision(404, error, message);
    }

    public boolean isAllowed() {
        return status == 200;
    }
}
