package com.practicekey.keycloak.policy;

import com.practicekey.keycloak.credentials.TemporaryPasswords;
import com.practicekey.keycloak.tenancy.TenantDirectory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.policy.PasswordPolicyManagerProvider;
import org.keycloak.policy.PolicyError;

import java.util.ArrayList;
import java.util.List;

/**
 * Thin adapter: Keycloak asks it on every path that sets a password (admin reset, admin create
 * and update with credentials, partial import, the UPDATE_PASSWORD action, registration,
 * PracticeKey's own endpoints); it answers with {@link PasswordCheck} on the user's merged policy.
 */
public class TenantPasswordPolicyManagerProvider implements PasswordPolicyManagerProvider {

    private final KeycloakSession session;
    private final PasswordCheck check;

    public TenantPasswordPolicyManagerProvider(KeycloakSession session, PasswordCheck check) {
        this.session = session;
        this.check = check;
    }

    @Override
    public PolicyError validate(RealmModel realm, UserModel user, String password) {
        List<OrganizationModel> tenants = user == null || !realm.isOrganizationsEnabled()
                ? List.of() : new TenantDirectory(session).tenantsOf(user);
        MergedPolicy policy = EffectivePolicies.forUser(session, realm, user);
        List<String> failures = new ArrayList<>(check.failures(policy, EffectivePolicies.context(user), user, tenants, password));
        if (user != null && failures.isEmpty() && TemporaryPasswords.isTheTemporaryPassword(session, user, password)) {
            // Also without a history rule: the new password must not be the temporary one (issue 5).
            failures.add(TemporaryPasswords.DIFFERENT_FROM_TEMPORARY);
        }
        return error(failures);
    }

    @Override
    public PolicyError validate(String user, String password) {
        RealmModel realm = session.getContext().getRealm();
        MergedPolicy policy = EffectivePolicies.merge(realm, List.of());
        // Registration: the username (an e-mail) is known, the user not yet.
        UserContext context = new UserContext(user, user, null, null);
        return error(check.failures(policy, context, null, List.of(), password));
    }

    private static PolicyError error(List<String> failures) {
        return failures.isEmpty() ? null : new PolicyError(PasswordCheck.message(failures));
    }

    @Override
    public void close() {
    }
}
