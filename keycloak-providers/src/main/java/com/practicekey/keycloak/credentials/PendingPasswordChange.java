package com.practicekey.keycloak.credentials;

/**
 * The rule of issue 5 for the UPDATE_PASSWORD required action: while the user's current password
 * is one that someone else set and the user has not replaced, the user holds UPDATE_PASSWORD.
 * Nobody but the user ends that state, and only by choosing a new password: an administrator who
 * removes the action (admin REST user update, the admin console, partial import) gets it back on
 * the user in the same request, and a sign-in that finds it missing requires it again. Pure: no
 * Keycloak types; the adapters ({@link TemporaryPasswordEventListenerProvider},
 * {@link ExpiredTemporaryPasswordRequiredAction}) read the facts and carry out the outcome.
 */
public final class PendingPasswordChange {

    /** What to do to the user. */
    public enum Outcome {
        /** A third party has just set the stored password: mark it temporary, require UPDATE_PASSWORD, end sessions. */
        MARK_TEMPORARY,
        /** The stored password is still a temporary one but UPDATE_PASSWORD is gone: require it again, visibly. */
        RESTORE_ACTION,
        /** Nothing to do. */
        NONE
    }

    private PendingPasswordChange() {
    }

    /**
     * After an admin write naming the user.
     *
     * @param kind                 what the admin event was
     * @param passwordSetInRequest whether the stored password was created by this request
     * @param holdsTemporary       whether the stored password is one a third party set and the user has not replaced
     * @param holdsUpdatePassword  whether the user holds UPDATE_PASSWORD after the request
     */
    public static Outcome afterAdminWrite(ThirdPartyPasswordEvent.Kind kind, boolean passwordSetInRequest,
                                          boolean holdsTemporary, boolean holdsUpdatePassword) {
        if (kind == ThirdPartyPasswordEvent.Kind.RESET || passwordSetInRequest) {
            return Outcome.MARK_TEMPORARY;
        }
        return check(holdsTemporary, holdsUpdatePassword);
    }

    /** At a sign-in, once the password has been verified (whatever path removed the action, no token without it). */
    public static Outcome atSignIn(boolean holdsTemporary, boolean holdsUpdatePassword) {
        return check(holdsTemporary, holdsUpdatePassword);
    }

    private static Outcome check(boolean holdsTemporary, boolean holdsUpdatePassword) {
        return holdsTemporary && !holdsUpdatePassword ? Outcome.RESTORE_ACTION : Outcome.NONE;
    }
}
