package com.practicekey.keycloak.permissions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the permission catalog file ({@code realm-config/permissions.json}). The provider jar
 * carries a build-time copy of that one file as {@value #RESOURCE}, so the server always
 * grants from the catalog it was built with.
 */
public final class PermissionCatalogFile {

    public static final String RESOURCE = "practicekey/permissions.json";

    private PermissionCatalogFile() {
    }

    /** The catalog packaged with the provider, read once. */
    public static PermissionCatalog bundled() {
        return Bundled.CATALOG;
    }

    /**
     * A catalog from {@code {"permissions": [{"name": "...", "description": "..."}, ...]}}.
     *
     * @throws IllegalArgumentException when the document is not of that shape or a name is malformed or repeated
     */
    public static PermissionCatalog read(InputStream json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        JsonNode entries = root == null ? null : root.get("permissions");
        if (entries == null || !entries.isArray()) {
            throw new IllegalArgumentException("a permission catalog is an object with an array 'permissions'");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode entry : entries) {
            JsonNode name = entry.get("name");
            if (name == null || !name.isTextual()) {
                throw new IllegalArgumentException("every catalog entry needs a text 'name': " + entry);
            }
            names.add(name.asText());
        }
        return PermissionCatalog.of(names);
    }

    private static final class Bundled {
        static final PermissionCatalog CATALOG = load();

        private static PermissionCatalog load() {
            try (InputStream in = PermissionCatalogFile.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the provider jar");
                }
                return read(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
        }
    }
}
