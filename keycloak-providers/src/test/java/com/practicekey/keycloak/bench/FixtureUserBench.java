package com.practicekey.keycloak.bench;

import com.practicekey.stack.Http;
import com.practicekey.stack.KeycloakAdmin;
import com.practicekey.stack.junit.PracticeKeyServer;
import com.practicekey.stack.junit.PracticeKeyTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the fixture's honest user creation costs ({@link PracticeKeyServer#newUser}: admin sets a
 * random temporary password, the user chooses theirs on the login pages, the session is logged
 * out) against the old admin-only way (create, reset with {@code temporary: false}, PUT without
 * UPDATE_PASSWORD), in the same run and interleaved. The old way no longer gives a user who can
 * sign in; it is measured for its cost only. Prints the ratio; never asserts on time. Run with
 * {@code -Pbench} or by name ({@code -Dit.test=FixtureUserBench}); {@code -Dbench.users} (default 20).
 */
@PracticeKeyTest
class FixtureUserBench {

    @Test
    void new_fixture_users_against_the_old_admin_only_way(PracticeKeyServer kc) {
        int users = Integer.getInteger("bench.users", 20);
        for (int i = 0; i < 3; i++) { // warm-up
            oldWay(kc);
            kc.newUser();
        }
        long oldNanos = 0;
        long newNanos = 0;
        String lastOld = null;
        PracticeKeyServer.User lastNew = null;
        for (int i = 0; i < users; i++) {
            boolean oldFirst = i % 2 == 0;
            for (int k = 0; k < 2; k++) {
                long t0 = System.nanoTime();
                if (oldFirst == (k == 0)) {
                    lastOld = oldWay(kc);
                    oldNanos += System.nanoTime() - t0;
                } else {
                    lastNew = kc.newUser();
                    newNanos += System.nanoTime() - t0;
                }
            }
        }
        double oldMs = oldNanos / 1e6 / users;
        double newMs = newNanos / 1e6 / users;
        System.out.printf("FixtureUserBench: %d users each; old admin-only way %.0f ms/user, "
                + "new way with the user's own change %.0f ms/user; ratio new/old %.2f%n", users, oldMs, newMs, newMs / oldMs);

        assertThat(kc.admin().get(PracticeKeyServer.REALM + "/users/" + lastOld).expect(200).json().path("requiredActions")
                .toString()).as("the old way no longer makes a permanent password").contains("UPDATE_PASSWORD");
        assertThat(kc.passwordGrant(lastNew.email(), lastNew.password()).status()).isEqualTo(200);
    }

    /** The fixture's user creation before: create, permanent reset, PUT without required actions. */
    static String oldWay(PracticeKeyServer kc) {
        KeycloakAdmin admin = kc.admin();
        String realm = PracticeKeyServer.REALM;
        String id = admin.createUser(realm, PracticeKeyServer.unique("old") + "@example.test", "Test", "User");
        admin.resetPassword(realm, id, PracticeKeyServer.DEFAULT_PASSWORD, false);
        @SuppressWarnings("unchecked")
        Map<String, Object> rep = Http.JSON.convertValue(admin.get(realm + "/users/" + id).expect(200).json(), Map.class);
        rep.put("requiredActions", List.of());
        admin.call("PUT", realm + "/users/" + id, rep).expect(204);
        return id;
    }
}
