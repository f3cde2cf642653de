package com.practicekey.keycloak.lockout;

import com.practicekey.keycloak.policy.TenantSettings;
import com.practicekey.keycloak.tenancy.TenantDirectory;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * PracticeKey's account lock: counting failed credential checks against the user's threshold,
 * admitting password evaluations one reservation at a time, locking, and the effects of a
 * lock (sessions ended, event). State lives in {@link LockStore}; see the package comment for
 * the design.
 */
public final class Lockout {

    private static final Logger LOG = Logger.getLogger(Lockout.class);

    /** How long a sign-in waits for the evaluations in progress before it is turned away as busy. */
    static final long WAIT_MILLIS = 30_000;
    /**
     * Reservations older than this are from requests that died with their node: longer than
     * Keycloak's default transaction timeout (300 s), so no live request still holds one.
     */
    static final long STALE_MILLIS = 360_000;

    /** The answer to "may this sign-in evaluate a password now?". */
    public enum Admission {
        /** Yes: one evaluation is reserved for this request. */
        ADMITTED,
        /** No: the account is locked. */
        LOCKED,
        /** No: other evaluations kept the account's last free places for longer than {@link #WAIT_MILLIS}. */
        BUSY
    }

    private final KeycloakSession session;
    private final KeycloakSessionFactory factory;
    private final LockStore store;

    public Lockout(KeycloakSession session) {
        this.session = session;
        this.factory = session.getKeycloakSessionFactory();
        this.store = new LockStore(factory);
    }

    /** The user's threshold: the smallest of the realm's and the user's practices' settings. */
    public LockoutThreshold threshold(RealmModel realm, UserModel user) {
        Map<String, Integer> tenants = new LinkedHashMap<>();
        for (OrganizationModel t : new TenantDirectory(session).tenantsOf(user)) {
            TenantSettings.fromAttributes(t.getAttributes()).lockoutMaxFailures()
                    .ifPresent(v -> tenants.put(t.getAlias(), v));
        }
        return LockoutThreshold.effective(Math.max(1, realm.getFailureFactor()), tenants);
    }

    /** The current lock state with the administrator's note, if any. */
    public Status status(String userId) {
        return Status.of(store.read(userId));
    }

    /** Statuses of many users at once; users never failed nor locked get the unlocked status. */
    public Map<String, Status> statuses(Collection<String> userIds) {
        Map<String, StoredLock> rows = store.readAll(userIds);
        Map<String, Status> out = new LinkedHashMap<>();
        for (String id : userIds) {
            out.put(id, Status.of(rows.get(id)));
        }
        return out;
    }

    public boolean isLocked(String userId) {
        return status(userId).state().locked();
    }

    /**
     * Reserves one password evaluation, waiting while others hold the account's last free
     * places (parallel correct sign-ins wait for each other instead of being refused).
     */
    Admission admit(RealmModel realm, UserModel user) {
        String id = user.getId();
        int threshold = threshold(realm, user).maxFailures();
        store.ensureRow(id, realm.getId());
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        long pause = 20;
        while (true) {
            long now = System.currentTimeMillis();
            if (store.tryReserve(id, threshold, now)) {
                return Admission.ADMITTED;
            }
            StoredLock row = store.read(id);
            if (row == null) {
                store.ensureRow(id, realm.getId());
                continue;
            }
            if (row.state().locked()) {
                return Admission.LOCKED;
            }
            if (row.failures() >= threshold) {
                // The threshold dropped below the count (a practice lowered its setting).
                if (store.lockIfAtThreshold(id, threshold, now)) {
                    afterLock(realm.getId(), id, "FAILURES", row.failures(), ipAddress());
                }
                return Admission.LOCKED;
            }
            if (row.inFlight() > 0 && row.inFlightSince() != null && row.inFlightSince() < now - STALE_MILLIS) {
                if (store.reclaimStale(id, now - STALE_MILLIS)) {
                    LOG.warnf("dropped stale sign-in reservations of user %s", id);
                }
                continue;
            }
            if (now >= deadline) {
                return Admission.BUSY;
            }
            sleep(pause + ThreadLocalRandom.current().nextLong(pause));
            pause = Math.min(pause * 2, 200);
        }
    }

    /** Gives back a reservation that ended without a verdict on a credential. */
    void release(String userId) {
        store.release(userId);
    }

    /** One failed credential check; locks at the threshold. */
    void failed(RealmModel realm, UserModel user, boolean heldReservation, String ip) {
        int threshold = threshold(realm, user).maxFailures();
        store.ensureRow(user.getId(), realm.getId());
        if (store.recordFailure(user.getId(), heldReservation, threshold, System.currentTimeMillis())) {
            afterLock(realm.getId(), user.getId(), "FAILURES", threshold, ip);
        }
    }

    /** A successful credential check: the count starts again. */
    void succeeded(UserModel user, boolean heldReservation) {
        store.recordSuccess(user.getId(), heldReservation);
    }

    /** An administrator locks the account: sessions end at once. */
    public void lockByAdmin(RealmModel realm, UserModel user, UserModel admin, String note) {
        store.lockByAdmin(user.getId(), realm.getId(), admin.getId(), note, System.currentTimeMillis());
        afterLock(realm.getId(), user.getId(), "ADMIN", status(user.getId()).state().failureCount(), ipAddress());
    }

    /** Clears the lock and the failure count. */
    public void unlock(String userId) {
        store.unlock(userId);
    }

    /**
     * What a lock does besides refusing sign-in: every session of the user (online and
     * offline) ends, so refresh tokens stop working, and an event records it. Runs in a
     * transaction of its own, committed whatever happens to the request.
     */
    private void afterLock(String realmId, String userId, String reason, int failures, String ip) {
        KeycloakModelUtils.runJobInTransaction(factory, s -> {
            RealmModel realm = s.realms().getRealm(realmId);
            s.getContext().setRealm(realm);
            UserModel user = s.users().getUserById(realm, userId);
            if (user != null) {
                s.users().setNotBeforeForUser(realm, user, Time.currentTime());
                s.sessions().removeUserSessions(realm, user);
                s.sessions().getOfflineUserSessionsStream(realm, user).toList()
                        .forEach(us -> s.sessions().removeOfflineUserSession(realm, us));
            }
            new EventBuilder(realm, s)
                    .ipAddress(ip)
                    .event(EventType.USER_DISABLED_BY_PERMANENT_LOCKOUT)
                    .user(userId)
                    .detail(Details.REASON, reason)
                    .detail(Details.NUM_FAILURES, String.valueOf(failures))
                    .success();
        });
        LOG.infof("account of user %s locked (%s); its sessions were ended", userId, reason);
    }

    private String ipAddress() {
        try {
            return session.getContext().getConnection().getRemoteHost();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a sign-in of the same user", e);
        }
    }

    /**
     * A lock state as the API shows it.
     *
     * @param state the lock state
     * @param note  the administrator's reason text, for admin locks
     */
    public record Status(LockState state, String note) {
        static Status of(StoredLock row) {
            return row == null ? new Status(LockState.unlocked(0), null) : new Status(row.state(), row.note());
        }

        /**
         * The contract's {@code lockReason}: {@code FAILURES} or {@code ADMIN}; an unreadable
         * record shows as {@code ADMIN}, since only an administrator's unlock clears it.
         */
        public String lockReason() {
            if (!state.locked()) {
                return null;
            }
            return state.reason() == LockState.Reason.FAILURES ? "FAILURES" : "ADMIN";
        }
    }
}
