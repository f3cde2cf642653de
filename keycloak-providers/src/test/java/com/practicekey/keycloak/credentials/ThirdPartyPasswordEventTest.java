package com.practicekey.keycloak.credentials;

import org.junit.jupiter.api.Test;

import static com.practicekey.keycloak.credentials.ThirdPartyPasswordEvent.Kind.RESET;
import static com.practicekey.keycloak.credentials.ThirdPartyPasswordEvent.Kind.USER_WRITE;
import static org.assertj.core.api.Assertions.assertThat;

class ThirdPartyPasswordEventTest {

    static final String ID = "5b0e7a52-2f7c-4a0e-9a63-1f2d3c4b5a69";

    @Test
    void reset_password_action_is_a_password_set() {
        assertThat(ThirdPartyPasswordEvent.classify("ACTION", "USER", "users/" + ID + "/reset-password"))
                .contains(new ThirdPartyPasswordEvent(RESET, ID));
    }

    @Test
    void create_and_update_of_a_user_may_carry_one() {
        assertThat(ThirdPartyPasswordEvent.classify("CREATE", "USER", "users/" + ID))
                .contains(new ThirdPartyPasswordEvent(USER_WRITE, ID));
        assertThat(ThirdPartyPasswordEvent.classify("UPDATE", "USER", "users/" + ID))
                .contains(new ThirdPartyPasswordEvent(USER_WRITE, ID));
    }

    @Test
    void partial_import_results_are_recorded_with_resource_realm() {
        assertThat(ThirdPartyPasswordEvent.classify("CREATE", "REALM", "users/" + ID))
                .contains(new ThirdPartyPasswordEvent(USER_WRITE, ID));
        assertThat(ThirdPartyPasswordEvent.classify("UPDATE", "REALM", "users/" + ID))
                .contains(new ThirdPartyPasswordEvent(USER_WRITE, ID));
        assertThat(ThirdPartyPasswordEvent.classify("CREATE", "REALM", "groups/" + ID)).isEmpty();
        assertThat(ThirdPartyPasswordEvent.classify("ACTION", "REALM", "users/" + ID + "/reset-password")).isEmpty();
    }

    @Test
    void other_events_are_not() {
        assertThat(ThirdPartyPasswordEvent.classify("ACTION", "USER", "users/" + ID + "/logout")).isEmpty();
        assertThat(ThirdPartyPasswordEvent.classify("ACTION", "USER", "users/" + ID + "/execute-actions-email")).isEmpty();
        assertThat(ThirdPartyPasswordEvent.classify("DELETE", "USER", "users/" + ID)).isEmpty();
        assertThat(ThirdPartyPasswordEvent.classify("UPDATE", "USER", "users/" + ID + "/groups/g1")).isEmpty();
        assertThat(ThirdPartyPasswordEvent.classify("CREATE", "GROUP", "groups/" + ID)).isEmpty();
        assertThat(ThirdPartyPasswordEvent.classify("UPDATE", "USER", null)).isEmpty();
        assertThat(ThirdPartyPasswordEvent.classify("ACTION", "USER", "users//reset-password")).isEmpty();
        assertThat(ThirdPartyPasswordEvent.classify("ACTION", "USER", "tenants/t1/users/" + ID + "/password")).isEmpty();
    }
}
