package com.practicekey.keycloak.lockout;

import com.fasterxml.jackson.databind.JsonNode;
import com.practicekey.stack.Http;
import com.practicekey.stack.junit.PracticeKeyServer;
import com.practicekey.stack.junit.PracticeKeyServer.Tenant;
import com.practicekey.stack.junit.PracticeKeyServer.User;
import com.practicekey.stack.junit.PracticeKeyTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 4 on the real server: counting, concurrency, admin lock, unlock rules, stock paths, visibility. */
@PracticeKeyTest
class LockoutIT {

    static final String WRONG = "Wrong-Password-123";

    // ---- counting ----

    @Test
    void three_wrong_passwords_lock_at_a_practice_threshold_of_3_and_the_right_one_then_gets_the_same_answer(PracticeKeyServer kc) {
        Practice p = Practice.create(kc, 3);
        User user = p.member();

        for (int i = 0; i < 3; i++) {
            assertInvalidCredentials(kc.passwordGrant(user.email(), WRONG));
        }
        Http.Response refused = kc.passwordGrant(user.email(), user.password());

        assertInvalidCredentials(refused);
        JsonNode lock = p.lockStatus(user).expect(200).json();
        assertThat(lock.path("locked").asBoolean()).isTrue();
        assertThat(lock.path("lockReason").asText()).isEqualTo("FAILURES");
        assertThat(lock.path("lockedAt").asText()).isNotBlank();
        assertThat(lock.path("failedAttempts").asInt()).isEqualTo(3);
        List<String> errors = loginErrors(kc, user, 4);
        assertThat(errors).containsExactlyInAnyOrder("invalid_user_credentials", "invalid_user_credentials",
                "invalid_user_credentials", "user_disabled");
        assertThat(eventTypes(kc, user)).contains("USER_DISABLED_BY_PERMANENT_LOCKOUT");
    }

    @Test
    void a_lock_for_failures_ends_every_session_online_and_offline_in_every_client(PracticeKeyServer kc) {
        Practice p = Practice.create(kc, 3);
        User user = p.member();
        String other = otherClient(kc);
        String refresh = kc.passwordGrant(user.email(), user.password()).expect(200).json().path("refresh_token").asText();
        String offline = Http.form(kc.realmUrl("protocol/openid-connect/token"), Map.of("grant_type", "password",
                "client_id", PracticeKeyServer.TEST_CLIENT, "username", user.email(), "password", user.password(),
                "scope", "openid offline_access")).expect(200).json().path("refresh_token").asText();
        String otherRefresh = Http.form(kc.realmUrl("protocol/openid-connect/token"), Map.of("grant_type", "password",
                "client_id", other, "client_secret", "other-secret", "username", user.email(),
                "password", user.password())).expect(200).json().path("refresh_token").asText();

        lockByFailures(kc, user, 3);

        assertThat(refresh(kc, refresh).status()).isEqualTo(400);
        assertThat(refresh(kc, offline).status()).isEqualTo(400);
        assertThat(Http.form(kc.realmUrl("protocol/openid-connect/token"), Map.of("grant_type", "refresh_token",
                "client_id", other, "client_secret", "other-secret", "refresh_token", otherRefresh)).status()).isEqualTo(400);
        assertThat(kc.admin().get(PracticeKeyServer.REALM + "/users/" + user.id() + "/sessions").expect(200).json()).isEmpty();
        assertThat(kc.admin().get(PracticeKeyServer.REALM + "/users/" + user.id() + "/offline-sessions/"
                + kc.admin().get(PracticeKeyServer.REALM + "/clients?clientId=" + PracticeKeyServer.TEST_CLIENT)
                .expect(200).json().get(0).path("id").asText()).expect(200).json()).isEmpty();
    }

    /** A second, confidential client with direct grants (a stand-in for the second app). */
    static String otherClient(PracticeKeyServer kc) {
        String clientId = PracticeKeyServer.unique("pk-other-app");
        kc.admin().createClientIfMissing(PracticeKeyServer.REALM, Map.of("clientId", clientId, "publicClient", false,
                "secret", "other-secret", "directAccessGrantsEnabled", true, "standardFlowEnabled", false));
        return clientId;
    }

    @Test
    void a_successful_sign_in_resets_the_count(PracticeKeyServer kc) {
        Practice p = Practice.create(kc, 3);
        User user = p.member();

        assertInvalidCredentials(kc.passwordGrant(user.email(), WRONG));
        assertInvalidCredentials(kc.passwordGrant(user.email(), WRONG));
        kc.passwordGrant(user.email(), user.password()).expect(200);
        assertInvalidCredentials(kc.passwordGrant(user.email(), WRONG));
        assertInvalidCredentials(kc.passwordGrant(user.email(), WRONG));

        kc.passwordGrant(user.email(), user.password()).expect(200);
        assertThat(p.lockStatus(user).expect(200).json().path("locked").asBoolean()).isFalse();
    }

    @Test
    void the_threshold_is_the_smallest_of_the_users_practices(PracticeKeyServer kc) {
        Practice lenient = Practice.create(kc, 10);
        Practice strict = Practice.create(kc, 2);
        User user = lenient.member();
        kc.addMember(strict.tenant, user);

        assertInvalidCredentials(kc.passwordGrant(user.email(), WRONG));
        assertInvalidCredentials(kc.passwordGrant(user.email(), WRONG));

        assertInvalidCredentials(kc.passwordGrant(user.email(), user.password()));
        assertThat(lenient.lockStatus(user).expect(200).json().path("lockReason").asText()).isEqualTo("FAILURES");
    }

    // ---- concurrency ----

    @Test
    void repeated_bursts_of_20_parallel_wrong_passwords_evaluate_exactly_3_guesses_each_and_lock(PracticeKeyServer kc) throws Exception {
        Practice p = Practice.create(kc, 3);
        User user = p.member();

        for (int burst = 1; burst <= 2; burst++) {
            List<Http.Response> answers = parallel(20, () -> kc.passwordGrant(user.email(), WRONG));

            answers.forEach(LockoutIT::assertInvalidCredentials);
            // Each burst is followed by one sign-in with the right password, refused as locked.
            List<String> errors = loginErrors(kc, user, 20 * burst + (burst - 1));
            assertThat(errors.stream().filter("invalid_user_credentials"::equals).count())
                    .as("password guesses evaluated after burst %d", burst).isEqualTo(3L * burst);
            assertThat(errors.stream().filter("user_disabled"::equals).count()).isEqualTo(17L * burst + (burst - 1));
            JsonNode lock = p.lockStatus(user).expect(200).json();
            assertThat(lock.path("locked").asBoolean()).isTrue();
            assertThat(lock.path("failedAttempts").asInt()).isEqualTo(3);
            assertInvalidCredentials(kc.passwordGrant(user.email(), user.password()));

            p.unlock(user).expect(204);
        }
        kc.passwordGrant(user.email(), user.password()).expect(200);
    }

    @Test
    void ten_parallel_correct_sign_ins_all_succeed_and_count_nothing(PracticeKeyServer kc) throws Exception {
        Practice p = Practice.create(kc, 3);
        User user = p.member();

        List<Http.Response> answers = parallel(10, () -> kc.passwordGrant(user.email(), user.password()));

        assertThat(answers).extracting(Http.Response::status).containsOnly(200);
        JsonNode lock = p.lockStatus(user).expect(200).json();
        assertThat(lock.path("locked").asBoolean()).isFalse();
        assertThat(lock.path("failedAttempts").asInt()).isZero();
    }

    // ---- admin lock ----

    @Test
    void an_admin_lock_with_a_reason_ends_every_session_and_blocks_sign_in(PracticeKeyServer kc) {
        Practice p = Practice.create(kc, 5);
        User user = p.member();
        JsonNode tokens = kc.passwordGrant(user.email(), user.password()).expect(200).json();
        String refresh = tokens.path("refresh_token").asText();
        assertThat(refresh(kc, refresh).status()).isEqualTo(200);

        Http.Response locked = Http.send("POST", p.url(user, "lock"), p.adminToken(),
                Map.of("reason", "laptop stolen"));

        assertThat(locked.status()).isEqualTo(200);
        Http.Response afterLock = refresh(kc, refresh);
        assertThat(afterLock.status()).isEqualTo(400);
        assertThat(afterLock.json().path("error").asText()).isEqualTo("invalid_grant");
        assertInvalidCredentials(kc.passwordGrant(user.email(), user.password()));
        JsonNode lock = p.lockStatus(user).expect(200).json();
        assertThat(lock.path("lockReason").asText()).isEqualTo("ADMIN");
        assertThat(lock.path("lockedBy").asText()).isEqualTo(p.admin.id());
        assertThat(lock.path("lockNote").asText()).isEqualTo("laptop stolen");
        JsonNode audit = adminEvent(kc, p, user, "lock");
        assertThat(audit.path("authDetails").path("userId").asText()).isEqualTo(p.admin.id());
        assertThat(audit.path("details").path("tenant").asText()).isEqualTo(p.tenant.alias());
        assertThat(audit.path("details").path("targetUserId").asText()).isEqualTo(user.id());
    }

    @Test
    void a_lock_without_a_reason_is_400_and_changes_nothing(PracticeKeyServer kc) {
        Practice p = Practice.create(kc, 5);
        User user = p.member();

        Http.Response r = Http.send("POST", p.url(user, "lock"), p.adminToken(), Map.of("reason", " "));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("error").asText()).isEqualTo("invalid_request");

        // Whatever the body or its Content-Type: 400 in the contract's {"error","message"} shape, naming the problem.
        String[][] bad = {
                {"application/json", "{not json", "the body is not JSON"},
                {"application/json", "[\"laptop stolen\"]", "the body must be a JSON object"},
                {"application/json", "{\"reason\": \"x\", \"until\": 1}", "unknown field until"},
                {"application/json", "{\"reason\": 7}", "a lock needs {\"reason\""},
                {"application/json", "{\"reason\": \"" + "x".repeat(256) + "\"}", "1 to 255 characters"},
                {"text/plain", "laptop stolen", "the body is not JSON"},
                {null, "", "the body must be a JSON object"}};
        for (String[] c : bad) {
            java.net.http.HttpRequest.Builder req = java.net.http.HttpRequest.newBuilder(p.url(user, "lock"))
                    .header("Authorization", "Bearer " + p.adminToken())
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(c[1]));
            if (c[0] != null) {
                req.header("Content-Type", c[0]);
            }
            Http.Response refused = Http.send(req.build());
            assertThat(refused.status()).as(c[1]).isEqualTo(400);
            assertThat(refused.json().path("error").asText()).as(c[1]).isEqualTo("invalid_request");
            assertThat(refused.json().path("message").asText()).as(c[1]).contains(c[2]);
        }
        // None of them locked the account.
        assertThat(Http.send("GET", p.url(user, "lock"), p.adminToken(), null).json().path("locked").asBoolean()).isFalse();
        kc.passwordGrant(user.email(), user.password()).expect(200);
    }

    @Test
    void an_admin_of_another_practice_cannot_lock(PracticeKeyServer kc) {
        Practice p = Practice.create(kc, 5);
        Practice other = Practice.create(kc, 5);
        User user = p.member();

        assertThat(Http.send("POST", p.url(user, "lock"), other.adminToken(), Map.of("reason", "x")).status())
                .isEqualTo(403);
        assertThat(Http.send("POST", other.url(user, "lock"), other.adminToken(), Map.of("reason", "x")).status())
                .isEqualTo(404);
        kc.passwordGrant(user.email(), user.password()).expect(200);
    }

    // ---- unlock rules ----

    @Test
    void support_unlocks_a_practice_admin_but_gets_403_for_an_ordinary_member(PracticeKeyServer kc) {
        Practice p = Practice.create(kc, 3);
        User secondAdmin = kc.newUser();
        kc.addMember(p.tenant, secondAdmin, "admins");
        User member = p.member();
        User support = kc.newUser();
        kc.admin().grantRealmRole(PracticeKeyServer.REALM, support.id(), "support");
        String supportToken = kc.accessToken(support);
        lockByFailures(kc, secondAdmin, 3);
        lockByFailures(kc, member, 3);

        Http.Response onMember = Http.send("POST", p.url(member, "unlock"), supportToken, null);
        Http.Response onAdmin = Http.send("POST", p.url(secondAdmin, "unlock"), supportToken, null);

        assertThat(onMember.status()).isEqualTo(403);
        assertThat(onMember.json().path("error").asText()).isEqualTo("support_not_allowed");
        assertThat(onMember.json().path("message").asText()).contains("support staff may unlock only");
        assertInvalidCredentials(kc.passwordGrant(member.email(), member.password()));
        assertThat(onAdmin.status()).isEqualTo(204);
        kc.passwordGrant(secondAdmin.email(), secondAdmin.password()).expect(200);
        assertThat(adminEvent(kc, p, member, "unlock").path("error").asText()).isEqualTo("support_not_allowed");
        JsonNode allowed = adminEvent(kc, p, secondAdmin, "unlock");
        assertThat(allowed.path("authDetails").path("userId").asText()).isEqualTo(support.id());
        assertThat(allowed.path("details").path("outcome").asText()).isEqualTo("done");
    }

    @Test
    void only_an_admin_of_the_users_own_practice_unlocks(PracticeKeyServer kc) {
        Practice p = Practice.create(kc, 3);
        Practice other = Practice.create(kc, 3);
        User member = p.member();
        lockByFailures(kc, member, 3);

        Http.Response otherAdmin = Http.send("POST", p.url(member, "unlock"), other.adminToken(), null);
        Http.Response otherAdminOwnTenant = Http.send("POST", other.url(member, "unlock"), other.adminToken(), null);
        Http.Response colleague = Http.send("POST", p.url(member, "unlock"), kc.accessToken(p.member()), null);
        Http.Response self = Http.send("POST", p.url(p.admin, "unlock"), p.adminToken(), null);

        assertThat(otherAdmin.status()).isEqualTo(403);
        assertThat(otherAdmin.json().path("error").asText()).isEqualTo("not_tenant_admin");
        assertThat(otherAdminOwnTenant.status()).isEqualTo(404);
        assertThat(colleague.status()).isEqualTo(403);
        assertThat(self.status()).isEqualTo(403);
        assertThat(self.json().path("error").asText()).isEqualTo("self_not_allowed");
        assertInvalidCredentials(kc.passwordGrant(member.email(), member.password()));

        p.unlock(member).expect(204);
        kc.passwordGrant(member.email(), member.password()).expect(200);
        assertThat(p.lockStatus(member).expect(200).json().path("failedAttempts").asInt()).isZero();
        p.unlock(member).expect(204);
    }

    // ---- nothing else unlocks ----

    @Test
    void the_stock_unlock_paths_leave_the_account_locked(PracticeKeyServer kc) {
        Practice p = Practice.create(kc, 3);
        User user = p.member();
        lockByFailures(kc, user, 3);
        String realm = PracticeKeyServer.REALM;

        kc.admin().call("DELETE", realm + "/attack-detection/brute-force/users/" + user.id(), null).expect(204);
        kc.admin().call("DELETE", realm + "/attack-detection/brute-force/users", null).expect(204);
        JsonNode rep = kc.admin().get(realm + "/users/" + user.id()).expect(200).json();
        assertThat(rep.path("enabled").asBoolean()).as("the admin representation stays enabled").isTrue();
        @SuppressWarnings("unchecked")
        Map<String, Object> edit = Http.JSON.convertValue(rep, Map.class);
        edit.put("enabled", true);
        edit.put("attributes", Map.of()); // every attribute cleared: the lock is not one of them
        kc.admin().call("PUT", realm + "/users/" + user.id(), edit).expect(204);

        assertInvalidCredentials(kc.passwordGrant(user.email(), user.password()));
        assertThat(p.lockStatus(user).expect(200).json().path("locked").asBoolean()).isTrue();
    }

    @Test
    void a_new_password_set_by_a_realm_admin_does_not_unlock(PracticeKeyServer kc) {
        Practice p = Practice.create(kc, 3);
        User user = p.member();
        lockByFailures(kc, user, 3);

        kc.admin().resetPassword(PracticeKeyServer.REALM, user.id(), "Fresh-Password-Orchid-77", false);

        assertInvalidCredentials(kc.passwordGrant(user.email(), "Fresh-Password-Orchid-77"));
    }

    @Test
    void a_partial_import_that_overwrites_the_user_does_not_unlock(PracticeKeyServer kc) {
        Practice p = Practice.create(kc, 3);
        User user = p.member();
        lockByFailures(kc, user, 3);
        Map<String, Object> rep = Map.of(
                "id", user.id(), "username", user.email(), "email", user.email(), "emailVerified", true,
                "firstName", "Test", "lastName", "User", "enabled", true,
                "credentials", List.of(Map.of("type", "password", "value", user.password(), "temporary", false)));

        JsonNode result = kc.admin().call("POST", PracticeKeyServer.REALM + "/partialImport",
                Map.of("ifResourceExists", "OVERWRITE", "users", List.of(rep))).expect(200).json();

        assertThat(result.path("overwritten").asInt()).isEqualTo(1);
        assertThat(kc.admin().get(PracticeKeyServer.REALM + "/users/" + user.id()).status()).isEqualTo(200);
        assertInvalidCredentials(kc.passwordGrant(user.email(), user.password()));
    }

    // ---- visibility ----

    @Test
    void the_member_list_shows_lock_status_and_tenant_admins(PracticeKeyServer kc) {
        Practice p = Practice.create(kc, 3);
        User locked = p.member();
        User fine = p.member();
        lockByFailures(kc, locked, 3);

        JsonNode body = Http.send("GET", kc.apiUrl("tenants/" + p.tenant.alias() + "/users"), p.adminToken(), null)
                .expect(200).json();

        assertThat(body.path("users")).hasSize(3);
        for (JsonNode u : body.path("users")) {
            String id = u.path("id").asText();
            assertThat(u.path("locked").asBoolean()).isEqualTo(id.equals(locked.id()));
            assertThat(u.path("isTenantAdmin").asBoolean()).isEqualTo(id.equals(p.admin.id()));
            if (id.equals(locked.id())) {
                assertThat(u.path("lockReason").asText()).isEqualTo("FAILURES");
                assertThat(u.path("lockedAt").asText()).isNotBlank();
            } else {
                assertThat(u.path("lockReason").asText("")).isEmpty();
            }
        }
        assertThat(fine.id()).isNotEqualTo(locked.id());
        assertThat(Http.send("GET", kc.apiUrl("tenants/" + p.tenant.alias() + "/users"), kc.accessToken(fine), null)
                .status()).isEqualTo(403);
    }

    @Test
    void support_may_view_a_members_lock_but_not_lock_it(PracticeKeyServer kc) {
        Practice p = Practice.create(kc, 3);
        User member = p.member();
        User support = kc.newUser();
        kc.admin().grantRealmRole(PracticeKeyServer.REALM, support.id(), "support");
        String token = kc.accessToken(support);

        assertThat(Http.send("GET", p.url(member, "lock"), token, null).status()).isEqualTo(200);
        assertThat(Http.send("POST", p.url(member, "lock"), token, Map.of("reason", "x")).status()).isEqualTo(403);
    }

    // ---- helpers ----

    /** A tenant with a lockout threshold and an admin. */
    record Practice(PracticeKeyServer kc, Tenant tenant, User admin) {
        static Practice create(PracticeKeyServer kc, int maxFailures) {
            Tenant t = kc.newTenant(PracticeKeyServer.unique("Lockout practice"), Map.of("lockoutMaxFailures", List.of(String.valueOf(maxFailures))));
            User admin = kc.newUser();
            kc.addMember(t, admin, "admins");
            return new Practice(kc, t, admin);
        }

        User member() {
            User u = kc.newUser();
            kc.addMember(tenant, u);
            return u;
        }

        String adminToken() {
            return kc.accessToken(admin);
        }

        java.net.URI url(User user, String what) {
            return kc.apiUrl("tenants/" + tenant.alias() + "/users/" + user.id() + "/" + what);
        }

        Http.Response lockStatus(User user) {
            return Http.send("GET", url(user, "lock"), adminToken(), null);
        }

        Http.Response unlock(User user) {
            return Http.send("POST", url(user, "unlock"), adminToken(), null);
        }
    }

    static void lockByFailures(PracticeKeyServer kc, User user, int threshold) {
        for (int i = 0; i < threshold; i++) {
            assertInvalidCredentials(kc.passwordGrant(user.email(), WRONG));
        }
        assertInvalidCredentials(kc.passwordGrant(user.email(), user.password()));
    }

    /** What a wrong password gets: the lock must look exactly the same from outside. */
    static void assertInvalidCredentials(Http.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(r.json().path("error_description").asText()).isEqualTo("Invalid user credentials");
    }

    static Http.Response refresh(PracticeKeyServer kc, String refreshToken) {
        return Http.form(kc.realmUrl("protocol/openid-connect/token"), Map.of(
                "grant_type", "refresh_token", "client_id", PracticeKeyServer.TEST_CLIENT, "refresh_token", refreshToken));
    }

    static <T> List<T> parallel(int n, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return task.call();
                }));
            }
            go.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(3, TimeUnit.MINUTES));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The {@code error} of the user's LOGIN_ERROR events, waiting until {@code expected} are there. */
    static List<String> loginErrors(PracticeKeyServer kc, User user, int expected) {
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            errors.clear();
            kc.admin().get(PracticeKeyServer.REALM + "/events?type=LOGIN_ERROR&max=1000&user=" + user.id()).expect(200).json()
                    .forEach(e -> errors.add(e.path("error").asText()));
            if (errors.size() >= expected) {
                break;
            }
            pause(250);
        }
        return errors;
    }

    static List<String> eventTypes(PracticeKeyServer kc, User user) {
        List<String> types = new ArrayList<>();
        kc.admin().get(PracticeKeyServer.REALM + "/events?max=1000&user=" + user.id()).expect(200).json()
                .forEach(e -> types.add(e.path("type").asText()));
        return types;
    }

    /** The newest PracticeKey admin event for this action on this user. */
    static JsonNode adminEvent(PracticeKeyServer kc, Practice p, User target, String what) {
        String path = "practicekey/tenants/" + p.tenant.alias() + "/users/" + target.id() + "/" + what;
        for (int i = 0; i < 40; i++) {
            for (JsonNode e : kc.admin().get(PracticeKeyServer.REALM + "/admin-events?max=1000&resourcePath="
                    + Http.enc(path)).expect(200).json()) {
                if (path.equals(e.path("resourcePath").asText())) {
                    assertThat(e.toString()).doesNotContainIgnoringCase("password");
                    return e;
                }
            }
            pause(250);
        }
        throw new AssertionError("no admin event at " + path);
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
