package com.practicekey.apps.security;

import java.time.Instant;
import java.util.Set;

/**
 * What this app takes from a verified access token.
 *
 * @param subject      {@code sub}
 * @param sessionId    {@code sid}, the Keycloak session
 * @param tenant       {@code tenant}, the active practice, or {@code null} when the token has none
 * @param permissions  {@code permissions}
 * @param authTime     {@code auth_time}: when the user last signed in with credentials
 * @param idleTimeoutMinutes {@code idle_timeout_minutes}, or the realm default
 * @param username     {@code preferred_username} (the e-mail in this realm), for display only; {@code null} when absent
 */
public record VerifiedToken(String subject, String sessionId, String tenant, Set<String> permissions,
                            Instant authTime, int idleTimeoutMinutes, String username) {
}
