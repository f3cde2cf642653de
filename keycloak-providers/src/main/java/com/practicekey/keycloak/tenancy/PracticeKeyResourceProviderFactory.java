package com.practicekey.keycloak.tenancy;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Registers PracticeKey's HTTP API under {@code /realms/{realm}/practicekey} (contract section 4).
 * The id is the path segment, so it is fixed by the contract.
 */
public class PracticeKeyResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String PROVIDER_ID = "practicekey";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new PracticeKeyResourceProvider(session);
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
