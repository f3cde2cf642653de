package com.practicekey.keycloak.policy;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SettingsNoticeTest {

    @Test
    void lists_each_changed_setting_before_and_after_and_ignores_other_attributes() {
        Map<String, List<String>> before = Map.of("passwordPolicy", List.of("length(10)"), "lockoutMaxFailures", List.of("5"),
                "contactEmail", List.of("it@lakeside.test"), "colour", List.of("blue"));
        Map<String, List<String>> after = Map.of("passwordPolicy", List.of("length(14)"), "lockoutMaxFailures", List.of("5"),
                "idleTimeoutMinutes", List.of("10"), "contactEmail", List.of("it@lakeside.test"), "colour", List.of("red"));

        List<SettingsNotice.Change> changes = SettingsNotice.diff(before, after);

        assertThat(changes).containsExactly(
                new SettingsNotice.Change("passwordPolicy", "length(10)", "length(14)"),
                new SettingsNotice.Change("idleTimeoutMinutes", null, "10"));
    }

    @Test
    void no_change_no_lines() {
        Map<String, List<String>> same = Map.of("passwordPolicy", List.of("length(10)"));

        assertThat(SettingsNotice.diff(same, same)).isEmpty();
        assertThat(SettingsNotice.diff(null, Map.of())).isEmpty();
    }

    @Test
    void the_text_says_what_who_and_when() {
        SettingsNotice n = new SettingsNotice("Lakeside Pediatrics",
                List.of(new SettingsNotice.Change("passwordPolicy", "length(10)", "length(14)"),
                        new SettingsNotice.Change("contactEmail", "it@lakeside.test", null)),
                "admin@lakeside.test", Instant.parse("2026-12-03T17:00:00Z"));

        assertThat(n.subject()).isEqualTo("PracticeKey: security settings of Lakeside Pediatrics changed");
        assertThat(n.text())
                .contains("changed by admin@lakeside.test at 2026-12-03T17:00:00Z")
                .contains("- passwordPolicy: \"length(10)\" -> \"length(14)\"")
                .contains("- contactEmail: \"it@lakeside.test\" -> (not set)");
    }
}
