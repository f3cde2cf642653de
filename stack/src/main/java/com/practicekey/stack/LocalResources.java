package com.practicekey.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What one {@code ./devstack} must have to itself before it starts anything: its state folder
 * (a lock file inside it, held while it runs) and its loopback ports. A second stack on the same
 * folder or ports would otherwise start half-way on the first one's services.
 */
public final class LocalResources {

    /** The lock file's name inside the state folder; {@code --fresh} keeps it. */
    public static final String LOCK_FILE = "devstack.lock";

    private LocalResources() {
    }

    /**
     * Takes the state folder's lock, or empty when another process (or this one) holds it. The
     * lock lasts until the returned channel is closed or the process ends.
     */
    public static Optional<FileChannel> lockState(Path state) throws IOException {
        Files.createDirectories(state);
        FileChannel channel = FileChannel.open(state.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            return Optional.empty();
        }
        return Optional.of(channel);
    }

    /** Deletes everything in the state folder but its lock file ({@code --fresh}). */
    public static void clearState(Path state) throws IOException {
        if (!Files.isDirectory(state)) {
            return;
        }
        try (Stream<Path> children = Files.list(state)) {
            for (Path child : children.toList()) {
                if (!child.getFileName().toString().equals(LOCK_FILE)) {
                    if (Files.isDirectory(child)) {
                        Dirs.deleteTree(child);
                    } else {
                        Files.delete(child);
                    }
                }
            }
        }
    }

    /**
     * The ports (by the setting that chose each) that something already listens on or that cannot
     * be bound on 127.0.0.1, as {@code "8443 (PK_HTTPS_PORT)"}; empty when all are free.
     */
    public static List<String> busyPorts(Map<String, Integer> portsBySetting) {
        List<String> busy = new ArrayList<>();
        portsBySetting.forEach((setting, port) -> {
            try (ServerSocket s = new ServerSocket()) {
                // As the servers bind: connections of a stopped stack lingering in TIME_WAIT do not
                // make a port busy, a listening socket does.
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            } catch (IOException e) {
                busy.add(port + " (" + setting + ")");
            }
        });
        return busy;
    }
}
