package com.practicekey.keycloak.policy;

import com.practicekey.keycloak.tenancy.ApiCall;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.OrganizationProvider;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * On an organization update by a realm admin, compares the tenant settings with the committed
 * ones (read in a transaction of its own, which does not see this request's uncommitted change)
 * and schedules the notice. PracticeKey's own settings API sends its notices itself; its admin
 * events carry the {@code practicekey.tenant} detail and are skipped here.
 */
public class SettingsNoticeEventListenerProvider implements EventListenerProvider {

    private final KeycloakSession session;
    private final KeycloakSessionFactory sessionFactory;

    public SettingsNoticeEventListenerProvider(KeycloakSession session, KeycloakSessionFactory sessionFactory) {
        this.session = session;
        this.sessionFactory = sessionFactory;
    }

    @Override
    public void onEvent(Event event) {
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getResourceType() != ResourceType.ORGANIZATION || event.getOperationType() != OperationType.UPDATE
                || (event.getDetails() != null && event.getDetails().containsKey(ApiCall.TENANT_DETAIL))) {
            return;
        }
        String path = event.getResourcePath();
        if (path == null || !path.startsWith("organizations/")) {
            return;
        }
        String orgId = path.substring("organizations/".length()).split("/")[0];
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        OrganizationModel org = session.getProvider(OrganizationProvider.class).getById(orgId);
        if (realm == null || org == null) {
            return;
        }
        Map<String, List<String>> after = new HashMap<>(org.getAttributes());
        Map<String, List<String>> before = committedAttributes(realm.getId(), orgId);
        List<SettingsNotice.Change> changes = SettingsNotice.diff(before, after);
        if (!changes.isEmpty()) {
            SettingsNotice notice = new SettingsNotice(org.getName(), changes, actor(event), Instant.ofEpochMilli(event.getTime()));
            SettingsNotices.afterCommit(session, realm, org.getAlias(), notice, before, after);
        }
    }

    private Map<String, List<String>> committedAttributes(String realmId, String orgId) {
        AtomicReference<Map<String, List<String>>> result = new AtomicReference<>(Map.of());
        KeycloakModelUtils.runJobInTransaction(sessionFactory, s -> {
            RealmModel realm = s.realms().getRealm(realmId);
            s.getContext().setRealm(realm);
            OrganizationModel org = s.getProvider(OrganizationProvider.class).getById(orgId);
            if (org != null) {
                result.set(new HashMap<>(org.getAttributes()));
            }
        });
        return result.get();
    }

    private String actor(AdminEvent event) {
        if (event.getAuthDetails() == null) {
            return "an administrator";
        }
        RealmModel authRealm = session.realms().getRealm(event.getAuthDetails().getRealmId());
        UserModel user = authRealm == null ? null : session.users().getUserById(authRealm, event.getAuthDetails().getUserId());
        return user == null ? "an administrator" : user.getUsername() + " (realm " + authRealm.getName() + ")";
    }

    @Override
    public void close() {
    }
}
