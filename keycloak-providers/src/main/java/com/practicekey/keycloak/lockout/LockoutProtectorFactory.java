package com.practicekey.keycloak.lockout;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.services.managers.BruteForceProtectorFactory;

/**
 * Registers {@link LockoutProtector} as brute-force protector {@value #PROVIDER_ID}. It
 * replaces the built-in one, selected with
 * {@code --spi-brute-force-protector--provider=practicekey-lockout}. Creates the lock table
 * once the database is migrated.
 */
public class LockoutProtectorFactory implements BruteForceProtectorFactory {

    public static final String PROVIDER_ID = "practicekey-lockout";

    @Override
    public BruteForceProtector create(KeycloakSession session) {
        return new LockoutProtector(session);
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                LockStore.ensureSchema(factory);
            }
        });
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
