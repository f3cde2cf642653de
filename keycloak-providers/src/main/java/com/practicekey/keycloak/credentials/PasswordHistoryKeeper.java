package com.practicekey.keycloak.credentials;

import org.jboss.logging.Logger;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Keeps the password history a user's merged policy asks for (issue 5, item 4). Keycloak keeps
 * old passwords only for the realm's own {@code passwordHistory} (and only when it is above 1):
 * when a practice requires a longer history than the realm, Keycloak would drop the replaced
 * password (the temporary one included) and trim the rest. So, just before a password is stored
 * (the policy check, {@link #beforeStore}), the stored password and its history are noted in the
 * request's session, and just after (the event of the change, {@link #afterStore}) the history is
 * written back: the replaced password first, at most {@code passwordHistory - 1} entries, as
 * Keycloak counts. Only hashes are copied; no password is seen here.
 */
public final class PasswordHistoryKeeper {

    private static final Logger LOG = Logger.getLogger(PasswordHistoryKeeper.class);
    private static final String ATTRIBUTE = "practicekey.passwordHistory.";

    private PasswordHistoryKeeper() {
    }

    /** What the history must hold after the change: the replaced password and the earlier history. */
    record Pending(int entries, List<CredentialModel> snapshot) {
    }

    /**
     * Notes the stored password and history when the merged policy's history ({@code mergedHistory},
     * 0 when none) is longer than what Keycloak keeps for the realm.
     */
    public static void beforeStore(KeycloakSession session, RealmModel realm, UserModel user, int mergedHistory) {
        if (user == null || mergedHistory <= keptByKeycloak(realm.getPasswordPolicy())) {
            return;
        }
        List<CredentialModel> snapshot = new ArrayList<>();
        user.credentialManager().getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
                .map(PasswordHistoryKeeper::copy).forEach(snapshot::add);
        user.credentialManager().getStoredCredentialsByTypeStream(PasswordCredentialModel.PASSWORD_HISTORY)
                .map(PasswordHistoryKeeper::copy).forEach(snapshot::add);
        session.setAttribute(ATTRIBUTE + user.getId(), new Pending(mergedHistory - 1, snapshot));
    }

    /** After a password was stored in this request: writes back the history noted before. */
    public static void afterStore(KeycloakSession session, UserModel user) {
        Object noted = session.removeAttribute(ATTRIBUTE + user.getId());
        if (!(noted instanceof Pending pending)) {
            return;
        }
        List<CredentialModel> keep = pending.snapshot().stream()
                .filter(c -> c.getCreatedDate() != null)
                .sorted(Comparator.comparing(CredentialModel::getCreatedDate).reversed())
                .limit(pending.entries())
                .toList();
        List<String> current = user.credentialManager().getStoredCredentialsByTypeStream(PasswordCredentialModel.PASSWORD_HISTORY)
                .map(CredentialModel::getId).filter(Objects::nonNull).toList();
        current.forEach(id -> user.credentialManager().removeStoredCredentialById(id));
        for (CredentialModel old : keep) {
            CredentialModel entry = new CredentialModel();
            entry.setType(PasswordCredentialModel.PASSWORD_HISTORY);
            entry.setCreatedDate(old.getCreatedDate());
            entry.setSecretData(old.getSecretData());
            entry.setCredentialData(old.getCredentialData());
            user.credentialManager().createStoredCredential(entry);
        }
        LOG.debugf("user %s: password history kept with %d entries (merged policy)", user.getId(), keep.size());
    }

    /** How many passwords Keycloak itself remembers for the realm (the current one counts). */
    static int keptByKeycloak(PasswordPolicy policy) {
        if (policy.getPasswordAgeInDays() > 0) {
            // Keycloak then keeps history by age; a count-based history is left to it as well.
            return Integer.MAX_VALUE;
        }
        int history = policy.getExpiredPasswords();
        return history > 1 ? history : 1;
    }

    private static CredentialModel copy(CredentialModel c) {
        CredentialModel copy = new CredentialModel();
        copy.setCreatedDate(c.getCreatedDate());
        copy.setSecretData(c.getSecretData());
        copy.setCredentialData(c.getCredentialData());
        return copy;
    }
}
