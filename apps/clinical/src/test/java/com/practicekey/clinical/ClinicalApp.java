package com.practicekey.clinical;

import com.fasterxml.jackson.databind.JsonNode;
import com.practicekey.stack.Http;
import com.practicekey.stack.KeycloakStack;
import com.practicekey.stack.junit.PracticeKeyServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
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

    /** Keycloak's certificate as the HTTPS listener presents it, in a PEM file. */
    static Path serverCertificate(URI https) throws IOException {
        try {
            SSLContext any = SSLContext.getInstance("TLS");
            any.init(null, new TrustManager[]{new X509TrustManager() {
                public void checkClientTrusted(X509Certificate[] chain, String type) {
                }

                public void checkServerTrusted(X509Certificate[] chain, String type) {
                }

                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            try (SSLSocket socket = (SSLSocket) any.getSocketFactory().createSocket(https.getHost(), https.getPort())) {
                socket.startHandshake();
                java.security.cert.Certificate cert = socket.getSession().getPeerCertificates()[0];
                Path pem = Files.createTempFile("keycloak-", ".pem");
                Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(cert.getEncoded())
                        + "\n-----END CERTIFICATE-----\n");
                pem.toFile().deleteOnExit();
                return pem;
            }
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }
}
