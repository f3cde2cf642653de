package com.practicekey.keycloak.lockout;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Whether an account is locked, why, since when and by whom, with its count of failed
 * sign-ins; stored as one compact string (one user attribute value or one column).
 *
 * <h2>Stored form</h2>
 * {@code v1;<state>;<lockedAt>;<lockedBy>;<failureCount>}, for example
 * {@code v1;ADMIN;2026-12-03T17:00:00Z;5f1c...;0}, {@code v1;FAILURES;2026-12-03T17:00:00Z;;5}
 * or {@code v1;NONE;;;2}: {@code state} is {@code NONE} when unlocked, else the
 * {@link Reason}; {@code lockedAt} is {@link Instant#toString()}; {@code lockedBy} is the
 * admin's user id with {@code %} written {@code %25} and {@code ;} written {@code %3B}, so that
 * no id can break the format; the count is a
 * plain decimal. Empty fields stand for absent values.
 *
 * <h2>Reading never weakens</h2>
 * {@link #decode} accepts only the exact form {@link #encode} writes. Anything else (another
 * version, a missing or extra field, a bad date, a non-canonical number, an empty string)
 * reads as {@link #unreadable()}: <em>locked</em>, with reason {@link Reason#UNREADABLE}, until
 * an explicit unlock writes a new value. Only a missing value ({@code null}) means "never
 * failed, not locked".
 *
 * @param locked       whether sign-in is refused
 * @param reason       why, when locked; {@code null} when not
 * @param lockedAt     when the lock began; {@code null} when not locked or unreadable
 * @param lockedBy     user id of the admin who locked; only for {@link Reason#ADMIN}
 * @param failureCount failed sign-ins counted so far, at least 0
 */
public record LockState(boolean locked, Reason reason, Instant lockedAt, String lockedBy, int failureCount) {

    /** Why an account is locked. */
    public enum Reason {
        /** Too many failed sign-ins. */
        FAILURES,
        /** An admin locked it through the API. */
        ADMIN,
        /**
         * The stored value could not be read. Treated as locked until an explicit unlock.
         * Not one of the contract's {@code lockReason} values: the API layer must decide how
         * to show it (for instance as {@code ADMIN}, since only an unlock clears it).
         */
        UNREADABLE
    }

    private static final String VERSION = "v1";
    private static final String NOT_LOCKED = "NONE";

    public LockState {
        if (failureCount < 0) {
            throw new IllegalArgumentException("failureCount must be at least 0: " + failureCount);
        }
        if (!locked) {
            require(reason == null && lockedAt == null && lockedBy == null,
                    "an unlocked state has no reason, lockedAt or lockedBy");
        } else {
            Objects.requireNonNull(reason, "reason of a lock");
            switch (reason) {
                case FAILURES -> require(lockedAt != null && lockedBy == null,
                        "a lock for failures has lockedAt and no lockedBy");
                case ADMIN -> require(lockedAt != null && lockedBy != null && !lockedBy.isEmpty(),
                        "an admin lock has lockedAt and lockedBy");
                case UNREADABLE -> require(lockedAt == null && lockedBy == null,
                        "an unreadable lock has no lockedAt or lockedBy");
            }
        }
    }

    public static LockState unlocked(int failureCount) {
        return new LockState(false, null, null, null, failureCount);
    }

    public static LockState lockedByFailures(Instant at, int failureCount) {
        return new LockState(true, Reason.FAILURES, at, null, failureCount);
    }

    public static LockState lockedByAdmin(Instant at, String adminUserId, int failureCount) {
        return new LockState(true, Reason.ADMIN, at, adminUserId, failureCount);
    }

    /** What an unreadable stored value means: locked, reason {@link Reason#UNREADABLE}. */
    public static LockState unreadable() {
        return new LockState(true, Reason.UNREADABLE, null, null, 0);
    }

    /** The stored form; {@code decode(s.encode())} equals {@code s}. */
    public String encode() {
        return String.join(";",
                VERSION,
                locked ? reason.name() : NOT_LOCKED,
                lockedAt == null ? "" : lockedAt.toString(),
                lockedBy == null ? "" : lockedBy.replace("%", "%25").replace(";", "%3B"),
                Integer.toString(failureCount));
    }

    /**
     * Reads a stored value. {@code null} (nothing stored) is {@link #unlocked unlocked(0)};
     * any value that is not exactly what {@link #encode} writes is {@link #unreadable()}.
     * Never throws.
     */
    public static LockState decode(String stored) {
        if (stored == null) {
            return unlocked(0);
        }
        try {
            LockState state = parse(stored.split(";", -1));
            return state.encode().equals(stored) ? state : unreadable();
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return unreadable();
        }
    }

    private static LockState parse(String[] f) {
        require(f.length == 5 && f[0].equals(VERSION), "not a v1 lock state");
        Instant lockedAt = f[2].isEmpty() ? null : Instant.parse(f[2]);
        String lockedBy = f[3].isEmpty() ? null : f[3].replace("%3B", ";").replace("%25", "%");
        int failures = Integer.parseInt(f[4]);
        if (f[1].equals(NOT_LOCKED)) {
            return new LockState(false, null, lockedAt, lockedBy, failures);
        }
        return new LockState(true, Reason.valueOf(f[1]), lockedAt, lockedBy, failures);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
