package com.practicekey.stack.junit;

import com.practicekey.stack.Database;
import com.practicekey.stack.KeycloakStack;
import com.practicekey.stack.Settings;
import dasniko.testcontainers.keycloak.KeycloakContainer;
import org.testcontainers.DockerClientFactory;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Backend B: {@code testcontainers-keycloak} with the same provider jar and realm file, for
 * machines where a Docker engine answers. Its database stays inside the container.
 */
public final class ContainerServer extends PracticeKeyServer {

    private final KeycloakContainer container;

    private ContainerServer(KeycloakContainer container) {
        this.container = container;
    }

    public static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    public static ContainerServer start(Path providerJar) {
        String image = "quay.io/keycloak/keycloak:" + Settings.build("keycloak.version");
        List<String> command = new ArrayList<>(List.of("start-dev", "--import-realm"));
        KeycloakStack.PROVIDER_OPTIONS.forEach((k, v) -> command.add("--" + k + "=" + v));
        @SuppressWarnings("resource")
        KeycloakContainer c = new KeycloakContainer(image)
                .withProviderLibsFrom(List.of(providerJar.toFile()))
                .withRealmImportFile("practicekey/practicekey-realm.json")
                .withStartupTimeout(Duration.ofMinutes(5));
        if (!KeycloakStack.PROVIDER_OPTIONS.isEmpty()) {
            c.withCustomCommand(String.join(" ", command.subList(1, command.size())));
        }
        c.start();
        return new ContainerServer(c);
    }

    @Override
    public URI baseUrl() {
        return URI.create(container.getAuthServerUrl());
    }

    @Override
    public URI httpsUrl() {
        return null;
    }

    @Override
    public Database database() {
        return null;
    }

    @Override
    public String adminUser() {
        return container.getAdminUsername();
    }

    @Override
    public String adminPassword() {
        return container.getAdminPassword();
    }

    @Override
    public String logTail(int lines) {
        String[] all = container.getLogs().split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    @Override
    public String backend() {
        return "container";
    }

    /** The container keeps its database inside: a restart would start from an empty one. */
    @Override
    public boolean canRestart() {
        return false;
    }

    @Override
    protected void restartKeycloak() {
        throw new UnsupportedOperationException("the container backend cannot restart Keycloak on the same database");
    }

    @Override
    public void stop() {
        container.stop();
    }
}
