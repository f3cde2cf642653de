package com.practicekey.keycloak.credentials;

import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.Details;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The sign-in check of temporary passwords (issue 5). Keycloak asks every enabled required
 * action's {@link #evaluateTriggers} at each sign-in once the password has been verified, in the
 * browser and in the direct grant.
 *
 * <ul>
 *   <li>A user whose password is still a temporary one but who lacks UPDATE_PASSWORD (removed by
 *       some path that sent no admin event PracticeKey saw) gets it again, on the user and on this
 *       sign-in, with a warning in the log ({@link PendingPasswordChange#atSignIn}). A refused
 *       direct grant rolls its transaction back, so there only this sign-in is stopped; the
 *       browser stores the action.</li>
 *   <li>An unused temporary password older than the realm's lifetime stops sign-in (item 5): this
 *       action is added to that sign-in (not to the user). With the highest priority it comes
 *       before UPDATE_PASSWORD: the browser shows only the page saying that the temporary
 *       password has expired and whom to ask, and never goes on; the direct grant answers
 *       {@code invalid_grant} with the same words. Only a new reset (a new temporary password) or
 *       the user's own forgot-password link helps.</li>
 * </ul>
 */
public class ExpiredTemporaryPasswordRequiredAction implements RequiredActionProvider {

    private static final Logger LOG = Logger.getLogger(ExpiredTemporaryPasswordRequiredAction.class);

    /** Shown on the sign-in page and as the direct grant's error_description; plain text (no quote or brace, as Keycloak formats messages). */
    public static final String MESSAGE = "Your temporary password has expired. "
            + "Please contact your practice administrator to get a new one.";
    public static final String EVENT_ERROR = "temporary_password_expired";

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        UserModel user = context.getUser();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (user == null || authSession == null) {
            return;
        }
        if (PendingPasswordChange.atSignIn(TemporaryPasswords.holdsTemporary(user), TemporaryPasswords.holdsUpdatePassword(user))
                == PendingPasswordChange.Outcome.RESTORE_ACTION) {
            TemporaryPasswords.restoreUpdatePassword(user, "found missing at sign-in");
            authSession.addRequiredAction(UserModel.RequiredAction.UPDATE_PASSWORD);
        }
        if (TemporaryPasswords.expired(context.getRealm(), user)) {
            LOG.debugf("user %s: temporary password expired; sign-in stopped", user.getId());
            if (isTokenEndpoint(context.getSession())) {
                // Keycloak's direct grant would answer the generic "Account is not fully set up".
                context.getEvent().clone().detail(Details.REASON, EVENT_ERROR).error(EVENT_ERROR);
                new AuthenticationSessionManager(context.getSession()).removeAuthenticationSession(context.getRealm(), authSession, false);
                throw new ErrorResponseException(OAuthErrorException.INVALID_GRANT, MESSAGE, Response.Status.BAD_REQUEST);
            }
            authSession.addRequiredAction(ExpiredTemporaryPasswordRequiredActionFactory.PROVIDER_ID);
        }
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        UserModel user = context.getUser();
        if (user != null && !TemporaryPasswords.expired(context.getRealm(), user)) {
            // A new temporary password was set meanwhile: nothing to stop any more.
            context.success();
            return;
        }
        context.getEvent().clone().error(EVENT_ERROR);
        Response page = context.form().setError(MESSAGE).createErrorPage(Response.Status.BAD_REQUEST);
        context.challenge(page);
    }

    @Override
    public void processAction(RequiredActionContext context) {
        requiredActionChallenge(context);
    }

    @Override
    public void close() {
    }

    /** Whether this sign-in is a request to the token endpoint (the direct grant). */
    private static boolean isTokenEndpoint(KeycloakSession session) {
        try {
            return session.getContext().getUri().getRequestUri().getPath().endsWith("/protocol/openid-connect/token");
        } catch (RuntimeException e) {
            return false;
        }
    }
}
