package com.practicekey.keycloak.tenancy;

import com.practicekey.keycloak.credentials.PasswordResource;
import com.practicekey.keycloak.lockout.LockoutApi;
import com.practicekey.keycloak.permissions.PermissionsExplainer;
import com.practicekey.keycloak.policy.PolicyResource;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;

import java.util.Map;

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

    /** The caller's effective password policy: each rule with the realm and tenants requiring it. */
    @GET
    @Path("me/policy")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> myPolicy() {
        return new PolicyResource(session).myPolicy(ApiCall.authenticate(session));
    }

    /** A tenant's settings (admins of the tenant). */
    @GET
    @Path("tenants/{tenant}/policy")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> tenantPolicy(@PathParam("tenant") String tenant) {
        return new PolicyResource(session).tenantPolicy(ApiCall.authenticate(session), tenant);
    }

    /** Validates and replaces a tenant's settings (admins of the tenant). */
    @PUT
    @Path("tenants/{tenant}/policy")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> replaceTenantPolicy(@PathParam("tenant") String tenant, String body) {
        return new PolicyResource(session).replaceTenantPolicy(ApiCall.authenticate(session), tenant, body);
    }

    /** The caller's permissions in a practice, each with the roles that grant or deny it. */
    @GET
    @Path("me/permissions")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> myPermissions(@QueryParam("tenant") String tenant) {
        return PermissionsExplainer.mine(ApiCall.authenticate(session), tenant);
    }

    /** A member's permissions in the practice, for its admins. */
    @GET
    @Path("tenants/{tenant}/users/{userId}/permissions")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> memberPermissions(@PathParam("tenant") String tenant, @PathParam("userId") String userId) {
        return PermissionsExplainer.ofMember(ApiCall.authenticate(session), tenant, userId);
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
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response lock(@PathParam("tenant") String tenant, @PathParam("userId") String userId, String body) {
        return new LockoutApi(session).lock(tenant, userId, body);
    }

    @POST
    @Path("tenants/{tenant}/users/{userId}/unlock")
    @Produces(MediaType.APPLICATION_JSON)
    public Response unlock(@PathParam("tenant") String tenant, @PathParam("userId") String userId) {
        return new LockoutApi(session).unlock(tenant, userId);
    }

    // ---- credentials (package credentials) ----

    /** Sets a temporary password for a member (admins of the tenant; support for the tenant's admins). */
    @POST
    @Path("tenants/{tenant}/users/{userId}/password")
    @Consumes(MediaType.WILDCARD)
    public Response setPassword(@PathParam("tenant") String tenant, @PathParam("userId") String userId,
                                                   String body) {
        new PasswordResource(session).setTemporaryPassword(ApiCall.authenticate(session), tenant, userId, body);
        return Response.noContent().build();
    }
}
