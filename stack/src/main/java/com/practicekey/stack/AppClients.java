package com.practicekey.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;

/**
 * Points an app's client in the realm at the address the app really has in this stack. The
 * realm file registers {@code clinical-app} and {@code billing-app} with a {@code rootUrl} of
 * {@code http://localhost:8081} / {@code :8082} and redirect and post-logout URIs relative to
 * it, and Keycloak imports the realm only once; so {@code ./devstack} sets the {@code rootUrl}
 * from {@code PK_CLINICAL_PORT} / {@code PK_BILLING_PORT} on every start, and gives the app the
 * same address as its public URL ({@link AppProcess}).
 */
public final class AppClients {

    private AppClients() {
    }

    /** Sets the client's {@code rootUrl} to {@code publicUrl}; {@code true} when it changed. */
    public static boolean pointAt(KeycloakAdmin admin, String realm, String clientId, URI publicUrl) {
        JsonNode found = admin.get(realm + "/clients?clientId=" + Http.enc(clientId)).expect(200).json();
        if (found.isEmpty()) {
            throw new IllegalStateException("the realm has no client " + clientId);
        }
        String id = found.get(0).get("id").asText();
        ObjectNode client = (ObjectNode) admin.get(realm + "/clients/" + id).expect(200).json();
        String root = publicUrl.toString();
        if (root.equals(client.path("rootUrl").asText())) {
            return false;
        }
        client.put("rootUrl", root);
        admin.call("PUT", realm + "/clients/" + id, client).expect(204);
        return true;
    }
}
