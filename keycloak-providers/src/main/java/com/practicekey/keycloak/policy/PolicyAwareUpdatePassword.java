package com.practicekey.keycloak.policy;

import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.authentication.requiredactions.UpdatePassword;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

import java.util.List;
import java.util.Map;

/**
 * Keycloak's UPDATE_PASSWORD required action (also behind the account console's "update
 * password"), unchanged except that its page lists the user's effective requirements — each with
 * the realm or practices requiring it — before they type (attribute {@code practicekeyRequirements},
 * shown by the {@code practicekey} login theme). Same id as the built-in, higher order, so it
 * replaces it; the checking itself stays with the policy manager.
 */
public class PolicyAwareUpdatePassword extends UpdatePassword {

    static final String ATTRIBUTE = "practicekeyRequirements";

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        addRequirements(context);
        super.requiredActionChallenge(context);
    }

    @Override
    public void processAction(RequiredActionContext context) {
        addRequirements(context);
        super.processAction(context);
    }

    private static void addRequirements(RequiredActionContext context) {
        UserModel user = context.getUser();
        KeycloakSession session = context.getSession();
        MergedPolicy policy = EffectivePolicies.forUser(session, context.getRealm(), user);
        List<Map<String, String>> requirements = policy.rules().stream()
                .filter(r -> r.id() != RuleId.HASH_ALGORITHM && r.id() != RuleId.HASH_ITERATIONS)
                .map(r -> Map.of("text", Requirements.describe(r), "requiredBy", Texts.joinNames(r.sourceNames())))
                .toList();
        context.form().setAttribute(ATTRIBUTE, requirements);
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return new PolicyAwareUpdatePassword();
    }

    @Override
    public int order() {
        return 100;
    }
}
