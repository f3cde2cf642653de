package com.practicekey.keycloak.policy;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.policy.PasswordPolicyManagerProvider;
import org.keycloak.policy.PasswordPolicyManagerProviderFactory;

/**
 * Makes every password Keycloak sets meet the strictest merge of the realm's and the user's
 * tenants' policies. Selected as the server's default with
 * {@code --spi-password-policy-manager--provider-default=practicekey-password-policy}.
 * The strength estimator's dictionaries are loaded at start ({@link StrengthEstimator#shared()}).
 */
public class TenantPasswordPolicyManagerProviderFactory implements PasswordPolicyManagerProviderFactory {

    public static final String PROVIDER_ID = "practicekey-password-policy";

    @Override
    public PasswordPolicyManagerProvider create(KeycloakSession session) {
        return new TenantPasswordPolicyManagerProvider(session, new PasswordCheck(session, StrengthEstimator.shared()));
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
    public int order() {
        return 100;
    }
}
