package com.practicekey.keycloak.policy;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.policy.PasswordPolicyConfigException;
import org.keycloak.policy.PasswordPolicyProvider;
import org.keycloak.policy.PolicyError;

import java.util.ArrayList;
import java.util.List;

/**
 * Thin adapter for {@code hardToGuess(n)} when Keycloak itself evaluates the realm policy (only
 * if PracticeKey's policy manager is not the default); parses and range-checks the setting.
 */
public class HardToGuessPasswordPolicyProvider implements PasswordPolicyProvider {

    private final KeycloakSession session;
    private final StrengthEstimator estimator;

    public HardToGuessPasswordPolicyProvider(KeycloakSession session, StrengthEstimator estimator) {
        this.session = session;
        this.estimator = estimator;
    }

    @Override
    public PolicyError validate(RealmModel realm, UserModel user, String password) {
        List<String> words = new ArrayList<>(EffectivePolicies.context(user).userInputs());
        return check(password, words);
    }

    @Override
    public PolicyError validate(String user, String password) {
        List<String> words = new ArrayList<>();
        if (user != null) {
            words.add(user);
        }
        return check(password, words);
    }

    private PolicyError check(String password, List<String> words) {
        Object config = session.getContext().getRealm().getPasswordPolicy().getPolicyConfig(HardToGuessPasswordPolicyProviderFactory.PROVIDER_ID);
        if (!(config instanceof Integer min)) {
            return null;
        }
        return estimator.score(password, words) >= min ? null
                : new PolicyError(PasswordCheck.keycloakSafe("Password must be " + StrengthEstimator.requirement(min) + "."));
    }

    @Override
    public Object parseConfig(String value) {
        int min = parseInteger(value, RuleId.HARD_TO_GUESS.defaultValue());
        if (min < 0 || min > 4) {
            throw new PasswordPolicyConfigException("hardToGuess takes a zxcvbn score from 0 to 4");
        }
        return min;
    }

    @Override
    public void close() {
    }
}
