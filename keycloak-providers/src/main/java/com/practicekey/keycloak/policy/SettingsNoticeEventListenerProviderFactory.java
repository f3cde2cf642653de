package com.practicekey.keycloak.policy;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Notices for tenant settings changed outside PracticeKey's API (a realm admin editing an
 * organization's attributes in the admin console or through the admin REST API). Listed in the
 * realm's {@code eventsListeners} as {@code practicekey-settings-notices}.
 */
public class SettingsNoticeEventListenerProviderFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "practicekey-settings-notices";

    private KeycloakSessionFactory sessionFactory;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new SettingsNoticeEventListenerProvider(session, sessionFactory);
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        this.sessionFactory = factory;
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
