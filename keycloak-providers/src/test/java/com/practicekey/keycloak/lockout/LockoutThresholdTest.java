package com.practicekey.keycloak.lockout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LockoutThresholdTest {

    @Test
    void realmAloneWhenNoTenantSetsAValue() {
        LockoutThreshold t = LockoutThreshold.effective(30, Map.of());
        assertThat(t.maxFailures()).isEqualTo(30);
        assertThat(t.tenants()).isEmpty();
    }

    @Test
    void realmAloneWhenItIsTheStrictest() {
        LockoutThreshold t = LockoutThreshold.effective(5, Map.of("riverbend", 10, "oakwood", 6));
        assertThat(t.maxFailures()).isEqualTo(5);
        assertThat(t.tenants()).isEmpty();
    }

    @Test
    void smallestTenantValueWinsAndIsNamed() {
        LockoutThreshold t = LockoutThreshold.effective(30, Map.of("riverbend", 10, "oakwood", 3, "elm", 20));
        assertThat(t.maxFailures()).isEqualTo(3);
        assertThat(t.tenants()).containsExactly("oakwood");
    }

    @Test
    void everyTenantSettingTheMinimumIsNamedInOrder() {
        LockoutThreshold t = LockoutThreshold.effective(3, Map.of("riverbend", 3, "oakwood", 3, "elm", 4));
        assertThat(t.maxFailures()).isEqualTo(3);
        assertThat(t.tenants()).containsExactly("oakwood", "riverbend");
    }

    @Test
    void valuesBelowOneAreRefused() {
        assertThatThrownBy(() -> LockoutThreshold.effective(0, Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LockoutThreshold.effective(5, Map.of("riverbend", 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("riverbend");
    }
}
