package com.practicekey.keycloak.credentials;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.credential.PasswordCredentialModel;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keycloak adapter for third-party passwords (issue 5): a password that someone other than the
 * user set is always temporary. Marking one adds UPDATE_PASSWORD, remembers which stored password
 * it is (user attribute {@value #MARKER} = the credential's creation time, never anything derived
 * from the password) and ends the user's sessions, so no earlier refresh token keeps working.
 *
 * <p>The marker belongs to exactly one stored password: once the user sets their own, the stored
 * password's creation time differs and the marker no longer applies (it is then removed).
 */
public final class TemporaryPasswords {

    private static final Logger LOG = Logger.getLogger(TemporaryPasswords.class);

    /** User attribute: creation time (epoch millis) of the stored password a third party set. */
    public static final String MARKER = "practicekey.temporaryPassword";

    /** Policy failure when the new password is the temporary one (joined into "Password must be ..."). */
    public static final String DIFFERENT_FROM_TEMPORARY = "different from the temporary password you were given";

    private TemporaryPasswords() {
    }

    /** Creation time of the user's stored password, if they have one. */
    public static Optional<Long> passwordCreated(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
                .map(CredentialModel::getCreatedDate).filter(Objects::nonNull).max(Long::compare);
    }

    /**
     * The user's stored password was just set by a third party: require UPDATE_PASSWORD, remember
     * the password as temporary and end every session of the user (online and offline).
     */
    public static void setByThirdParty(KeycloakSession session, RealmModel realm, UserModel user, String how) {
        Optional<Long> created = passwordCreated(user);
        if (created.isEmpty()) {
            return;
        }
        user.addRequiredAction(UserModel.RequiredAction.UPDATE_PASSWORD);
        user.setSingleAttribute(MARKER, Long.toString(created.get()));
        endSessions(session, realm, user);
        LOG.debugf("user %s: password set by a third party (%s); UPDATE_PASSWORD required, sessions ended",
                user.getId(), how);
    }

    /** Whether the user's stored password is one a third party set and the user has not replaced. */
    public static boolean holdsTemporary(UserModel user) {
        return issuedAt(user).isPresent();
    }

    /** When the user's current temporary password was set; empty when the current password is the user's own. */
    public static Optional<Long> issuedAt(UserModel user) {
        String marker = user.getFirstAttribute(MARKER);
        if (marker == null) {
            return Optional.empty();
        }
        Optional<Long> created = passwordCreated(user);
        return created.isPresent() && marker.equals(Long.toString(created.get())) ? created : Optional.empty();
    }

    /** The realm's lifetime of temporary passwords (realm attribute), problems logged. */
    public static TemporaryPasswordLifetime lifetime(RealmModel realm) {
        TemporaryPasswordLifetime lifetime = TemporaryPasswordLifetime.parse(realm.getAttribute(TemporaryPasswordLifetime.ATTRIBUTE));
        lifetime.problem().ifPresent(p -> LOG.warnf("realm %s: %s", realm.getName(), p));
        return lifetime;
    }

    /** Whether the user still holds a temporary password that is older than the realm allows. */
    public static boolean expired(RealmModel realm, UserModel user) {
        return issuedAt(user).map(at -> lifetime(realm).expired(at, Time.currentTimeMillis())).orElse(false);
    }

    /** Whether {@code password} is the user's current temporary password (a new one must differ from it). */
    public static boolean isTheTemporaryPassword(KeycloakSession session, UserModel user, String password) {
        if (password == null || !holdsTemporary(user)) {
            return false;
        }
        return user.credentialManager().getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
                .map(PasswordCredentialModel::createFromCredentialModel)
                .anyMatch(c -> {
                    PasswordHashProvider hash = session.getProvider(PasswordHashProvider.class,
                            c.getPasswordCredentialData().getAlgorithm());
                    return hash != null && hash.verify(password, c);
                });
    }

    /** Removes the marker when the stored password is no longer the temporary one. */
    public static void forgetIfReplaced(UserModel user) {
        if (user.getFirstAttribute(MARKER) != null && !holdsTemporary(user)) {
            user.removeAttribute(MARKER);
            LOG.debugf("user %s: the temporary password was replaced", user.getId());
        }
    }

    /** Whether the user holds the UPDATE_PASSWORD required action. */
    public static boolean holdsUpdatePassword(UserModel user) {
        return user.getRequiredActionsStream().anyMatch(UserModel.RequiredAction.UPDATE_PASSWORD.name()::equals);
    }

    /**
     * The user's password is still a temporary one but UPDATE_PASSWORD was removed (by {@code how}):
     * require it again and say so in the log (ids only). Sessions are not touched: none can have
     * been opened with a temporary password.
     */
    public static void restoreUpdatePassword(UserModel user, String how) {
        user.addRequiredAction(UserModel.RequiredAction.UPDATE_PASSWORD);
        LOG.warnf("user %s: UPDATE_PASSWORD was removed (%s) while the password is a temporary one set by someone else;"
                + " required again: only the user's own new password ends it", user.getId(), how);
    }

    /** Ends every session of the user and invalidates tokens issued before now. */
    public static void endSessions(KeycloakSession session, RealmModel realm, UserModel user) {
        session.users().setNotBeforeForUser(realm, user, Time.currentTime());
        session.sessions().removeUserSessions(realm, user);
        List<UserSessionModel> offline = session.sessions().getOfflineUserSessionsStream(realm, user).toList();
        offline.forEach(s -> session.sessions().removeOfflineUserSession(realm, s));
    }
}
