package com.practicekey.keycloak.credentials;

import java.util.Optional;

/**
 * Which Keycloak admin events may carry a password set by a third party, read from the event's
 * operation, resource type and path (as Keycloak 26.7 writes them). Pure: no Keycloak types.
 *
 * <ul>
 *   <li>{@code ACTION} on {@code users/{id}/reset-password}: a password was set (admin REST
 *       {@code reset-password}, the admin console's "Reset password"), temporary or not;</li>
 *   <li>{@code CREATE} or {@code UPDATE} on {@code users/{id}}: admin create or update of a user
 *       (resource {@code USER}), or partial import (which Keycloak records with resource
 *       {@code REALM}); a password was set only if the stored password credential is new in this
 *       request (the representation never shows credentials).</li>
 * </ul>
 */
public record ThirdPartyPasswordEvent(Kind kind, String userId) {

    public enum Kind {
        /** A password was certainly set. */
        RESET,
        /** A user was created or updated; a password may have been set. */
        USER_WRITE
    }

    private static final String USERS = "users/";
    private static final String RESET_PASSWORD = "/reset-password";

    public static Optional<ThirdPartyPasswordEvent> classify(String operation, String resourceType, String path) {
        if (path == null || !path.startsWith(USERS)) {
            return Optional.empty();
        }
        String rest = path.substring(USERS.length());
        if ("REALM".equals(resourceType)) {
            // partial import: only its user results are of interest
            return ("CREATE".equals(operation) || "UPDATE".equals(operation)) && plainId(rest)
                    ? Optional.of(new ThirdPartyPasswordEvent(Kind.USER_WRITE, rest)) : Optional.empty();
        }
        if (!"USER".equals(resourceType)) {
            return Optional.empty();
        }
        if ("ACTION".equals(operation) && rest.endsWith(RESET_PASSWORD)) {
            String id = rest.substring(0, rest.length() - RESET_PASSWORD.length());
            return plainId(id) ? Optional.of(new ThirdPartyPasswordEvent(Kind.RESET, id)) : Optional.empty();
        }
        if (("CREATE".equals(operation) || "UPDATE".equals(operation)) && plainId(rest)) {
            return Optional.of(new ThirdPartyPasswordEvent(Kind.USER_WRITE, rest));
        }
        return Optional.empty();
    }

    private static boolean plainId(String id) {
        return !id.isEmpty() && id.indexOf('/') < 0 && id.indexOf('?') < 0;
    }
}
