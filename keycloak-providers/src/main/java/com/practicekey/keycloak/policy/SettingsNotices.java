package com.practicekey.keycloak.policy;

import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailSenderProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.util.List;
import java.util.Map;

/**
 * Keycloak adapter that mails a {@link SettingsNotice} to the tenant's contact with the realm's
 * SMTP settings, only after the change is committed. A mail failure is logged and never undoes
 * the change.
 */
public final class SettingsNotices {

    private static final Logger LOG = Logger.getLogger(SettingsNotices.class);

    private SettingsNotices() {
    }

    /** Schedules the notice for after the commit; nothing when nothing changed or there is no contact. */
    public static void afterCommit(KeycloakSession session, RealmModel realm, String tenantAlias, SettingsNotice notice,
                                   Map<String, List<String>> before, Map<String, List<String>> after) {
        if (notice.changes().isEmpty()) {
            return;
        }
        String contact = contact(after);
        if (contact == null) {
            contact = contact(before);
        }
        if (contact == null) {
            LOG.debugf("tenant %s settings changed; no contactEmail, no notice", tenantAlias);
            return;
        }
        Map<String, String> smtp = realm.getSmtpConfig();
        String to = contact;
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                try {
                    session.getProvider(EmailSenderProvider.class).send(smtp, to, notice.subject(), notice.text(), null);
                    LOG.debugf("tenant %s settings notice sent", tenantAlias);
                } catch (EmailException | RuntimeException e) {
                    LOG.warnf("tenant %s settings changed, but the notice could not be mailed: %s", tenantAlias, e.getMessage());
                }
            }

            @Override
            protected void rollbackImpl() {
                // The change was not committed: no notice.
            }
        });
    }

    private static String contact(Map<String, List<String>> attrs) {
        List<String> v = attrs == null ? null : attrs.get(TenantSettings.CONTACT_EMAIL);
        return v == null || v.isEmpty() || !TenantSettings.isEmailAddress(v.get(0)) ? null : v.get(0);
    }
}
