package com.practicekey.keycloak.permissions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written catalog {@code realm-config/permissions.json}. */
class PermissionsJsonTest {

    static final Path FILE = Path.of("..", "realm-config", "permissions.json");

    static JsonNode entries;
    static List<String> names;

    @BeforeAll
    static void read() throws IOException {
        JsonNode root = new ObjectMapper().readTree(FILE.toFile());
        assertThat(root.isObject()).isTrue();
        assertThat(root.fieldNames()).toIterable().containsExactly("permissions");
        entries = root.get("permissions");
        assertThat(entries.isArray()).isTrue();
        names = new ArrayList<>();
        entries.forEach(entry -> names.add(entry.path("name").asText(null)));
    }

    @Test
    void everyEntryIsAWellFormedNameWithADescription() {
        assertThat(entries).isNotEmpty().allSatisfy(entry -> {
            assertThat(entry.fieldNames()).toIterable().containsExactlyInAnyOrder("name", "description");
            assertThat(entry.get("name").isTextual()).isTrue();
            assertThat(PermissionPattern.isWellFormedName(entry.get("name").asText())).as(entry.toString()).isTrue();
            assertThat(entry.get("description").isTextual()).isTrue();
            assertThat(entry.get("description").asText()).as(entry.toString()).isNotBlank();
        });
    }

    @Test
    void namesAreUniqueAndBelongToAnApp() {
        assertThat(names).doesNotHaveDuplicates()
                .allMatch(name -> name.startsWith("clinical.") || name.startsWith("billing."));
        assertThat(PermissionCatalog.of(names).names()).hasSameSizeAs(names);
    }

    @Test
    void containsTheNamesTheContractAndIssuesRelyOn() {
        assertThat(names).contains(
                "clinical.audit.read", "billing.audit.read", "clinical.import", "billing.import",
                "clinical.note.read", "clinical.note.write", "clinical.note.sign", "clinical.note.amend");
    }

    @Test
    void everyResourceOfBothAppsCanBeRead() {
        for (String resource : List.of("patient", "encounter", "problem", "observation", "note", "procedure",
                "medication", "allergy", "audit")) {
            assertThat(names).contains("clinical." + resource + ".read");
        }
        for (String resource : List.of("coverage", "claim", "payment", "balance", "audit")) {
            assertThat(names).contains("billing." + resource + ".read");
        }
        assertThat(names).contains("billing.claim.write", "billing.claim.submit", "billing.claim.adjudicate",
                "billing.payment.write");
    }

    @Test
    void frontDeskGetsClinicalButNoNotePermission() {
        PermissionCatalog catalog = PermissionCatalog.of(names);
        PermissionEvaluation result = PermissionEvaluator.evaluate(catalog,
                List.of(new Role("Front Desk", List.of("clinical.*"), List.of("clinical.note.*"))));

        assertThat(result.withheld()).containsExactly(
                "clinical.note.amend", "clinical.note.read", "clinical.note.sign", "clinical.note.write");
        assertThat(result.granted()).contains("clinical.patient.read", "clinical.import", "clinical.audit.read")
                .allMatch(name -> name.startsWith("clinical.") && !name.startsWith("clinical.note."));
        assertThat(result.problems()).isEmpty();
    }
}
