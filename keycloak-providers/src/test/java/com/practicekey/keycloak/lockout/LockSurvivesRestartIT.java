package com.practicekey.keycloak.lockout;

import com.practicekey.stack.Http;
import com.practicekey.stack.junit.PracticeKeyServer;
import com.practicekey.stack.junit.PracticeKeyServer.User;
import com.practicekey.stack.junit.PracticeKeyTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.practicekey.keycloak.lockout.LockoutIT.WRONG;
import static com.practicekey.keycloak.lockout.LockoutIT.assertInvalidCredentials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 4, item 5: locks and failure counts are in the database, so a full restart of Keycloak
 * (process stopped, started again on the same database) keeps them. Restarts the JVM's shared
 * server; it comes back on the same ports, so other test classes do not notice.
 */
@PracticeKeyTest
class LockSurvivesRestartIT {

    @Test
    void locks_and_counts_survive_a_full_restart(PracticeKeyServer kc) {
        assumeTrue(kc.canRestart(), "the " + kc.backend() + " backend cannot restart on the same database");
        LockoutIT.Practice p = LockoutIT.Practice.create(kc, 3);
        User byAdmin = p.member();
        User byFailures = p.member();
        User counting = p.member();
        Http.send("POST", p.url(byAdmin, "lock"), p.adminToken(), Map.of("reason", "audit")).expect(200);
        LockoutIT.lockByFailures(kc, byFailures, 3);
        assertInvalidCredentials(kc.passwordGrant(counting.email(), WRONG));
        assertInvalidCredentials(kc.passwordGrant(counting.email(), WRONG));

        kc.restart();

        assertInvalidCredentials(kc.passwordGrant(byAdmin.email(), byAdmin.password()));
        assertInvalidCredentials(kc.passwordGrant(byFailures.email(), byFailures.password()));
        assertThat(p.lockStatus(byAdmin).expect(200).json().path("lockReason").asText()).isEqualTo("ADMIN");
        assertThat(p.lockStatus(counting).expect(200).json().path("failedAttempts").asInt()).isEqualTo(2);
        assertInvalidCredentials(kc.passwordGrant(counting.email(), WRONG));
        assertInvalidCredentials(kc.passwordGrant(counting.email(), counting.password()));
        assertThat(p.lockStatus(counting).expect(200).json().path("locked").asBoolean()).isTrue();
        p.unlock(byFailures).expect(204);
        kc.passwordGrant(byFailures.email(), byFailures.password()).expect(200);
    }
}
