package com.practicekey.keycloak.policy;

import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Re-checks the password at sign-in (contract section 3): enabled in the realm as required action
 * {@code practicekey-policy-check}; it never shows a page of its own, it only adds UPDATE_PASSWORD.
 */
public class PolicyComplianceRequiredActionFactory implements RequiredActionFactory {

    public static final String PROVIDER_ID = "practicekey-policy-check";

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return new PolicyComplianceRequiredAction(new PasswordCheck(session, StrengthEstimator.shared()));
    }

    @Override
    public void init(Config.Scope config) {
        StrengthEstimator.shared();
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
        return "PracticeKey: password still meets the practices' policy";
    }
}
