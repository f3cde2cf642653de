package com.practicekey.keycloak.credentials;

import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.UserModel;

/**
 * Stops an expired temporary password (issue 5, item 5). Keycloak asks every enabled required
 * action's {@link #evaluateTriggers} at each sign-in once the password has been verified, in the
 * browser and in the direct grant; when the user still holds a temporary password older than the
 * realm's lifetime, this action is added to that sign-in (not to the user). With the highest
 * priority it comes before UPDATE_PASSWORD: the browser shows only the page saying that the
 * temporary password has expired and whom to ask, and never goes on; the direct grant refuses
 * tokens ("Account is not fully set up"). Only a new reset (a new temporary password) or the
 * user's own forgot-password link helps.
 */
public class ExpiredTemporaryPasswordRequiredAction implements RequiredActionProvider {

    private static final Logger LOG = Logger.getLogger(ExpiredTemporaryPasswordRequiredAction.class);

    /** Shown on the sign-in page; plain text (no quote or brace, as Keycloak formats messages). */
    public static final String MESSAGE = "Your temporary password has expired. "
            + "Please contact your practice administrator to get a new one.";
    public static final String EVENT_ERROR = "temporary_password_expired";

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        UserModel user = context.getUser();
        if (user != null && context.getAuthenticationSession() != null
                && TemporaryPasswords.expired(context.getRealm(), user)) {
            LOG.debugf("user %s: temporary password expired; sign-in stopped", user.getId());
            context.getAuthenticationSession().addRequiredAction(ExpiredTemporaryPasswordRequiredActionFactory.PROVIDER_ID);
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
}
