package com.practicekey.stack;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads {@code realm-config/demo/demo-data.json} through the admin REST API: clients, tenants
 * with their roles (organization groups), users with their memberships. A user's password is
 * chosen by the user ({@link OwnPasswordChange}) after the admin set a temporary one, as for any
 * user: PracticeKey lets no administrator make a password permanent. Idempotent: whatever exists
 * already is left as it is, so a restart keeps the data (and any changes made to it).
 */
public final class DemoData {

    private DemoData() {
    }

    public record Summary(int tenantsCreated, int usersCreated) {
    }

    public static Summary load(KeycloakAdmin admin, String realm) {
        JsonNode demo;
        try (InputStream in = KeycloakStack.resource("practicekey/demo/demo-data.json")) {
            demo = Http.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (JsonNode c : demo.path("clients")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> client = Http.JSON.convertValue(c, Map.class);
            admin.createClientIfMissing(realm, client);
        }
        int tenantsCreated = 0;
        Map<String, String> orgIds = new HashMap<>();
        for (JsonNode t : demo.path("tenants")) {
            String alias = t.get("alias").asText();
            JsonNode existing = admin.findTenant(realm, alias);
            String orgId;
            if (existing != null) {
                orgId = existing.get("id").asText();
            } else {
                orgId = admin.createTenant(realm, alias, t.get("name").asText(), attributes(t.path("attributes")));
                tenantsCreated++;
            }
            orgIds.put(alias, orgId);
            for (JsonNode role : t.path("roles")) {
                String name = role.get("name").asText();
                if (admin.findTenantGroup(realm, orgId, name) == null) {
                    admin.createTenantGroup(realm, orgId, name, strings(role.path("allow")), strings(role.path("deny")));
                }
            }
        }
        int usersCreated = 0;
        for (JsonNode u : demo.path("users")) {
            String email = u.get("email").asText();
            if (admin.findUserByEmail(realm, email) != null) {
                continue;
            }
            // The admin sets a random temporary password; the user chooses theirs once in their practices (below).
            String id = admin.createUser(realm, email, u.path("firstName").asText(), u.path("lastName").asText());
            String temporary = OwnPasswordChange.randomTemporaryPassword();
            admin.resetPassword(realm, id, temporary, true);
            usersCreated++;
            for (JsonNode role : u.path("realmRoles")) {
                admin.grantRealmRole(realm, id, role.asText());
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = u.path("tenants").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> m = it.next();
                String orgId = orgIds.get(m.getKey());
                if (orgId == null) {
                    throw new IllegalStateException("demo user " + email + " names unknown tenant " + m.getKey());
                }
                admin.addMember(realm, orgId, id);
                for (JsonNode role : m.getValue()) {
                    String groupId = admin.findTenantGroup(realm, orgId, role.asText());
                    if (groupId == null) {
                        throw new IllegalStateException("demo user " + email + " names unknown role " + role.asText()
                                + " of tenant " + m.getKey());
                    }
                    admin.addTenantGroupMember(realm, orgId, groupId, id);
                }
            }
            // As the user, on Keycloak's login pages: checked against the merged policy of their practices.
            OwnPasswordChange.choose(admin.base(), realm, email, temporary, u.path("password").asText());
        }
        return new Summary(tenantsCreated, usersCreated);
    }

    private static Map<String, List<String>> attributes(JsonNode node) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), strings(e.getValue())));
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
