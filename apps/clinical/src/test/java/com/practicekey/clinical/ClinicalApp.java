package com.practicekey.clinical;

import com.fasterxml.jackson.databind.JsonNode;
import com.practicekey.stack.Http;
import com.practicekey.stack.KeycloakStack;
import com.practicekey.stack.junit.PracticeKeyServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The clinical app started in the test JVM against the fixture's Keycloak and PostgreSQL. */
final class ClinicalApp {

    static final String DB = "clinical_test";
    static final String ROLE = "clinical_app";
    static final String ROLE_PASSWORD = "clinical-test-only";

    private ClinicalApp() {
    }

    static EmbeddedServer start(PracticeKeyServer kc) {
        return start(kc, Map.of());
    }

    /** With further settings (they override the defaults here). */
    static EmbeddedServer start(PracticeKeyServer kc, Map<String, Object> settings) {
        String url = kc.database().createAppDatabase(DB, ROLE, ROLE_PASSWORD);
        Map<String, Object> p = new HashMap<>();
        p.put("micronaut.server.port", -1);
        p.put("datasources.default.url", url);
        p.put("datasources.default.username", ROLE);
        p.put("datasources.default.password", ROLE_PASSWORD);
        p.put("practicekey.security.issuer", kc.realmUrl("").toString());
        p.put("practicekey.security.leeway", "1s");
        p.put("practicekey.security.jwks-min-refresh-interval", "2s");
        p.putAll(settings);
        return ApplicationContext.run(EmbeddedServer.class, p);
    }

    static URI url(EmbeddedServer app, String path) {
        return URI.create("http://127.0.0.1:" + app.getPort() + path);
    }

    /** Every clinical permission of the catalog (realm-config/permissions.json). */
    static List<String> allClinicalPermissions() {
        try (InputStream in = KeycloakStack.resource("practicekey/permissions.json")) {
            List<String> names = new ArrayList<>();
            for (JsonNode p : Http.JSON.readTree(in).get("permissions")) {
                String name = p.get("name").asText();
                if (name.startsWith("clinical.")) {
                    names.add(name);
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
