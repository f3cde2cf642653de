package com.practicekey.keycloak.permissions;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PermissionCatalogTest {

    @Test
    void namesAreSortedAndImmutable() {
        PermissionCatalog catalog = PermissionCatalog.of(List.of("clinical.note.sign", "billing.import", "clinical.import"));
        assertThat(catalog.names()).containsExactly("billing.import", "clinical.import", "clinical.note.sign");
        assertThatThrownBy(() -> catalog.names().add("x.y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsMalformedAndDuplicatedNamesNamingThemAll() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PermissionCatalog.of(Arrays.asList("clinical.*", "a.b", "Bad", null, "a.b")))
                .withMessageContaining("\"clinical.*\"")
                .withMessageContaining("\"Bad\"")
                .withMessageContaining("null")
                .withMessageContaining("duplicated names [a.b]");
    }

    @Test
    void matchingListsTheMatchedNames() {
        PermissionCatalog catalog = PermissionCatalog.of(List.of("clinical.note.read", "clinical.note.sign", "clinical.import"));
        assertThat(catalog.matching(PermissionPattern.parse("clinical.note.*").orElseThrow()))
                .containsExactly("clinical.note.read", "clinical.note.sign");
        assertThat(catalog.contains("clinical.import")).isTrue();
        assertThat(catalog.contains("clinical.*")).isFalse();
    }
}
