package com.practicekey.keycloak.credentials;

import org.keycloak.common.util.Time;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Makes every password an administrator sets through Keycloak's admin REST API temporary,
 * whatever the caller asked, and keeps UPDATE_PASSWORD on a user whose password is still such a
 * temporary one when an administrator removes it (see {@link PendingPasswordChange} and
 * {@link TemporaryPasswordEventListenerProviderFactory}). Runs inside the request's transaction,
 * after Keycloak has applied the request and before it commits (Keycloak 26.7's
 * {@code UserResource.updateUser} and partial import send their admin events first), so what it
 * changes is committed with it.
 */
public class TemporaryPasswordEventListenerProvider implements EventListenerProvider {

    /** Admin event detail naming what PracticeKey did (shared with PracticeKey's own API events). */
    public static final String OUTCOME_DETAIL = "practicekey.outcome";
    /** Outcome of the admin event stored when an administrator's removal of UPDATE_PASSWORD was undone. */
    public static final String UPDATE_PASSWORD_KEPT = "update-password-kept";

    private final KeycloakSession session;
    /**
     * Keycloak creates the admin event listeners when the request's admin event builder is made,
     * before the request changes anything: a stored password created at or after this instant
     * was set by this request.
     */
    private final long requestStart;

    public TemporaryPasswordEventListenerProvider(KeycloakSession session) {
        this.session = session;
        this.requestStart = Time.currentTimeMillis();
    }

    @Override
    public void onEvent(Event event) {
        if (event.getUserId() == null || event.getError() != null) {
            return;
        }
        if (event.getType() == EventType.UPDATE_PASSWORD || event.getType() == EventType.UPDATE_CREDENTIAL
                || event.getType() == EventType.RESET_PASSWORD) {
            RealmModel realm = session.realms().getRealm(event.getRealmId());
            UserModel user = realm == null ? null : session.users().getUserById(realm, event.getUserId());
            if (user != null) {
                TemporaryPasswords.forgetIfReplaced(user);
            }
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getError() != null || event.getOperationType() == null) {
            return;
        }
        Optional<ThirdPartyPasswordEvent> found = ThirdPartyPasswordEvent.classify(
                event.getOperationType().name(), event.getResourceTypeAsString(), event.getResourcePath());
        if (found.isEmpty()) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        UserModel user = realm == null ? null : session.users().getUserById(realm, found.get().userId());
        if (user == null) {
            return;
        }
        String how = event.getOperationType() + " " + event.getResourcePath();
        Optional<Long> created = TemporaryPasswords.passwordCreated(user);
        boolean setInRequest = created.isPresent() && created.get() >= requestStart;
        switch (PendingPasswordChange.afterAdminWrite(found.get().kind(), setInRequest,
                TemporaryPasswords.holdsTemporary(user), TemporaryPasswords.holdsUpdatePassword(user))) {
            case MARK_TEMPORARY -> TemporaryPasswords.setByThirdParty(session, realm, user, how);
            case RESTORE_ACTION -> {
                String actor = event.getAuthDetails() == null ? null : event.getAuthDetails().getUserId();
                TemporaryPasswords.restoreUpdatePassword(user, how + " by " + actor);
                recordRestore(event, realm, user);
            }
            case NONE -> {
            }
        }
    }

    /**
     * Stores an admin event saying that UPDATE_PASSWORD was required again, right after the
     * request's own event (same actor, same transaction), when the realm stores admin events.
     * Ids and the cause only: no representation.
     */
    private void recordRestore(AdminEvent cause, RealmModel realm, UserModel user) {
        if (!realm.isAdminEventsEnabled()) {
            return;
        }
        EventStoreProvider store = session.getProvider(EventStoreProvider.class);
        if (store == null) {
            return;
        }
        AdminEvent kept = new AdminEvent(cause);
        kept.setId(UUID.randomUUID().toString());
        kept.setTime(Time.currentTimeMillis());
        kept.setOperationType(OperationType.ACTION);
        kept.setResourceType(ResourceType.USER);
        kept.setResourcePath("users/" + user.getId());
        kept.setRepresentation(null);
        kept.setError(null);
        Map<String, String> details = new HashMap<>();
        details.put(OUTCOME_DETAIL, UPDATE_PASSWORD_KEPT);
        details.put("practicekey.cause", cause.getOperationType() + " " + cause.getResourcePath());
        kept.setDetails(details);
        store.onEvent(kept, false);
    }

    @Override
    public void close() {
    }
}
