package com.practicekey.keycloak.lockout;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class StoredLockTest {

    @Test
    void a_row_without_a_lock_is_unlocked_with_its_count() {
        StoredLock row = new StoredLock("u1", 2, 1, 5L, null, null, null, null);

        assertThat(row.state()).isEqualTo(LockState.unlocked(2));
    }

    @Test
    void a_lock_for_failures_and_an_admin_lock_read_back() {
        StoredLock failures = new StoredLock("u1", 3, 0, null, "FAILURES", 1_000L, null, null);
        StoredLock admin = new StoredLock("u1", 1, 0, null, "ADMIN", 2_000L, "a1", "stolen laptop");

        assertThat(failures.state()).isEqualTo(LockState.lockedByFailures(Instant.ofEpochMilli(1_000L), 3));
        assertThat(admin.state()).isEqualTo(LockState.lockedByAdmin(Instant.ofEpochMilli(2_000L), "a1", 1));
    }

    @Test
    void anything_the_store_does_not_write_reads_as_locked() {
        assertThat(new StoredLock("u1", 0, 0, null, "SOMETHING", 1L, null, null).state().locked()).isTrue();
        assertThat(new StoredLock("u1", 0, 0, null, "ADMIN", 1L, null, null).state().locked()).isTrue();
        assertThat(new StoredLock("u1", 0, 0, null, "FAILURES", null, null, null).state().locked()).isTrue();
        assertThat(new StoredLock("u1", 0, 0, null, null, 1L, null, null).state().locked()).isTrue();
        assertThat(new StoredLock("u1", -1, 0, null, null, null, null, null).state().locked()).isTrue();
    }

    @Test
    void numbers_come_back_in_whatever_type_the_driver_uses() {
        StoredLock row = StoredLock.of(new Object[] {"u1", 2L, (short) 1, new BigDecimal("17"), "ADMIN",
                new BigDecimal("1000"), "a1", "note"});

        assertThat(row.failures()).isEqualTo(2);
        assertThat(row.inFlight()).isEqualTo(1);
        assertThat(row.inFlightSince()).isEqualTo(17L);
        assertThat(row.state()).isEqualTo(LockState.lockedByAdmin(Instant.ofEpochMilli(1000L), "a1", 2));
    }

    @Test
    void the_api_shows_an_unreadable_lock_as_an_admin_lock() {
        Lockout.Status unreadable = new Lockout.Status(LockState.unreadable(), null);
        Lockout.Status failures = new Lockout.Status(LockState.lockedByFailures(Instant.EPOCH, 3), null);

        assertThat(unreadable.lockReason()).isEqualTo("ADMIN");
        assertThat(failures.lockReason()).isEqualTo("FAILURES");
        assertThat(new Lockout.Status(LockState.unlocked(1), null).lockReason()).isNull();
    }
}
