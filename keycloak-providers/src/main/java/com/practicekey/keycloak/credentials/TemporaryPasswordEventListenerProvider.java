package com.practicekey.keycloak.credentials;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.Optional;

/**
 * Makes every password an administrator sets through Keycloak's admin REST API temporary,
 * whatever the caller asked (see {@link TemporaryPasswordEventListenerProviderFactory}). Runs
 * inside the request's transaction, after Keycloak has applied the request, so what it changes
 * is committed with it.
 */
public class TemporaryPasswordEventListenerProvider implements EventListenerProvider {

    private static final Logger LOG = Logger.getLogger(TemporaryPasswordEventListenerProvider.class);

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
        switch (found.get().kind()) {
            case RESET -> TemporaryPasswords.setByThirdParty(session, realm, user, how);
            case USER_WRITE -> {
                Optional<Long> created = TemporaryPasswords.passwordCreated(user);
                if (created.isPresent() && created.get() >= requestStart) {
                    TemporaryPasswords.setByThirdParty(session, realm, user, how);
                } else if (TemporaryPasswords.holdsTemporary(user) && user.getRequiredActionsStream()
                        .noneMatch(UserModel.RequiredAction.UPDATE_PASSWORD.name()::equals)) {
                    // A realm administrator removed UPDATE_PASSWORD explicitly (admin event UPDATE,
                    // recorded with the actor): the password is no longer treated as temporary.
                    TemporaryPasswords.forget(user);
                    LOG.debugf("user %s: UPDATE_PASSWORD removed by realm administrator %s; temporary mark dropped",
                            user.getId(), event.getAuthDetails() == null ? null : event.getAuthDetails().getUserId());
                }
            }
        }
    }

    @Override
    public void close() {
    }
}
