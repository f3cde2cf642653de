package com.practicekey.keycloak.lockout;

import java.time.Instant;

/**
 * One row of the lock table as read, and what it means as a {@link LockState}.
 *
 * @param userId        the user
 * @param failures      failed credential checks counted since the last success or unlock
 * @param inFlight      password evaluations reserved and not finished yet
 * @param inFlightSince epoch milliseconds of the latest reservation, or {@code null}
 * @param reason        {@code FAILURES}, {@code ADMIN}, or {@code null} when not locked
 * @param lockedAt      epoch milliseconds, or {@code null}
 * @param lockedBy      user id of the administrator who locked, for {@code ADMIN}
 * @param note          the administrator's reason text, for {@code ADMIN}
 */
record StoredLock(String userId, int failures, int inFlight, Long inFlightSince, String reason, Long lockedAt,
                  String lockedBy, String note) {

    /** A row as the JPA native query returns it (numbers come back as whatever the driver likes). */
    static StoredLock of(Object[] row) {
        return new StoredLock((String) row[0], intOf(row[1]), intOf(row[2]), longOf(row[3]), (String) row[4],
                longOf(row[5]), (String) row[6], (String) row[7]);
    }

    /**
     * The lock state. A row that is not exactly one of the shapes the store writes (unknown
     * reason, a lock without its time or its administrator, a negative count) reads as
     * {@link LockState#unreadable()}: locked until an explicit unlock. Never weakens.
     */
    LockState state() {
        try {
            if (reason == null) {
                return lockedAt == null && lockedBy == null ? LockState.unlocked(failures) : LockState.unreadable();
            }
            return switch (reason) {
                case "FAILURES" -> LockState.lockedByFailures(Instant.ofEpochMilli(lockedAt), failures);
                case "ADMIN" -> LockState.lockedByAdmin(Instant.ofEpochMilli(lockedAt), lockedBy, failures);
                default -> LockState.unreadable();
            };
        } catch (RuntimeException e) {
            return LockState.unreadable();
        }
    }

    private static int intOf(Object o) {
        return o == null ? 0 : ((Number) o).intValue();
    }

    private static Long longOf(Object o) {
        return o == null ? null : ((Number) o).longValue();
    }
}
