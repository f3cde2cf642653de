package com.practicekey.stack.junit;

import com.fasterxml.jackson.databind.JsonNode;
import com.practicekey.stack.Http;
import com.practicekey.stack.junit.PracticeKeyServer.Tenant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An app's FHIR import (apps/README.md "FHIR import") as its tests call and check it: posts
 * bundles to {@code /api/fhir/import} of the app running at {@code app}, reads what a practice
 * has in the app's database {@code database} (as the database owner, filtered by practice_id),
 * and checks what holds for the import of every app (matching, permission, practice isolation).
 */
public final class FhirImports {

    private final PracticeKeyServer kc;
    private final String app;
    private final String database;

    /** {@code app}: the app's base URL, e.g. {@code http://127.0.0.1:8081}. */
    public FhirImports(PracticeKeyServer kc, URI app, String database) {
        this.kc = kc;
        this.app = app.toString().replaceAll("/+$", "");
        this.database = database;
    }

    public URI url(String path) {
        return URI.create(app + path);
    }

    /** POST of the bundle (maps, or JSON text) as {@code application/fhir+json}. */
    public Http.Response importBundle(String token, Object bundle) {
        return importBody(token, Http.toJson(bundle), "application/fhir+json");
    }

    public Http.Response importBody(String token, String body, String contentType) {
        return Http.send(HttpRequest.newBuilder(url("/api/fhir/import")).timeout(Duration.ofSeconds(120))
                .header("Content-Type", contentType).header("Accept", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** The import answer (200 expected) for a bundle file, such as one of the Synthea sample. */
    public JsonNode importFile(String token, Path file) {
        try {
            return Http.send(HttpRequest.newBuilder(url("/api/fhir/import")).timeout(Duration.ofMinutes(5))
                    .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(file))).build()).expect(200).json();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Http.Response get(String path, String token) {
        return Http.send("GET", url(path), token, null);
    }

    /** {@code GET /api/fhir/Patient/{id}}: its FHIR JSON (200 and {@code application/fhir+json} expected). */
    public String fhirPatient(String id, String token) {
        Http.Response r = get("/api/fhir/Patient/" + id, token).expect(200);
        assertTrue(r.header("Content-Type").startsWith("application/fhir+json"), r.header("Content-Type"));
        return r.body();
    }

    /**
     * Imports {@code bundle} twice into the practice {@code t} of {@code token}: the second import
     * creates nothing, updates what the first created, ignores the same, and adds no row to
     * {@code tables}.
     */
    public void assertSecondImportCreatesNothing(String token, Tenant t, Object bundle, List<String> tables) {
        JsonNode first = importBundle(token, bundle).expect(200).json();
        Map<String, Long> after = rows(t, tables);
        JsonNode second = importBundle(token, bundle).expect(200).json();
        assertEquals(Map.of(), counts(second.get("created")), "created on the second import");
        assertEquals(counts(first.get("created")), counts(second.get("updated")), "updated on the second import");
        assertEquals(counts(first.get("ignored")), counts(second.get("ignored")), "ignored on the second import");
        assertEquals(after, rows(t, tables), "no new rows");
    }

    /** A caller without {@code permission} gets 403 naming it, and nothing is imported. */
    public void assertImportRefused(String token, Object bundle, String permission) {
        Http.Response r = importBundle(token, bundle);
        assertEquals(403, r.status(), r.body());
        assertTrue(r.json().get("message").asText().contains(permission), r.body());
        assertEquals(0, get("/api/patients", token).expect(200).json().get("total").asLong());
    }

    /**
     * {@code bundle} (with one patient named {@code family}) imported by members of two practices:
     * neither reads the other's patient (404), and in the second practice the same bundle creates
     * new records (matching is per practice).
     */
    public void assertPracticesApart(String tokenA, String tokenB, Object bundle, String family) {
        importBundle(tokenA, bundle).expect(200);
        String id = patientId(tokenA, family);
        assertEquals(404, get("/api/fhir/Patient/" + id, tokenB).status());
        assertEquals(404, get("/api/patients/" + id, tokenB).status());
        JsonNode inB = importBundle(tokenB, bundle).expect(200).json();
        assertEquals(1, counts(inB.get("created")).get("Patient"));
        assertEquals(Map.of(), counts(inB.get("updated")));
        String idB = patientId(tokenB, family);
        assertNotEquals(id, idB);
        assertEquals(404, get("/api/fhir/Patient/" + idB, tokenA).status());
    }

    /** The id of the one patient {@code /api/patients?name=family} finds. */
    public String patientId(String token, String family) {
        JsonNode list = get("/api/patients?name=" + family, token).expect(200).json();
        assertEquals(1, list.get("total").asLong(), "one patient " + family);
        return list.get("items").get(0).get("id").asText();
    }

    /** An answer's {@code created}, {@code updated} or {@code ignored}: count by resource type. */
    public static Map<String, Integer> counts(JsonNode node) {
        Map<String, Integer> m = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asInt()));
        return m;
    }

    /** Rows of each table in the practice. */
    public Map<String, Long> rows(Tenant t, List<String> tables) {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = kc.database().connect(database)) {
            for (String table : tables) {
                out.put(table, count(c, t, "SELECT count(*) FROM " + table + " WHERE practice_id = ?"));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** The count {@code sql} answers, its one parameter the practice. */
    public long count(Tenant t, String sql) {
        try (Connection c = kc.database().connect(database)) {
            return count(c, t, sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(Connection c, Tenant t, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, t.alias());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The references the practice's imports kept ({@code fhir_reference}), as "ResourceType path reference", sorted. */
    public List<String> keptReferences(Tenant t) {
        List<String> kept = new ArrayList<>();
        try (Connection c = kc.database().connect(database);
             PreparedStatement s = c.prepareStatement("SELECT resource_type || ' ' || path || ' ' || reference FROM fhir_reference "
                     + "WHERE practice_id = ? ORDER BY 1")) {
            s.setString(1, t.alias());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    kept.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return kept;
    }
}
