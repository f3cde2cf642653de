package com.practicekey.keycloak.lockout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LockStateTest {

    private static final Instant AT = Instant.parse("2026-12-03T17:00:00Z");
    private static final String ADMIN_ID = "6f1c2a9e-1b7d-4c3e-9a55-0c4d7e2b8f10";

    @Test
    void adminLockHasTheDocumentedForm() {
        LockState s = LockState.lockedByAdmin(AT, ADMIN_ID, 0);
        assertThat(s.encode()).isEqualTo("v1;ADMIN;2026-12-03T17:00:00Z;" + ADMIN_ID + ";0");
        assertThat(LockState.decode(s.encode())).isEqualTo(s);
    }

    @Test
    void otherStatesHaveTheDocumentedForm() {
        assertThat(LockState.lockedByFailures(AT, 5).encode()).isEqualTo("v1;FAILURES;2026-12-03T17:00:00Z;;5");
        assertThat(LockState.unlocked(2).encode()).isEqualTo("v1;NONE;;;2");
        assertThat(LockState.decode("v1;NONE;;;2")).isEqualTo(LockState.unlocked(2));
    }

    @Test
    void nothingStoredMeansUnlockedWithoutFailures() {
        assertThat(LockState.decode(null)).isEqualTo(LockState.unlocked(0));
    }

    @Test
    void lockedByMaySafelyContainTheSeparatorAndTheEscape() {
        LockState s = LockState.lockedByAdmin(AT, "f:ldap;1:%3Bbob%", 1);
        assertThat(s.encode().split(";", -1)).hasSize(5);
        assertThat(LockState.decode(s.encode())).isEqualTo(s);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "v1",
        "v2;NONE;;;0",
        "V1;NONE;;;0",
        "v1;none;;;0",
        "v1;NONE;;;",
        "v1;NONE;;;-1",
        "v1;NONE;;;01",
        "v1;NONE;;;+1",
        "v1;NONE;;; 1",
        "v1;NONE;;;99999999999",
        "v1;NONE;;;0;",
        "v1;NONE;;0",
        "v1;NONE;2026-12-03T17:00:00Z;;0",
        "v1;NONE;;someone;0",
        "v1;ADMIN;2026-12-03T17:00:00Z;;0",
        "v1;ADMIN;;admin;0",
        "v1;FAILURES;;;3",
        "v1;FAILURES;2026-12-03T17:00:00Z;admin;3",
        "v1;FAILURES;2026-12-03T17:00:00.000Z;;3",
        "v1;FAILURES;2026-12-03;;3",
        "v1;ADMIN;2026-12-03T17:00:00Z;a;b;0",
        "v1;ADMIN;2026-12-03T17:00:00Z;a%zz;0",
        "v1;ADMIN;2026-12-03T17:00:00Z;a%;0",
        "v1;NONE;;;0\n",
        " v1;NONE;;;0",
        "garbage",
    })
    void anythingButTheExactFormReadsAsLocked(String stored) {
        LockState s = LockState.decode(stored);
        assertThat(s.locked()).as(stored).isTrue();
    }

    @Test
    void unreadableValuesAreLockedWithReasonUnreadableAndStayLockedWhenRewritten() {
        LockState s = LockState.decode("v1;NONE;;;-1");
        assertThat(s).isEqualTo(LockState.unreadable());
        assertThat(s.reason()).isEqualTo(LockState.Reason.UNREADABLE);
        assertThat(LockState.decode(s.encode()).locked()).isTrue();
    }

    @Test
    void inconsistentStatesCannotBeBuilt() {
        assertThatThrownBy(() -> new LockState(false, LockState.Reason.ADMIN, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LockState.lockedByAdmin(AT, "", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LockState.lockedByAdmin(null, "a", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LockState.unlocked(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LockState(true, null, AT, null, 0)).isInstanceOf(NullPointerException.class);
    }
}
