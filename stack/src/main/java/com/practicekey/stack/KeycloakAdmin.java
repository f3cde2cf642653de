package com.practicekey.stack;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Keycloak admin REST API as the master realm's admin, for the fixture's helpers and the
 * demo loader. Plain HTTP calls; the token is renewed before it expires.
 */
public final class KeycloakAdmin {

    private final URI base;
    private final String user;
    private final String password;
    private String token;
    private Instant expires = Instant.EPOCH;

    public KeycloakAdmin(URI base, String user, String password) {
        this.base = base;
        this.user = user;
        this.password = password;
    }

    public URI base() {
        return base;
    }

    public synchronized String token() {
        if (token == null || Instant.now().isAfter(expires.minusSeconds(10))) {
            JsonNode t = Http.form(base.resolve("/realms/master/protocol/openid-connect/token"), Map.of(
                    "grant_type", "password", "client_id", "admin-cli",
                    "username", user, "password", password)).expect(200).json();
            token = t.get("access_token").asText();
            expires = Instant.now().plusSeconds(t.get("expires_in").asLong());
        }
        return token;
    }

    /** Any admin call: {@code path} is relative to {@code /admin/realms/}. */
    public Http.Response call(String method, String path, Object body) {
        return Http.send(method, base.resolve("/admin/realms/" + path), token(), body);
    }

    public Http.Response get(String path) {
        return call("GET", path, null);
    }

    /** POSTs and returns the id from the Location header of the 201 answer. */
    public String create(String path, Object body) {
        Http.Response r = call("POST", path, body).expect(201);
        String location = r.header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    // ---- tenants (organizations) ----

    public String createTenant(String realm, String alias, String name, Map<String, List<String>> attributes) {
        Map<String, Object> org = new LinkedHashMap<>();
        org.put("alias", alias);
        org.put("name", name);
        org.put("enabled", true);
        org.put("attributes", attributes == null ? Map.of() : attributes);
        org.put("domains", List.of(Map.of("name", alias + ".practice.test", "verified", false)));
        return create(realm + "/organizations", org);
    }

    public JsonNode findTenant(String realm, String alias) {
        // The search parameter matches names and domains, not aliases: filter the list instead.
        JsonNode found = get(realm + "/organizations?briefRepresentation=false&first=0&max=10000").expect(200).json();
        for (JsonNode o : found) {
            if (alias.equals(o.path("alias").asText())) {
                return o;
            }
        }
        return null;
    }

    public void updateTenantAttributes(String realm, String orgId, Map<String, List<String>> attributes) {
        JsonNode org = get(realm + "/organizations/" + orgId).expect(200).json();
        @SuppressWarnings("unchecked")
        Map<String, Object> rep = Http.JSON.convertValue(org, Map.class);
        rep.put("attributes", attributes);
        call("PUT", realm + "/organizations/" + orgId, rep).expect(204);
    }

    public void addMember(String realm, String orgId, String userId) {
        Http.Response r = call("POST", realm + "/organizations/" + orgId + "/members", userId);
        if (r.status() != 201 && r.status() != 409) {
            r.expect(201);
        }
    }

    /** A tenant role: an organization group with {@code allow}/{@code deny} attributes. */
    public String createTenantGroup(String realm, String orgId, String name, List<String> allow, List<String> deny) {
        Map<String, List<String>> attrs = new LinkedHashMap<>();
        if (allow != null && !allow.isEmpty()) {
            attrs.put("allow", allow);
        }
        if (deny != null && !deny.isEmpty()) {
            attrs.put("deny", deny);
        }
        return create(realm + "/organizations/" + orgId + "/groups", Map.of("name", name, "attributes", attrs));
    }

    public String findTenantGroup(String realm, String orgId, String name) {
        for (JsonNode g : get(realm + "/organizations/" + orgId + "/groups?search=" + Http.enc(name) + "&exact=true").expect(200).json()) {
            if (name.equals(g.path("name").asText())) {
                return g.get("id").asText();
            }
        }
        return null;
    }

    public void addTenantGroupMember(String realm, String orgId, String groupId, String userId) {
        call("PUT", realm + "/organizations/" + orgId + "/groups/" + groupId + "/members/" + userId, null).expect(204);
    }

    // ---- users ----

    /** Creates an enabled user whose username is the e-mail (marked verified), without a password. */
    public String createUser(String realm, String email, String firstName, String lastName) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", email);
        user.put("email", email);
        user.put("emailVerified", true);
        user.put("firstName", firstName);
        user.put("lastName", lastName);
        user.put("enabled", true);
        return create(realm + "/users", user);
    }

    /**
     * A user who can sign in at once with {@code password}, made honestly: PracticeKey makes every
     * password a third party sets temporary and lets no administrator take UPDATE_PASSWORD away,
     * so this administrator sets a random temporary password and the user then chooses
     * {@code password} on Keycloak's own pages ({@link OwnPasswordChange}). The password must meet
     * the user's merged policy at that moment (the realm's alone for a user of no practice yet).
     */
    public String createUserWithOwnPassword(String realm, String email, String firstName, String lastName, String password) {
        String id = createUser(realm, email, firstName, lastName);
        String temporary = OwnPasswordChange.randomTemporaryPassword();
        resetPassword(realm, id, temporary, true);
        OwnPasswordChange.choose(base, realm, email, temporary, password);
        return id;
    }

    public void resetPassword(String realm, String userId, String password, boolean temporary) {
        call("PUT", realm + "/users/" + userId + "/reset-password",
                Map.of("type", "password", "value", password, "temporary", temporary)).expect(204);
    }

    public String findUserByEmail(String realm, String email) {
        for (JsonNode u : get(realm + "/users?exact=true&email=" + Http.enc(email)).expect(200).json()) {
            return u.get("id").asText();
        }
        return null;
    }

    public void grantRealmRole(String realm, String userId, String role) {
        JsonNode rep = get(realm + "/roles/" + Http.enc(role)).expect(200).json();
        call("POST", realm + "/users/" + userId + "/role-mappings/realm", List.of(rep)).expect(204);
    }

    // ---- clients ----

    public String createClientIfMissing(String realm, Map<String, Object> client) {
        String clientId = (String) client.get("clientId");
        JsonNode found = get(realm + "/clients?clientId=" + Http.enc(clientId)).expect(200).json();
        if (found.size() > 0) {
            return found.get(0).get("id").asText();
        }
        return create(realm + "/clients", client);
    }
}
