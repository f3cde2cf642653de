package com.practicekey.keycloak.credentials;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Event listener {@code practicekey-temporary-password} (listed in the realm's
 * {@code eventsListeners}): after admin REST {@code reset-password} (also with
 * {@code temporary: false}), admin create or update of a user with credentials, and partial
 * import, the user holds UPDATE_PASSWORD, the password is marked temporary and the user's sessions
 * are ended. While that password is the user's, no administrator removes UPDATE_PASSWORD:
 * an admin user update or partial import that drops it gets it back in the same transaction, with
 * a warning in the log and an admin event ({@code practicekey.outcome = update-password-kept}).
 * The user's own password change (UPDATE_PASSWORD action, account console, forgot-password) drops
 * the mark. It reads ids and timestamps only, never a representation.
 */
public class TemporaryPasswordEventListenerProviderFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "practicekey-temporary-password";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new TemporaryPasswordEventListenerProvider(session);
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
