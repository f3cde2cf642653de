package com.practicekey.stack.junit;

import com.fasterxml.jackson.databind.JsonNode;
import com.practicekey.stack.Database;
import com.practicekey.stack.Http;
import com.practicekey.stack.KeycloakAdmin;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A running Keycloak with PracticeKey's providers and realm, shared by every test class of the
 * JVM. Tests isolate themselves by creating their own tenants and users with the helpers here.
 */
public abstract class PracticeKeyServer {

    public static final String REALM = "practicekey";
    /** A public client with direct access grants, created by the fixture for tests only. */
    public static final String TEST_CLIENT = "pk-test";
    /** Passes the realm's baseline policy; tests that need another password say so. */
    public static final String DEFAULT_PASSWORD = "Quiet-Meadow-Falcon-58";

    private volatile KeycloakAdmin admin;

    /** Plain HTTP base URL, for requests from tests. */
    public abstract URI baseUrl();

    /** The HTTPS listener, or {@code null} where the backend has none. */
    public abstract URI httpsUrl();

    /** The database behind Keycloak, or {@code null} where the backend keeps it out of reach. */
    public abstract Database database();

    public abstract String adminUser();

    public abstract String adminPassword();

    /** The last lines of the server log (printed when a test fails). */
    public abstract String logTail(int lines);

    /** Which backend runs the server: {@code distribution} or {@code container}. */
    public abstract String backend();

    /** Stops the server; safe to call more than once. */
    public abstract void stop();

    /** Whether {@link #restart()} keeps the database (the distribution backend does). */
    public abstract boolean canRestart();

    /**
     * Stops Keycloak and starts it again on the same database, ports and files, for tests of
     * what survives a restart. Other test classes of the JVM keep working afterwards.
     */
    public void restart() {
        restartKeycloak();
        admin = null;
    }

    protected abstract void restartKeycloak();

    public KeycloakAdmin admin() {
        if (admin == null) {
            admin = new KeycloakAdmin(baseUrl(), adminUser(), adminPassword());
        }
        return admin;
    }

    public URI realmUrl(String path) {
        return baseUrl().resolve("/realms/" + REALM + "/" + path);
    }

    /** A URL of PracticeKey's own API ({@code /realms/practicekey/practicekey/...}). */
    public URI apiUrl(String path) {
        return realmUrl("practicekey/" + path);
    }

    void prepareRealm() {
        admin().createClientIfMissing(REALM, Map.of(
                "clientId", TEST_CLIENT,
                "name", "PracticeKey tests",
                "enabled", true,
                "publicClient", true,
                "standardFlowEnabled", true,
                "directAccessGrantsEnabled", true,
                "redirectUris", List.of("http://localhost/*")));
    }

    // ---- helpers for tests ----

    public record Tenant(String id, String alias, String name) {
    }

    public record User(String id, String email, String password) {
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new tenant with a unique alias, the given attributes and its {@code admins} group. */
    public Tenant newTenant(String displayName, Map<String, List<String>> attributes) {
        String alias = unique("t");
        String id = admin().createTenant(REALM, alias, displayName, attributes);
        admin().createTenantGroup(REALM, id, "admins", List.of(), List.of());
        return new Tenant(id, alias, displayName);
    }

    /**
     * A new user whose username is a unique {@code .test} e-mail and who can sign in at once with
     * {@code password}: the realm admin sets a random temporary password and the user chooses
     * {@code password} through Keycloak's login pages
     * ({@link KeycloakAdmin#createUserWithOwnPassword}), so it must meet the realm's policy (the
     * user is in no practice yet). The user is left without required action or session.
     */
    public User newUser(String password) {
        String email = unique("user") + "@example.test";
        String id = admin().createUserWithOwnPassword(REALM, email, "Test", "User", password);
        return new User(id, email, password);
    }

    public User newUser() {
        return newUser(DEFAULT_PASSWORD);
    }

    public void addMember(Tenant tenant, User user, String... groups) {
        admin().addMember(REALM, tenant.id(), user.id());
        for (String group : groups) {
            String groupId = admin().findTenantGroup(REALM, tenant.id(), group);
            if (groupId == null) {
                groupId = admin().createTenantGroup(REALM, tenant.id(), group, List.of(), List.of());
            }
            admin().addTenantGroupMember(REALM, tenant.id(), groupId, user.id());
        }
    }

    /** The raw direct-grant answer for a user (status and body), through the test client. */
    public Http.Response passwordGrant(String username, String password) {
        return Http.form(realmUrl("protocol/openid-connect/token"), Map.of(
                "grant_type", "password", "client_id", TEST_CLIENT,
                "username", username, "password", password, "scope", "openid"));
    }

    /** An access token for the user; fails the test when none is issued. */
    public String accessToken(User user) {
        JsonNode t = passwordGrant(user.email(), user.password()).expect(200).json();
        return t.get("access_token").asText();
    }
}
