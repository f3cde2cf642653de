package com.practicekey.keycloak.tenancy;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

/** Thin adapter: hands each request to {@link PracticeKeyResource}. */
public class PracticeKeyResourceProvider implements RealmResourceProvider {

    private final KeycloakSession session;

    public PracticeKeyResourceProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Object getResource() {
        return new PracticeKeyResource(session);
    }

    @Override
    public void close() {
    }
}
