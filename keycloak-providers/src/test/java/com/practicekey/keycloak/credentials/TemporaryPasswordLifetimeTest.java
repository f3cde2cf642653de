package com.practicekey.keycloak.credentials;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class TemporaryPasswordLifetimeTest {

    @Test
    void missing_means_72_hours() {
        assertThat(TemporaryPasswordLifetime.parse(null).lifetime()).isEqualTo(Duration.ofHours(72));
        assertThat(TemporaryPasswordLifetime.parse(" ").problem()).isEmpty();
    }

    @Test
    void hours_with_decimals() {
        assertThat(TemporaryPasswordLifetime.parse("24").lifetime()).isEqualTo(Duration.ofHours(24));
        assertThat(TemporaryPasswordLifetime.parse("0.001").lifetime()).isEqualTo(Duration.ofMillis(3600));
        assertThat(TemporaryPasswordLifetime.parse(" 1.5 ").lifetime()).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void malformed_values_fall_back_to_the_default_and_say_why() {
        for (String bad : new String[]{"ten", "0", "-3", "9000", "72h"}) {
            TemporaryPasswordLifetime l = TemporaryPasswordLifetime.parse(bad);
            assertThat(l.lifetime()).as(bad).isEqualTo(Duration.ofHours(72));
            assertThat(l.problem()).as(bad).hasValueSatisfying(p -> assertThat(p)
                    .contains(TemporaryPasswordLifetime.ATTRIBUTE).contains(bad).contains("72 hours"));
        }
    }

    @Test
    void expired_only_after_the_lifetime() {
        TemporaryPasswordLifetime l = TemporaryPasswordLifetime.parse("1");
        long issued = 1_000_000L;
        assertThat(l.expired(issued, issued + 3_600_000L)).isFalse();
        assertThat(l.expired(issued, issued + 3_600_001L)).isTrue();
    }
}
