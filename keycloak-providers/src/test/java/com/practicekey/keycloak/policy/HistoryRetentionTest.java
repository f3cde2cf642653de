package com.practicekey.keycloak.policy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryRetentionTest {

    @Test
    void the_realms_history_is_retention_not_requirement() {
        PolicyRules realm = PolicyParser.parseStrict("length(8) and passwordHistory(24)");

        assertThat(HistoryRetention.retention(realm)).isEqualTo(24);
        assertThat(HistoryRetention.realmRequirements(realm, OptionalInt.empty()).toKeycloakString()).isEqualTo("length(8)");
        assertThat(HistoryRetention.realmRequirements(realm, OptionalInt.of(3)).get(RuleId.PASSWORD_HISTORY))
                .map(Rule::intValue).contains(3);
    }

    @Test
    void a_tenant_value_within_the_retention_is_kept_as_it_is() {
        TenantSettings s = TenantSettings.fromAttributes(Map.of("passwordPolicy", List.of("passwordHistory(12) and length(10)")));

        assertThat(HistoryRetention.cap(s, 24)).isSameAs(s);
    }

    @Test
    void a_tenant_value_above_the_retention_is_capped_and_reported() {
        TenantSettings s = TenantSettings.fromAttributes(Map.of("passwordPolicy", List.of("passwordHistory(30) and length(10)")));

        TenantSettings capped = HistoryRetention.cap(s, 24);

        assertThat(capped.passwordPolicy().get(RuleId.PASSWORD_HISTORY)).map(Rule::intValue).contains(24);
        assertThat(capped.passwordPolicy().get(RuleId.LENGTH)).map(Rule::intValue).contains(10);
        assertThat(capped.problems()).singleElement().hasToString(HistoryRetention.problem(30, 24).toString());
        assertThat(capped.problems().get(0).toString()).contains("passwordHistory(30)").contains("24");
    }

    @Test
    void without_retention_no_history_can_be_enforced() {
        TenantSettings s = TenantSettings.fromAttributes(Map.of("passwordPolicy", List.of("passwordHistory(3)")));

        assertThat(HistoryRetention.cap(s, 0).passwordPolicy().get(RuleId.PASSWORD_HISTORY)).map(Rule::intValue).contains(0);
    }
}
