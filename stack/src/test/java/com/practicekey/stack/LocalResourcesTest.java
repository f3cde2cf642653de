package com.practicekey.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class LocalResourcesTest {

    @Test
    void a_state_folder_is_locked_once_and_free_again_after_the_holder_lets_go(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        Optional<FileChannel> first = LocalResources.lockState(state);
        assertThat(first).isPresent();
        assertThat(LocalResources.lockState(state)).as("a second stack on the same folder").isEmpty();
        first.get().close();
        Optional<FileChannel> again = LocalResources.lockState(state);
        assertThat(again).isPresent();
        again.get().close();
    }

    @Test
    void fresh_clears_the_state_but_keeps_the_held_lock(@TempDir Path dir) throws Exception {
        Optional<FileChannel> lock = LocalResources.lockState(dir);
        Files.createDirectories(dir.resolve("pgdata/base"));
        Files.writeString(dir.resolve("clinical.log"), "x");
        LocalResources.clearState(dir);
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactly(LocalResources.LOCK_FILE);
        }
        assertThat(LocalResources.lockState(dir)).as("still held").isEmpty();
        lock.orElseThrow().close();
    }

    @Test
    void a_port_something_listens_on_is_named_with_its_setting_and_a_free_one_is_not() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int free = KeycloakServer.freePort();
            Map<String, Integer> ports = new LinkedHashMap<>();
            ports.put("PK_HTTPS_PORT", taken.getLocalPort());
            ports.put("PK_CLINICAL_PORT", free);
            assertThat(LocalResources.busyPorts(ports)).containsExactly(taken.getLocalPort() + " (PK_HTTPS_PORT)");
        }
    }
}
