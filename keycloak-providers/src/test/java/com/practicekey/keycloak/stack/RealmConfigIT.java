package com.practicekey.keycloak.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.practicekey.stack.junit.PracticeKeyServer;
import com.practicekey.stack.junit.PracticeKeyTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The imported realm is what contract section 1 says, read back from the running server. */
@PracticeKeyTest
class RealmConfigIT {

    private PracticeKeyServer kc;
    private JsonNode realm;

    @BeforeEach
    void givenTheImportedRealm(PracticeKeyServer kc) {
        this.kc = kc;
        this.realm = kc.admin().get(PracticeKeyServer.REALM).expect(200).json();
    }

    @Test
    void identities_are_email_addresses() {
        assertThat(realm.path("organizationsEnabled").asBoolean()).isTrue();
        assertThat(realm.path("registrationEmailAsUsername").asBoolean()).isTrue();
        assertThat(realm.path("loginWithEmailAllowed").asBoolean()).isTrue();
        assertThat(realm.path("duplicateEmailsAllowed").asBoolean()).isFalse();
        assertThat(realm.path("sslRequired").asText()).isEqualTo("external");
    }

    @Test
    void passwords_brute_force_and_sessions() {
        assertThat(realm.path("passwordPolicy").asText())
                .contains("length(8)", "notUsername", "notEmail", "hashAlgorithm(argon2)");
        assertThat(realm.path("bruteForceProtected").asBoolean()).isTrue();
        assertThat(realm.path("permanentLockout").asBoolean()).isTrue();
        assertThat(realm.path("ssoSessionIdleTimeout").asInt()).isEqualTo(900);
    }

    @Test
    void events_are_saved_and_practicekey_listens() {
        assertThat(realm.path("eventsEnabled").asBoolean()).isTrue();
        assertThat(realm.path("adminEventsEnabled").asBoolean()).isTrue();
        List<String> listeners = new ArrayList<>();
        realm.path("eventsListeners").forEach(l -> listeners.add(l.asText()));
        assertThat(listeners).contains("practicekey-audit");
    }

    @Test
    void the_apps_are_confidential_clients_with_pkce() {
        for (String clientId : List.of("clinical-app", "billing-app")) {
            JsonNode client = kc.admin().get(PracticeKeyServer.REALM + "/clients?clientId=" + clientId).expect(200).json().get(0);
            assertThat(client).as(clientId).isNotNull();
            assertThat(client.path("publicClient").asBoolean()).as(clientId + " public").isFalse();
            assertThat(client.path("standardFlowEnabled").asBoolean()).isTrue();
            assertThat(client.path("implicitFlowEnabled").asBoolean()).isFalse();
            assertThat(client.path("attributes").path("pkce.code.challenge.method").asText()).isEqualTo("S256");
        }
    }

    @Test
    void the_support_role_exists() {
        assertThat(kc.admin().get(PracticeKeyServer.REALM + "/roles/support").status()).isEqualTo(200);
    }
}
