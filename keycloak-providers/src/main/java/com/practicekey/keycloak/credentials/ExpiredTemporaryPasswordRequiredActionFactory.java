package com.practicekey.keycloak.credentials;

import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Required action {@code practicekey-temporary-password-expiry}, enabled in the realm file with
 * the highest priority (see {@link ExpiredTemporaryPasswordRequiredAction}). The lifetime is the
 * realm attribute {@code practicekey.temporaryPasswordLifetimeHours} (default 72).
 */
public class ExpiredTemporaryPasswordRequiredActionFactory implements RequiredActionFactory {

    public static final String PROVIDER_ID = "practicekey-temporary-password-expiry";

    private static final ExpiredTemporaryPasswordRequiredAction INSTANCE = new ExpiredTemporaryPasswordRequiredAction();

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return INSTANCE;
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

    @Override
    public String getDisplayText() {
        return "PracticeKey: temporary password expired";
    }
}
