package com.practicekey.keycloak.audit;

import org.jboss.logging.Logger;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;

/** Logs who did what to whom, by id only (see {@link AuditEventListenerProviderFactory}). */
public class AuditEventListenerProvider implements EventListenerProvider {

    private static final Logger LOG = Logger.getLogger("com.practicekey.audit");

    @Override
    public void onEvent(Event event) {
        if (LOG.isDebugEnabled()) {
            LOG.debugf("event type=%s realm=%s client=%s user=%s error=%s",
                    event.getType(), event.getRealmName(), event.getClientId(), event.getUserId(), event.getError());
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (LOG.isDebugEnabled()) {
            LOG.debugf("admin-event operation=%s resource=%s path=%s realm=%s actor=%s",
                    event.getOperationType(), event.getResourceTypeAsString(), event.getResourcePath(),
                    event.getRealmName(), event.getAuthDetails() == null ? null : event.getAuthDetails().getUserId());
        }
    }

    @Override
    public void close() {
    }
}
