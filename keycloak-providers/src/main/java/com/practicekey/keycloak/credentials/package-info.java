/**
 * Accounts and credentials (issue 5): a password set by anyone but the user is temporary.
 *
 * <ul>
 *   <li>{@link com.practicekey.keycloak.credentials.TemporaryPasswordEventListenerProviderFactory}
 *       ({@code practicekey-temporary-password}): admin REST reset, create and update with
 *       credentials, partial import &rarr; UPDATE_PASSWORD, the password marked temporary, the
 *       user's sessions ended ({@link com.practicekey.keycloak.credentials.TemporaryPasswords});
 *       until the user has chosen a new password, an administrator who removes UPDATE_PASSWORD
 *       (admin REST user update, admin console, partial import) gets it back in the same request,
 *       logged and recorded as an admin event, and a sign-in that finds it missing requires it
 *       again (the rule: {@link com.practicekey.keycloak.credentials.PendingPasswordChange});</li>
 *   <li>{@link com.practicekey.keycloak.credentials.PasswordResource}: PracticeKey's
 *       {@code POST /tenants/{tenant}/users/{userId}/password}, same outcome;</li>
 *   <li>{@link com.practicekey.keycloak.credentials.ExpiredTemporaryPasswordRequiredActionFactory}
 *       ({@code practicekey-temporary-password-expiry}): an unused temporary password older than
 *       {@link com.practicekey.keycloak.credentials.TemporaryPasswordLifetime} stops sign-in (page and
 *       direct grant say it expired and to contact the practice administrator);</li>
 *   <li>the new password must differ from the temporary one (checked by the policy manager, also
 *       where no history rule applies) and from the remembered history (the policy's
 *       {@code passwordHistory}, kept by Keycloak up to the realm's retention).</li>
 * </ul>
 *
 * <p>Pure rules ({@link com.practicekey.keycloak.credentials.TemporaryPasswordLifetime},
 * {@link com.practicekey.keycloak.credentials.ThirdPartyPasswordEvent},
 * {@link com.practicekey.keycloak.credentials.PendingPasswordChange}) have no Keycloak types.
 * Nothing here logs, stores or returns a password: only ids, timestamps and hashes Keycloak made.
 */
package com.practicekey.keycloak.credentials;
