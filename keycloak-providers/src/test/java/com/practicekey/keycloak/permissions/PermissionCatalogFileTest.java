package com.practicekey.keycloak.permissions;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PermissionCatalogFileTest {

    @Test
    void the_bundled_catalog_is_the_realm_config_file() throws IOException {
        try (InputStream file = Files.newInputStream(PermissionsJsonTest.FILE)) {
            assertThat(PermissionCatalogFile.bundled()).isEqualTo(PermissionCatalogFile.read(file));
        }
        assertThat(PermissionCatalogFile.bundled().names()).contains("clinical.note.sign", "billing.claim.submit");
    }

    @Test
    void a_document_of_another_shape_is_refused() {
        assertThatThrownBy(() -> read("{\"names\": []}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> read("{\"permissions\": [{\"description\": \"x\"}]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> read("{\"permissions\": [{\"name\": \"Bad Name\"}]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Bad Name");
    }

    private static PermissionCatalog read(String json) throws IOException {
        return PermissionCatalogFile.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
}
