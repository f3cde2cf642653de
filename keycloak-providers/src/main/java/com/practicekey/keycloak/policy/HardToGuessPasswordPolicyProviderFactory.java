package com.practicekey.keycloak.policy;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.policy.PasswordPolicyProvider;
import org.keycloak.policy.PasswordPolicyProviderFactory;

/**
 * The {@code hardToGuess(n)} policy type: the password's zxcvbn score must be at least n (0..4,
 * default 3). Registering it lets realm admins and tenants write it in any policy; PracticeKey's
 * policy manager evaluates it on the merged policy with the user's and practices' words as context.
 */
public class HardToGuessPasswordPolicyProviderFactory implements PasswordPolicyProviderFactory {

    public static final String PROVIDER_ID = "hardToGuess";

    @Override
    public PasswordPolicyProvider create(KeycloakSession session) {
        return new HardToGuessPasswordPolicyProvider(session, StrengthEstimator.shared());
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
    public String getDisplayName() {
        return "Hard to guess (PracticeKey)";
    }

    @Override
    public String getConfigType() {
        return PasswordPolicyProvider.INT_CONFIG_TYPE;
    }

    @Override
    public String getDefaultConfigValue() {
        return String.valueOf(RuleId.HARD_TO_GUESS.defaultValue());
    }

    @Override
    public boolean isMultiplSupported() {
        return false;
    }
}
