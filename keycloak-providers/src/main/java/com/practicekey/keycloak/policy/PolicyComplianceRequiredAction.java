package com.practicekey.keycloak.policy;

import com.practicekey.keycloak.tenancy.TenantDirectory;
import org.jboss.logging.Logger;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;

import java.time.Duration;
import java.util.List;

/**
 * At every sign-in with a password (browser form or direct grant), checks the typed password in
 * memory against the user's current merged policy, and the password's age against the merged
 * {@code forceExpiredPasswordChange}. If either fails, the user must choose a new password
 * (UPDATE_PASSWORD) before any token is issued. Rules that compare with stored passwords
 * (history) are not re-checked here. The password is never stored, logged or put in an event.
 */
public class PolicyComplianceRequiredAction implements RequiredActionProvider {

    private static final Logger LOG = Logger.getLogger(PolicyComplianceRequiredAction.class);

    /** The form field that carries the password on Keycloak's login form and in the direct grant. */
    static final String PASSWORD_FIELD = "password";

    private final PasswordCheck check;

    public PolicyComplianceRequiredAction(PasswordCheck check) {
        this.check = check;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        UserModel user = context.getUser();
        RealmModel realm = context.getRealm();
        if (user == null || hasUpdatePassword(user)) {
            return;
        }
        MergedPolicy policy = EffectivePolicies.forUser(context.getSession(), realm, user);
        String typed = typedPassword(context);
        if (typed != null) {
            List<OrganizationModel> tenants = new TenantDirectory(context.getSession()).tenantsOf(user);
            if (!check.failures(policy, EffectivePolicies.context(user), null, tenants, typed).isEmpty()) {
                LOG.debugf("user %s: password no longer meets the merged policy; UPDATE_PASSWORD added", user.getId());
                user.addRequiredAction(UserModel.RequiredAction.UPDATE_PASSWORD);
                return;
            }
        }
        policy.rule(RuleId.FORCE_EXPIRED_PASSWORD_CHANGE).ifPresent(rule -> {
            Long created = user.credentialManager().getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
                    .map(c -> c.getCreatedDate()).filter(d -> d != null).max(Long::compare).orElse(null);
            long maxAge = Duration.ofDays(rule.intValue()).toMillis();
            if (created != null && System.currentTimeMillis() - created > maxAge) {
                LOG.debugf("user %s: password older than %d days; UPDATE_PASSWORD added", user.getId(), rule.intValue());
                user.addRequiredAction(UserModel.RequiredAction.UPDATE_PASSWORD);
            }
        });
    }

    private static boolean hasUpdatePassword(UserModel user) {
        return user.getRequiredActionsStream().anyMatch(a -> UserModel.RequiredAction.UPDATE_PASSWORD.name().equals(a));
    }

    private static String typedPassword(RequiredActionContext context) {
        if (context.getHttpRequest() == null || !"POST".equals(context.getHttpRequest().getHttpMethod())) {
            return null;
        }
        try {
            return context.getHttpRequest().getDecodedFormParameters().getFirst(PASSWORD_FIELD);
        } catch (RuntimeException notAForm) {
            return null;
        }
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        context.success();
    }

    @Override
    public void processAction(RequiredActionContext context) {
        context.success();
    }

    @Override
    public void close() {
    }
}
