/**
 * Account lockout that only the user's own practice administrator can clear (issue 4;
 * contract sections 2 to 4).
 *
 * <h2>Where the lock lives</h2>
 * In table {@code PK_ACCOUNT_LOCK} of Keycloak's own database ({@link
 * com.practicekey.keycloak.lockout.LockStore}), one row per user who ever failed a credential
 * check or was locked: {@code FAILURES} (consecutive failed checks), {@code IN_FLIGHT}
 * (password evaluations in progress) with {@code IN_FLIGHT_SINCE}, and the lock itself
 * ({@code LOCK_REASON} {@code FAILURES}/{@code ADMIN}, {@code LOCKED_AT}, {@code LOCKED_BY},
 * {@code LOCK_NOTE}). Not in a user attribute, not in {@code enabled}, not in Keycloak's
 * login-failure cache. A row whose values are not one of the shapes the store writes reads as
 * locked ({@link com.practicekey.keycloak.lockout.LockState#unreadable()}). Rows stay when a
 * user is deleted, so that re-creating a user with the same id (a partial import with
 * overwrite) does not unlock it.
 *
 * <p>The table is created with plain DDL on the first start (after Keycloak's own migration)
 * rather than with a Liquibase changelog of a {@code JpaEntityProvider}:
 * {@code keycloak-model-jpa} 26.7.3 cannot be a Maven dependency because its parent POM
 * {@code keycloak-model-pom} is not published, so the store reaches Keycloak's
 * {@code EntityManager} through one reflective call and uses native SQL.
 *
 * <h2>Counting, exactly</h2>
 * Keycloak asks the brute-force protector whether a user is locked right before it evaluates
 * a password. {@link com.practicekey.keycloak.lockout.LockoutProtector} replaces the built-in
 * protector and turns that question into a <em>reservation</em>: one conditional
 * {@code UPDATE ... SET IN_FLIGHT = IN_FLIGHT + 1 WHERE LOCK_REASON IS NULL AND FAILURES +
 * IN_FLIGHT < threshold}. The database applies it atomically to the row, so however many
 * requests arrive at once, on however many nodes, at most {@code threshold - FAILURES}
 * evaluations run. A request that finds no free place waits (polling, up to 30 s) until the
 * evaluations in progress settle: a wrong password adds a failure and, at the threshold, locks;
 * a correct one resets the count and frees its place. So a burst of 20 wrong passwords at a
 * threshold of 3 evaluates exactly 3, and 10 simultaneous correct sign-ins all succeed (they
 * wait for each other instead of being refused, as the built-in protector refuses them).
 * Counts and locks are written in short transactions of their own, committed at once,
 * whatever happens to the request. Only failures of credential categories (password, OTP,
 * recovery codes) count; refusals for any other reason, the lock included, never do. The
 * threshold is the smallest of the realm's {@code failureFactor} and the
 * {@code lockoutMaxFailures} of each of the user's practices
 * ({@link com.practicekey.keycloak.lockout.LockoutThreshold}); if it drops below a user's
 * count, the next attempt locks.
 *
 * <h2>What a lock does</h2>
 * Sign-in is refused with the answer of a wrong password ({@code invalid_grant} / "Invalid
 * user credentials", or "Invalid username or password." on the login page) and login event
 * error {@code user_disabled} (never {@code invalid_user_credentials}); a sign-in turned away
 * after waiting 30 s gets {@code user_temporarily_disabled}. On locking, every online and
 * offline session of the user ends and the user's not-before is set, so refresh tokens stop
 * working in every client, and a {@code USER_DISABLED_BY_PERMANENT_LOCKOUT} event records the
 * reason. A sign-in that completes anyway on a route that does not ask the protector first
 * (forgot password, action-token links, broker login) is stopped at its end, where Keycloak
 * reports the successful login to the protector: the request is aborted and rolled back, so
 * no session, cookie or token results.
 *
 * <h2>Why no stock path clears it</h2>
 * Stock unlocks ({@code DELETE /attack-detection/brute-force/users[/{id}]}, {@code PUT
 * /users/{id}} with {@code enabled: true}, the console's save) act on Keycloak's login-failure
 * records, the {@code enabled} flag and the {@code disabledReason} attribute, and call
 * {@code cleanUpPermanentLockout}, which here clears only a stock marker. None of them touches
 * the table; nor do attribute edits, new passwords or imports. In the admin REST API the
 * protector does not report the lock as a permanent lockout, so the admin user representation
 * stays {@code enabled: true} and a console save cannot turn it into a stock disable that
 * would outlive the unlock. Only {@code POST /tenants/{tenant}/users/{userId}/unlock} clears
 * it, under {@code AdminApiRules}.
 *
 * <h2>In a cluster</h2>
 * Nothing is kept in a node's memory between requests: every decision re-reads or
 * conditionally updates the row, so all nodes see one count and one lock, and a restart keeps
 * both. A node that dies while holding a reservation leaves {@code IN_FLIGHT} too high; such
 * reservations are dropped once older than 6 minutes (longer than Keycloak's transaction
 * timeout), until then sign-ins of that one user may be turned away as busy.
 *
 * <h2>Limits</h2>
 * Keycloak consults the protector only while brute-force protection is on in the realm (the
 * contract requires it on). The stock attack-detection status does not show this lock; the
 * PracticeKey API does.
 */
package com.practicekey.keycloak.lockout;
