package com.practicekey.keycloak.tenancy;

import com.practicekey.keycloak.lockout.LockoutApi;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The root of PracticeKey's realm API ({@code /realms/{realm}/practicekey}, contract section 4).
 * Every endpoint needs a bearer access token of a user of this realm ({@link ApiCall}); each
 * capability adds its endpoints here as a sub-resource locator to a class in its own package.
 */
public class PracticeKeyResource {

    private final KeycloakSession session;

    public PracticeKeyResource(KeycloakSession session) {
        this.session = session;
    }

    /**
     * The caller's effective password policy: each rule with what requires it. Until the tenant
     * merge is wired in, the only source is the realm's own policy.
     */
    @GET
    @Path("me/policy")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> myPolicy() {
        UserModel user = ApiCall.authenticate(session).caller();
        RealmModel realm = session.getContext().getRealm();
        PasswordPolicy policy = realm.getPasswordPolicy();
        List<Map<String, Object>> rules = new ArrayList<>();
        for (String id : new TreeSet<>(policy.getPolicies())) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("rule", id);
            Object value = policy.getPolicyConfig(id);
            rule.put("value", value == null ? null : String.valueOf(value));
            rule.put("requiredBy", List.of(Map.of("type", "realm", "name", realm.getName())));
            rules.add(rule);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", user.getId());
        body.put("policy", policy.toString());
        body.put("rules", rules);
        return body;
    }

    // ---- lockout (package lockout) ----

    @GET
    @Path("tenants/{tenant}/users")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> tenantUsers(@PathParam("tenant") String tenant) {
        return new LockoutApi(session).members(tenant);
    }

    @GET
    @Path("tenants/{tenant}/users/{userId}/lock")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> lockStatus(@PathParam("tenant") String tenant, @PathParam("userId") String userId) {
        return new LockoutApi(session).lockStatus(tenant, userId);
    }

    @POST
    @Path("tenants/{tenant}/users/{userId}/lock")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response lock(@PathParam("tenant") String tenant, @PathParam("userId") String userId, Map<String, Object> body) {
        return new LockoutApi(session).lock(tenant, userId, body);
    }

    @POST
    @Path("tenants/{tenant}/users/{userId}/unlock")
    @Produces(MediaType.APPLICATION_JSON)
    public Response unlock(@PathParam("tenant") String tenant, @PathParam("userId") String userId) {
        return new LockoutApi(session).unlock(tenant, userId);
    }
}
