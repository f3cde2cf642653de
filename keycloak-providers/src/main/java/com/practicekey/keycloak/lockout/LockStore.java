package com.practicekey.keycloak.lockout;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.KeycloakSessionTaskWithResult;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.Provider;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The lock table {@code PK_ACCOUNT_LOCK} in Keycloak's own database: one row per user who ever
 * failed a sign-in or was locked. Every statement runs in a short transaction of its own
 * ({@link KeycloakModelUtils#runJobInTransactionWithResult}), so a count or a lock is committed
 * at once, whatever happens to the request's transaction, and is seen by every Keycloak node.
 * Counting and locking are single conditional {@code UPDATE} statements, which the database
 * applies atomically per row: no read-modify-write in Java, no node memory.
 *
 * <p>Keycloak's JPA connection is reached by reflection because {@code keycloak-model-jpa}
 * cannot be a Maven dependency (its parent POM {@code keycloak-model-pom} is not published);
 * the class is on the server's class path at run time. For the same reason the table is
 * created with plain, portable DDL on first use instead of a Liquibase changelog.
 */
final class LockStore {

    private static final Logger LOG = Logger.getLogger(LockStore.class);

    static final String TABLE = "PK_ACCOUNT_LOCK";

    private static final String DDL = "CREATE TABLE " + TABLE + " ("
            + "USER_ID VARCHAR(36) NOT NULL, "
            + "REALM_ID VARCHAR(255) NOT NULL, "
            + "FAILURES INTEGER NOT NULL, "
            + "IN_FLIGHT INTEGER NOT NULL, "
            + "IN_FLIGHT_SINCE NUMERIC(19,0), "
            + "LOCK_REASON VARCHAR(16), "
            + "LOCKED_AT NUMERIC(19,0), "
            + "LOCKED_BY VARCHAR(36), "
            + "LOCK_NOTE VARCHAR(255), "
            + "CONSTRAINT PK_ACCOUNT_LOCK_PK PRIMARY KEY (USER_ID))";

    private static final String COLUMNS =
            "USER_ID, FAILURES, IN_FLIGHT, IN_FLIGHT_SINCE, LOCK_REASON, LOCKED_AT, LOCKED_BY, LOCK_NOTE";

    private static volatile boolean schemaReady;

    private final KeycloakSessionFactory factory;

    LockStore(KeycloakSessionFactory factory) {
        this.factory = factory;
    }

    // ---- schema ----

    /** Creates the table unless it exists (several nodes may race: the loser finds it made). */
    static void ensureSchema(KeycloakSessionFactory factory) {
        if (schemaReady) {
            return;
        }
        synchronized (LockStore.class) {
            if (schemaReady) {
                return;
            }
            if (!tableExists(factory)) {
                try {
                    KeycloakModelUtils.runJobInTransaction(factory, s -> em(s).createNativeQuery(DDL).executeUpdate());
                    LOG.infof("created table %s for PracticeKey account locks", TABLE);
                } catch (RuntimeException e) {
                    if (!tableExists(factory)) {
                        throw e;
                    }
                }
            }
            schemaReady = true;
        }
    }

    private static boolean tableExists(KeycloakSessionFactory factory) {
        try {
            return KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
                em(s).createNativeQuery("SELECT COUNT(*) FROM " + TABLE).getSingleResult();
                return true;
            });
        } catch (RuntimeException e) {
            return false;
        }
    }

    // ---- reads ----

    /** The stored row, or {@code null} when the user never failed and was never locked. */
    StoredLock read(String userId) {
        return tx(s -> {
            List<?> rows = em(s).createNativeQuery("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE USER_ID = :u")
                    .setParameter("u", userId).getResultList();
            return rows.isEmpty() ? null : StoredLock.of((Object[]) rows.get(0));
        });
    }

    /** Rows of these users, by user id; users without a row are absent. */
    Map<String, StoredLock> readAll(Collection<String> userIds) {
        Map<String, StoredLock> out = new HashMap<>();
        if (userIds.isEmpty()) {
            return out;
        }
        List<String> ids = List.copyOf(userIds);
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            tx(s -> {
                for (Object row : em(s).createNativeQuery("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE USER_ID IN (:ids)")
                        .setParameter("ids", chunk).getResultList()) {
                    StoredLock lock = StoredLock.of((Object[]) row);
                    out.put(lock.userId(), lock);
                }
                return null;
            });
        }
        return out;
    }

    // ---- writes: each one atomic and committed on return ----

    /** Makes sure the user has a row; a concurrent insert by another request or node is fine. */
    void ensureRow(String userId, String realmId) {
        if (read(userId) != null) {
            return;
        }
        try {
            tx(s -> em(s).createNativeQuery("INSERT INTO " + TABLE
                            + " (USER_ID, REALM_ID, FAILURES, IN_FLIGHT) VALUES (:u, :r, 0, 0)")
                    .setParameter("u", userId).setParameter("r", realmId).executeUpdate());
        } catch (RuntimeException e) {
            if (read(userId) == null) {
                throw e;
            }
        }
    }

    /**
     * Reserves one password evaluation: succeeds only while the account is not locked and the
     * failures already counted plus the evaluations in progress stay below the threshold.
     */
    boolean tryReserve(String userId, int threshold, long now) {
        return update("UPDATE " + TABLE + " SET IN_FLIGHT = IN_FLIGHT + 1, IN_FLIGHT_SINCE = :now"
                + " WHERE USER_ID = :u AND LOCK_REASON IS NULL AND FAILURES + IN_FLIGHT < :t",
                Map.of("u", userId, "now", now, "t", threshold)) == 1;
    }

    /** Gives back a reservation that ended without a credential verdict. */
    void release(String userId) {
        update("UPDATE " + TABLE + " SET IN_FLIGHT = CASE WHEN IN_FLIGHT > 0 THEN IN_FLIGHT - 1 ELSE 0 END"
                + " WHERE USER_ID = :u", Map.of("u", userId));
    }

    /**
     * Reservations older than {@code cutoff} belong to requests that can no longer be running
     * (a node died mid-request): they are dropped so that they do not block sign-in forever.
     */
    boolean reclaimStale(String userId, long cutoff) {
        return update("UPDATE " + TABLE + " SET IN_FLIGHT = 0"
                + " WHERE USER_ID = :u AND IN_FLIGHT > 0 AND IN_FLIGHT_SINCE < :cutoff",
                Map.of("u", userId, "cutoff", cutoff)) == 1;
    }

    /**
     * Counts one failed credential check (and gives back the caller's reservation, if it held
     * one); locks with reason {@code FAILURES} when the count reaches the threshold.
     *
     * @return whether this call locked the account
     */
    boolean recordFailure(String userId, boolean releaseReservation, int threshold, long now) {
        return tx(s -> {
            EntityManager em = em(s);
            em.createNativeQuery("UPDATE " + TABLE + " SET FAILURES = FAILURES + 1, IN_FLIGHT = "
                            + "CASE WHEN IN_FLIGHT >= :d THEN IN_FLIGHT - :d ELSE 0 END WHERE USER_ID = :u")
                    .setParameter("u", userId).setParameter("d", releaseReservation ? 1 : 0).executeUpdate();
            return lockIfAtThreshold(em, userId, threshold, now);
        });
    }

    /** Locks with reason {@code FAILURES} if the count has reached the threshold (which may have dropped). */
    boolean lockIfAtThreshold(String userId, int threshold, long now) {
        return tx(s -> lockIfAtThreshold(em(s), userId, threshold, now));
    }

    private static boolean lockIfAtThreshold(EntityManager em, String userId, int threshold, long now) {
        return em.createNativeQuery("UPDATE " + TABLE + " SET LOCK_REASON = 'FAILURES', LOCKED_AT = :now,"
                        + " LOCKED_BY = NULL, LOCK_NOTE = NULL"
                        + " WHERE USER_ID = :u AND LOCK_REASON IS NULL AND FAILURES >= :t")
                .setParameter("u", userId).setParameter("now", now).setParameter("t", threshold)
                .executeUpdate() == 1;
    }

    /** A successful sign-in: the count starts again (unless the account got locked meanwhile). */
    void recordSuccess(String userId, boolean releaseReservation) {
        tx(s -> {
            EntityManager em = em(s);
            em.createNativeQuery("UPDATE " + TABLE + " SET FAILURES = 0 WHERE USER_ID = :u AND LOCK_REASON IS NULL")
                    .setParameter("u", userId).executeUpdate();
            if (releaseReservation) {
                em.createNativeQuery("UPDATE " + TABLE + " SET IN_FLIGHT = CASE WHEN IN_FLIGHT > 0 THEN IN_FLIGHT - 1 ELSE 0 END"
                        + " WHERE USER_ID = :u").setParameter("u", userId).executeUpdate();
            }
            return null;
        });
    }

    /** An administrator's lock; replaces a lock for failures so that the record says who locked. */
    void lockByAdmin(String userId, String realmId, String adminId, String note, long now) {
        ensureRow(userId, realmId);
        update("UPDATE " + TABLE + " SET LOCK_REASON = 'ADMIN', LOCKED_AT = :now, LOCKED_BY = :by, LOCK_NOTE = :note"
                + " WHERE USER_ID = :u", params("u", userId, "now", now, "by", adminId, "note", note));
    }

    /** Clears the lock and the failure count. */
    void unlock(String userId) {
        update("UPDATE " + TABLE + " SET LOCK_REASON = NULL, LOCKED_AT = NULL, LOCKED_BY = NULL, LOCK_NOTE = NULL,"
                + " FAILURES = 0 WHERE USER_ID = :u", Map.of("u", userId));
    }

    // ---- plumbing ----

    private int update(String sql, Map<String, Object> params) {
        return tx(s -> {
            Query q = em(s).createNativeQuery(sql);
            params.forEach(q::setParameter);
            return q.executeUpdate();
        });
    }

    private static Map<String, Object> params(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private <V> V tx(KeycloakSessionTaskWithResult<V> work) {
        ensureSchema(factory);
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, work);
    }

    private static volatile Method getEntityManager;
    private static volatile Class<? extends Provider> jpaProvider;

    /** Keycloak's {@code JpaConnectionProvider.getEntityManager()} of this session. */
    @SuppressWarnings("unchecked")
    static EntityManager em(KeycloakSession session) {
        try {
            if (getEntityManager == null) {
                Class<?> c = Class.forName("org.keycloak.connections.jpa.JpaConnectionProvider", true,
                        KeycloakSession.class.getClassLoader());
                jpaProvider = (Class<? extends Provider>) c;
                getEntityManager = c.getMethod("getEntityManager");
            }
            Object provider = session.getProvider(jpaProvider);
            if (provider == null) {
                throw new IllegalStateException("Keycloak has no JPA connection: PracticeKey's lock store needs a database");
            }
            return (EntityManager) getEntityManager.invoke(provider);
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("Keycloak's JPA connection provider is not available", e);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
