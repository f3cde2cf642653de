package com.practicekey.keycloak.policy;

import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.policy.PasswordPolicyProvider;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keycloak adapter that checks a candidate password against a user's merged policy: conflicts,
 * the content rules ({@link PolicyChecker}), {@code hardToGuess} ({@link StrengthEstimator}),
 * deny-lists (Keycloak's own deny-list files) and, when asked, the rules that compare with
 * stored passwords ({@code passwordHistory}). Every failure is said in plain words with the
 * practices requiring it; the password itself never leaves this class.
 */
public final class PasswordCheck {

    private final KeycloakSession session;
    private final StrengthEstimator estimator;

    public PasswordCheck(KeycloakSession session, StrengthEstimator estimator) {
        this.session = session;
        this.estimator = estimator;
    }

    /**
     * Every rule the password fails, in plain words; empty when it passes.
     *
     * @param context    the user's own words (username, e-mail, names)
     * @param stored     the user whose stored passwords the history rule compares with; {@code null}: not checked
     */
    public List<String> failures(MergedPolicy policy, UserContext context, UserModel stored,
                                 List<OrganizationModel> tenants, String password) {
        List<String> out = new ArrayList<>();
        for (Conflict c : policy.conflicts()) {
            out.add("no password can satisfy these rules together: " + c.description());
        }
        if (!out.isEmpty()) {
            return out;
        }
        CheckResult result = PolicyChecker.check(policy, password, context);
        result.failures().forEach(f -> out.add(f.message()));
        for (MergedRule rule : result.notCheckedHere()) {
            switch (rule.id()) {
                case HARD_TO_GUESS -> {
                    List<String> words = new ArrayList<>(context.userInputs());
                    tenants.forEach(t -> {
                        words.add(t.getName());
                        words.add(t.getAlias());
                    });
                    if (estimator.score(password, words) < rule.intValue()) {
                        out.add(StrengthEstimator.requirement(rule.intValue()) + " — required by " + names(rule));
                    }
                }
                case PASSWORD_BLACKLIST -> {
                    if (denied(rule.value(), password)) {
                        out.add("not a commonly used password (deny-list " + rule.value() + ") — required by " + names(rule));
                    }
                }
                case PASSWORD_HISTORY -> {
                    if (stored != null && rule.intValue() > 0 && reused(stored, password, rule.intValue())) {
                        out.add("not one of your last " + rule.intValue() + " passwords — required by " + names(rule));
                    }
                }
                default -> {
                    // passwordAge, forceExpiredPasswordChange, maxAuthAge: enforced at sign-in and by
                    // Keycloak's required actions; hashAlgorithm/hashIterations: how it is stored.
                }
            }
        }
        return out;
    }

    /** One message for Keycloak's PolicyError: the failures joined, safe for Keycloak's message formatting. */
    public static String message(List<String> failures) {
        return keycloakSafe("Password must be " + String.join("; ", failures.stream()
                .map(f -> f.startsWith("no password can") ? "changed by an administrator: " + f : f).toList()) + ".");
    }

    /**
     * Keycloak runs unknown message keys through {@link java.text.MessageFormat} on some paths:
     * apostrophes and braces would be eaten or fail there, so they are replaced by look-alikes.
     */
    static String keycloakSafe(String text) {
        return text.replace('\'', '\u2019').replace('{', '\u2983').replace('}', '\u2984');
    }

    private static String names(MergedRule rule) {
        return Texts.joinNames(rule.sourceNames());
    }

    private boolean denied(String list, String password) {
        PasswordPolicyProvider provider = session.getProvider(PasswordPolicyProvider.class, "passwordBlacklist");
        if (provider == null) {
            return false;
        }
        Object config;
        try {
            config = provider.parseConfig(list);
        } catch (RuntimeException e) {
            // A deny-list that cannot be read must not weaken anything: treat every password as listed.
            return true;
        }
        if (config instanceof org.keycloak.policy.DenylistPasswordPolicyProviderFactory.PasswordDenylist denylist) {
            return denylist.contains(password.toLowerCase());
        }
        return false;
    }

    /** Whether the password is the current one or among the last {@code count - 1} remembered ones, as Keycloak counts. */
    private boolean reused(UserModel user, String password, int count) {
        List<PasswordCredentialModel> candidates = new ArrayList<>();
        user.credentialManager().getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
                .map(PasswordCredentialModel::createFromCredentialModel).forEach(candidates::add);
        user.credentialManager().getStoredCredentialsByTypeStream(PasswordCredentialModel.PASSWORD_HISTORY)
                .sorted(Comparator.comparing(c -> -(c.getCreatedDate() == null ? 0L : c.getCreatedDate())))
                .limit(Math.max(0, count - 1))
                .map(PasswordCredentialModel::createFromCredentialModel).forEach(candidates::add);
        for (PasswordCredentialModel c : candidates) {
            PasswordHashProvider hash = session.getProvider(PasswordHashProvider.class, c.getPasswordCredentialData().getAlgorithm());
            if (hash != null && hash.verify(password, c)) {
                return true;
            }
        }
        return false;
    }
}
