package com.practicekey.keycloak.policy;

import com.practicekey.keycloak.tenancy.TenantDirectory;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.ArrayList;
import java.util.List;

/**
 * Keycloak adapter: the inputs of the strictest merge for a user — the realm's policy and the
 * settings of every tenant the user belongs to — and the merged result (contract section 3).
 * Malformed tenant settings are logged (never with a password) and applied in their strictest
 * safe reading, as {@link TenantSettings#fromAttributes} defines.
 */
public final class EffectivePolicies {

    private static final Logger LOG = Logger.getLogger(EffectivePolicies.class);

    private EffectivePolicies() {
    }

    /** The realm as a merge input, labelled with its display name. */
    public static PolicyInput realmInput(RealmModel realm) {
        PolicyParser.Result parsed = PolicyParser.parseLenient(realm.getPasswordPolicy().toString());
        if (!parsed.ok()) {
            LOG.warnf("realm %s password policy has problems: %s", realm.getName(), parsed.problems());
        }
        int idleMinutes = realm.getSsoSessionIdleTimeout() > 0 ? Math.max(1, realm.getSsoSessionIdleTimeout() / 60) : 15;
        java.util.OptionalInt lockout = realm.isBruteForceProtected()
                ? java.util.OptionalInt.of(realm.getFailureFactor()) : java.util.OptionalInt.empty();
        return PolicyInput.realm(realmLabel(realm),
                HistoryRetention.realmRequirements(parsed.rules(), baselineHistory(realm)),
                lockout, java.util.OptionalInt.of(idleMinutes));
    }

    /** The realm attribute holding the realm's own passwordHistory requirement (its policy's value is the retention). */
    public static final String REALM_HISTORY_ATTRIBUTE = "practicekey.passwordHistory";

    static java.util.OptionalInt baselineHistory(RealmModel realm) {
        String v = realm.getAttribute(REALM_HISTORY_ATTRIBUTE);
        if (v == null || v.isBlank()) {
            return java.util.OptionalInt.empty();
        }
        try {
            return java.util.OptionalInt.of(Math.max(0, Integer.parseInt(v.trim())));
        } catch (NumberFormatException e) {
            LOG.warnf("realm attribute %s is not a whole number; no baseline history requirement", REALM_HISTORY_ATTRIBUTE);
            return java.util.OptionalInt.empty();
        }
    }

    /** How many old passwords Keycloak keeps in this realm. */
    public static int historyRetention(RealmModel realm) {
        return Math.max(0, realm.getPasswordPolicy().getExpiredPasswords());
    }

    public static String realmLabel(RealmModel realm) {
        String name = realm.getDisplayName();
        return name == null || name.isBlank() ? realm.getName() : name;
    }

    /** A tenant's settings from its organization attributes, problems logged. */
    public static TenantSettings settings(RealmModel realm, OrganizationModel tenant) {
        TenantSettings settings = HistoryRetention.cap(TenantSettings.fromAttributes(tenant.getAttributes()),
                historyRetention(realm));
        if (!settings.ok()) {
            LOG.warnf("tenant %s has malformed settings (strictest safe reading applies): %s",
                    tenant.getAlias(), settings.problems());
        }
        return settings;
    }

    public static PolicyInput tenantInput(RealmModel realm, OrganizationModel tenant) {
        return PolicyInput.tenant(tenant.getAlias(), tenant.getName(), settings(realm, tenant));
    }

    /** The user's effective policy; without a user, the realm's alone. */
    public static MergedPolicy forUser(KeycloakSession session, RealmModel realm, UserModel user) {
        List<PolicyInput> tenants = new ArrayList<>();
        if (user != null && realm.isOrganizationsEnabled()) {
            for (OrganizationModel tenant : new TenantDirectory(session).tenantsOf(user)) {
                tenants.add(tenantInput(realm, tenant));
            }
        }
        return PolicyMerger.merge(realmInput(realm), tenants);
    }

    /** The merge of the realm with an explicit list of tenant inputs (for what-if checks). */
    public static MergedPolicy merge(RealmModel realm, List<PolicyInput> tenants) {
        return PolicyMerger.merge(realmInput(realm), tenants);
    }

    public static UserContext context(UserModel user) {
        return user == null ? UserContext.NONE
                : new UserContext(user.getUsername(), user.getEmail(), user.getFirstName(), user.getLastName());
    }
}
