package com.practicekey.keycloak.permissions;

import com.practicekey.keycloak.permissions.IdleTimeout.Setting;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IdleTimeoutTest {

    @Test
    void a_missing_attribute_means_the_realm_default() {
        assertThat(IdleTimeout.of(null)).isEqualTo(new Setting(15, false));
        assertThat(IdleTimeout.of(List.of())).isEqualTo(new Setting(15, false));
    }

    @Test
    void well_formed_values_are_taken_as_written() {
        assertThat(IdleTimeout.of(List.of("1"))).isEqualTo(new Setting(1, false));
        assertThat(IdleTimeout.of(List.of("10"))).isEqualTo(new Setting(10, false));
        assertThat(IdleTimeout.of(List.of("1440"))).isEqualTo(new Setting(1440, false));
        assertThat(IdleTimeout.of(List.of(" 5"))).isEqualTo(new Setting(5, false));
    }

    @Test
    void several_values_mean_the_smallest_and_are_reported() {
        assertThat(IdleTimeout.of(List.of("30", "20"))).isEqualTo(new Setting(20, true));
        assertThat(IdleTimeout.of(Arrays.asList("20", null))).isEqualTo(new Setting(20, false));
    }

    @Test
    void malformed_values_mean_the_strictest_allowed_value() {
        for (List<String> values : List.of(List.of("0"), List.of("1441"), List.of("-5"), List.of("+5"),
                List.of("ten"), List.of("7.5"), List.of("99999999999"), List.of("20", "x"))) {
            assertThat(IdleTimeout.of(values)).as(String.valueOf(values)).isEqualTo(new Setting(1, true));
        }
    }

    @Test
    void the_strictest_practice_wins() {
        assertThat(IdleTimeout.strictest(List.of(IdleTimeout.of(List.of("30")), IdleTimeout.of(List.of("10")),
                IdleTimeout.of(null)))).isEqualTo(10);
        assertThat(IdleTimeout.strictest(List.of(IdleTimeout.of(List.of("30")), IdleTimeout.of(null)))).isEqualTo(15);
        assertThat(IdleTimeout.strictest(List.of(IdleTimeout.of(List.of("30")), IdleTimeout.of(List.of("bad")))))
                .isEqualTo(1);
    }

    @Test
    void without_a_practice_the_realm_default_applies() {
        assertThat(IdleTimeout.strictest(List.of())).isEqualTo(15);
    }
}
