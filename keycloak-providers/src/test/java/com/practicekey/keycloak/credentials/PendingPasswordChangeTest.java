package com.practicekey.keycloak.credentials;

import com.practicekey.keycloak.credentials.PendingPasswordChange.Outcome;
import com.practicekey.keycloak.credentials.ThirdPartyPasswordEvent.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PendingPasswordChangeTest {

    @Test
    void a_reset_always_marks_the_password_temporary() {
        for (boolean setInRequest : new boolean[]{true, false}) {
            for (boolean temporary : new boolean[]{true, false}) {
                for (boolean action : new boolean[]{true, false}) {
                    assertThat(PendingPasswordChange.afterAdminWrite(Kind.RESET, setInRequest, temporary, action))
                            .isEqualTo(Outcome.MARK_TEMPORARY);
                }
            }
        }
    }

    @Test
    void a_user_write_that_stored_a_password_marks_it_temporary() {
        for (boolean temporary : new boolean[]{true, false}) {
            for (boolean action : new boolean[]{true, false}) {
                assertThat(PendingPasswordChange.afterAdminWrite(Kind.USER_WRITE, true, temporary, action))
                        .isEqualTo(Outcome.MARK_TEMPORARY);
            }
        }
    }

    @Test
    void a_user_write_that_removed_the_action_from_a_temporary_password_gets_it_back() {
        assertThat(PendingPasswordChange.afterAdminWrite(Kind.USER_WRITE, false, true, false)).isEqualTo(Outcome.RESTORE_ACTION);
        assertThat(PendingPasswordChange.afterAdminWrite(Kind.USER_WRITE, false, true, true)).isEqualTo(Outcome.NONE);
    }

    @Test
    void the_users_own_password_is_left_alone_with_or_without_the_action() {
        assertThat(PendingPasswordChange.afterAdminWrite(Kind.USER_WRITE, false, false, false)).isEqualTo(Outcome.NONE);
        assertThat(PendingPasswordChange.afterAdminWrite(Kind.USER_WRITE, false, false, true))
                .as("an admin may still ask for a new password").isEqualTo(Outcome.NONE);
    }

    @Test
    void a_sign_in_restores_a_missing_action_only_for_a_temporary_password() {
        assertThat(PendingPasswordChange.atSignIn(true, false)).isEqualTo(Outcome.RESTORE_ACTION);
        assertThat(PendingPasswordChange.atSignIn(true, true)).isEqualTo(Outcome.NONE);
        assertThat(PendingPasswordChange.atSignIn(false, false)).isEqualTo(Outcome.NONE);
        assertThat(PendingPasswordChange.atSignIn(false, true)).isEqualTo(Outcome.NONE);
    }
}
