package com.practicekey.keycloak.lockout;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.keycloak.common.ClientConnection;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.credential.RecoveryAuthnCodesCredentialModel;
import org.keycloak.services.ErrorPageException;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.services.messages.Messages;

import java.util.Collections;
import java.util.Set;

/**
 * PracticeKey's brute-force protector, replacing Keycloak's built-in one (thin adapter over
 * {@link Lockout}). Keycloak asks a protector, right before it evaluates a password, whether
 * the user is locked; here that question also <em>reserves</em> the evaluation, so that no more
 * guesses run than the threshold allows, however many arrive at once.
 *
 * <ul>
 *   <li>{@link #isPermanentlyLockedOut}: inside a sign-in (an authentication session is
 *       bound), the first call per request and user reserves an evaluation, waiting while other
 *       evaluations hold the last places, and answers whether the account is locked. Keycloak
 *       then refuses with event error {@code user_disabled} and the same "invalid credentials"
 *       answer as a wrong password. Elsewhere (token exchange, CIBA) it reads the lock. In the
 *       admin REST API it answers {@code false}: the admin user representation must not show
 *       {@code enabled: false}, or a console save would turn PracticeKey's lock into a stock
 *       disable that outlives the unlock.</li>
 *   <li>{@link #isTemporarilyDisabled}: locked, or turned away as busy after waiting (event
 *       error {@code user_temporarily_disabled}). In the admin API it shows the lock, so that
 *       the stock attack-detection status reports the user as disabled.</li>
 *   <li>{@link #successfulLogin} of a locked account (any route that completes a sign-in)
 *       aborts the request: no session, no token.</li>
 *   <li>{@link #failedLogin}/{@link #successfulLogin}: only for credential categories
 *       (password, OTP, recovery codes); count or reset, and give back the reservation.
 *       Counted at once, in the request thread, in a transaction of their own.</li>
 *   <li>{@link #cleanUpPermanentLockout}: what the stock unlock paths call; it clears only
 *       leftovers of a stock lockout, never PracticeKey's lock.</li>
 * </ul>
 */
public class LockoutProtector implements BruteForceProtector {

    private static final Logger LOG = Logger.getLogger(LockoutProtector.class);

    static final Set<String> CREDENTIAL_CATEGORIES = Set.of(
            PasswordCredentialModel.TYPE, OTPCredentialModel.TYPE, RecoveryAuthnCodesCredentialModel.TYPE);

    private static final String ATTEMPT = "practicekey.lockout.attempt.";

    private final KeycloakSession session;
    private final Lockout lockout;

    public LockoutProtector(KeycloakSession session) {
        this.session = session;
        this.lockout = new Lockout(session);
    }

    /** One request's dealings with one user's lock. */
    private static final class Attempt {
        final Lockout.Admission admission;
        boolean reserved;

        Attempt(Lockout.Admission admission) {
            this.admission = admission;
            this.reserved = admission == Lockout.Admission.ADMITTED;
        }
    }

    @Override
    public boolean isPermanentlyLockedOut(KeycloakSession s, RealmModel realm, UserModel user) {
        if (isAdminApi(s)) {
            return false;
        }
        return admission(s, realm, user) == Lockout.Admission.LOCKED;
    }

    @Override
    public boolean isTemporarilyDisabled(KeycloakSession s, RealmModel realm, UserModel user) {
        if (isAdminApi(s)) {
            return lockout.isLocked(user.getId());
        }
        return admission(s, realm, user) != Lockout.Admission.ADMITTED;
    }

    private Lockout.Admission admission(KeycloakSession s, RealmModel realm, UserModel user) {
        Attempt attempt = (Attempt) s.getAttribute(ATTEMPT + user.getId());
        if (attempt == null && s.getContext().getAuthenticationSession() != null) {
            attempt = new Attempt(lockout.admit(realm, user));
            s.setAttribute(ATTEMPT + user.getId(), attempt);
            if (attempt.reserved) {
                releaseAtEnd(s, user.getId(), attempt);
            }
            return attempt.admission;
        }
        if (attempt != null && attempt.admission != Lockout.Admission.ADMITTED) {
            return attempt.admission;
        }
        return lockout.isLocked(user.getId()) ? Lockout.Admission.LOCKED : Lockout.Admission.ADMITTED;
    }

    /** A reservation not settled by a failure or a success is given back when the request ends. */
    private void releaseAtEnd(KeycloakSession s, String userId, Attempt attempt) {
        s.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                settle();
            }

            @Override
            protected void rollbackImpl() {
                settle();
            }

            private void settle() {
                if (takeReservation(attempt)) {
                    lockout.release(userId);
                }
            }
        });
    }

    private static boolean takeReservation(Attempt attempt) {
        if (attempt == null) {
            return false;
        }
        synchronized (attempt) {
            boolean held = attempt.reserved;
            attempt.reserved = false;
            return held;
        }
    }

    @Override
    public void failedLogin(RealmModel realm, UserModel user, ClientConnection clientConnection, UriInfo uriInfo,
                            Set<String> categories) {
        if (!isCredentialCheck(categories)) {
            LOG.debugf("not counted: a refusal of category %s is not a credential failure", categories);
            return;
        }
        boolean held = takeReservation((Attempt) session.getAttribute(ATTEMPT + user.getId()));
        lockout.failed(realm, user, held, clientConnection == null ? null : clientConnection.getRemoteHost());
    }

    /**
     * Keycloak calls this when a sign-in is complete, right before the session is confirmed and
     * a code or token is issued: after a browser login, a reset-credentials (forgot password)
     * flow, an action-token link, a broker login, a direct grant. A locked account stops here,
     * whichever way it got here: the request's transaction rolls back, so no session, cookie
     * or token results (a password changed on the way is rolled back too), and the answer is
     * the one a wrong password gets.
     */
    @Override
    public void successfulLogin(RealmModel realm, UserModel user, ClientConnection clientConnection, UriInfo uriInfo,
                                Set<String> categories) {
        Attempt attempt = (Attempt) session.getAttribute(ATTEMPT + user.getId());
        if (lockout.isLocked(user.getId())) {
            if (takeReservation(attempt)) {
                lockout.release(user.getId());
            }
            LOG.infof("refused a completed sign-in of locked user %s", user.getId());
            if (isTokenEndpoint(session)) {
                throw new ErrorResponseException("invalid_grant", "Invalid user credentials", Response.Status.BAD_REQUEST);
            }
            throw new ErrorPageException(session, Response.Status.BAD_REQUEST, Messages.INVALID_USER);
        }
        if (isCredentialCheck(categories)) {
            lockout.succeeded(user, takeReservation(attempt));
        } else if (takeReservation(attempt)) {
            lockout.release(user.getId());
        }
    }

    @Override
    public void cleanUpPermanentLockout(KeycloakSession s, RealmModel realm, UserModel user) {
        // Stock unlock paths (PUT enabled=true) land here: they may clear a stock lockout's
        // leftover marker, never PracticeKey's lock, which only POST .../unlock clears.
        if (DISABLED_BY_PERMANENT_LOCKOUT.equals(user.getFirstAttribute(UserModel.DISABLED_REASON))) {
            user.removeAttribute(UserModel.DISABLED_REASON);
        }
    }

    private static boolean isCredentialCheck(Set<String> categories) {
        return categories != null && !Collections.disjoint(CREDENTIAL_CATEGORIES, categories);
    }

    private static boolean isTokenEndpoint(KeycloakSession s) {
        try {
            return s.getContext().getUri().getRequestUri().getPath().endsWith("/protocol/openid-connect/token");
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether this request is Keycloak's admin REST API (the console included). */
    private static boolean isAdminApi(KeycloakSession s) {
        try {
            UriInfo uri = s.getContext().getUri();
            return uri != null && uri.getRequestUri().getPath().contains("/admin/realms/");
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
    }
}
