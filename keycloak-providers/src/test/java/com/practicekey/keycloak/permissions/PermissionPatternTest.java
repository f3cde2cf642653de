package com.practicekey.keycloak.permissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PermissionPatternTest {

    @ParameterizedTest
    @ValueSource(strings = {"clinical.note.sign", "clinical.import", "a", "a1.b_2", "clinical.*", "clinical.note.*", "*"})
    void wellFormedPatternsParse(String text) {
        assertThat(PermissionPattern.parse(text)).hasValueSatisfying(p -> assertThat(p.text()).isEqualTo(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", " clinical.*", "clinical.* ", "clinical note", "clinical*", "clinical.*.read",
            "*.read", "**", ".*", "*.*", "clinical..note", ".clinical", "clinical.", "Clinical.note.read",
            "clinical.NOTE.*", "1clinical.read", "clinical._x", "clinical-app.read", "clinical.note.**", "clinical.n*"})
    void malformedPatternsDoNotParse(String text) {
        assertThat(PermissionPattern.parse(text)).isEmpty();
    }

    @Test
    void nullIsMalformed() {
        assertThat(PermissionPattern.parse(null)).isEmpty();
        assertThat(PermissionPattern.isWellFormedName(null)).isFalse();
    }

    @Test
    void namesHaveNoWildcard() {
        assertThat(PermissionPattern.isWellFormedName("clinical.note.sign")).isTrue();
        assertThat(PermissionPattern.isWellFormedName("clinical.*")).isFalse();
        assertThat(PermissionPattern.isWellFormedName("*")).isFalse();
    }

    @Test
    void prefixMatchesEveryDeeperNameButNotItself() {
        PermissionPattern clinical = PermissionPattern.parse("clinical.*").orElseThrow();
        assertThat(clinical.matches("clinical.import")).isTrue();
        assertThat(clinical.matches("clinical.note.sign")).isTrue();
        assertThat(clinical.matches("clinical")).isFalse();
        assertThat(clinical.matches("clinicalx.import")).isFalse();
        assertThat(clinical.matches("billing.clinical.read")).isFalse();
    }

    @Test
    void concreteMatchesOnlyItself() {
        PermissionPattern sign = PermissionPattern.parse("clinical.note.sign").orElseThrow();
        assertThat(sign.matches("clinical.note.sign")).isTrue();
        assertThat(sign.matches("clinical.note.sign.extra")).isFalse();
        assertThat(sign.matches("clinical.note")).isFalse();
    }

    @Test
    void starMatchesEverything() {
        PermissionPattern all = PermissionPattern.parse("*").orElseThrow();
        assertThat(all.matches("clinical.note.sign")).isTrue();
        assertThat(all.matches("billing.import")).isTrue();
    }
}
