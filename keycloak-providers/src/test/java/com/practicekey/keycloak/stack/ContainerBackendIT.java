package com.practicekey.keycloak.stack;

import com.practicekey.stack.Http;
import com.practicekey.stack.junit.ContainerServer;
import com.practicekey.stack.junit.PracticeKeyExtension;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Backend B of the fixture: testcontainers-keycloak with the same provider jar and realm file.
 * Needs a Docker engine; where none answers (as on the project's build machines) it is skipped
 * with that reason.
 */
class ContainerBackendIT {

    @Test
    void the_container_backend_runs_our_provider_and_realm() {
        assumeTrue(ContainerServer.dockerAnswers(),
                "no Docker engine answers here: backend B (testcontainers-keycloak) cannot run; backend A covers the suite");
        ContainerServer server = ContainerServer.start(PracticeKeyExtension.providerJar());
        try {
            Http.Response wellKnown = Http.send("GET", server.realmUrl(".well-known/openid-configuration"), null, null);
            assertThat(wellKnown.status()).isEqualTo(200);
            Http.Response api = Http.send("GET", server.apiUrl("me/policy"), null, null);
            assertThat(api.status()).isEqualTo(401);
            assertThat(api.json().path("error").asText()).isEqualTo("unauthorized");
        } finally {
            server.stop();
        }
    }
}
