package com.practicekey.stack.junit;

import com.practicekey.stack.Settings;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Gives tests the one {@link PracticeKeyServer} of this JVM (started on first use, stopped when
 * the test run ends) as a parameter of test methods, constructors and lifecycle methods, and
 * prints the server's log when a test fails.
 *
 * <p>Backend: system property {@code practicekey.keycloak.backend} = {@code distribution},
 * {@code container} or {@code auto} (default: {@code container} when a Docker engine answers,
 * else {@code distribution}). The provider jar comes from {@code practicekey.providerJar}.
 */
public class PracticeKeyExtension implements ParameterResolver, TestWatcher {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PracticeKeyExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == PracticeKeyServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        return server(c);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Holder holder = context.getRoot().getStore(NS).get(Holder.class, Holder.class);
        PracticeKeyServer server = holder == null ? null : holder.server;
        if (server != null) {
            System.err.println("---- last lines of the Keycloak log (" + context.getDisplayName() + " failed) ----");
            System.err.println(server.logTail(80));
            System.err.println("---- end of Keycloak log ----");
        }
    }

    public static PracticeKeyServer server(ExtensionContext c) {
        Holder holder = c.getRoot().getStore(NS).getOrComputeIfAbsent(Holder.class, k -> new Holder(), Holder.class);
        if (holder.failure != null) {
            throw new IllegalStateException("the PracticeKey test server did not start (once per JVM; not retried)", holder.failure);
        }
        return holder.server;
    }

    /** Which backend this JVM uses, by the rules in the class comment. */
    public static String chosenBackend() {
        String wanted = Settings.get("practicekey.keycloak.backend", "PK_KEYCLOAK_BACKEND", "auto");
        return switch (wanted) {
            case "distribution", "container" -> wanted;
            case "auto" -> ContainerServer.dockerAnswers() ? "container" : "distribution";
            default -> throw new IllegalArgumentException("practicekey.keycloak.backend must be distribution, container or auto, not " + wanted);
        };
    }

    public static Path providerJar() {
        String jar = Settings.get("practicekey.providerJar", "PK_PROVIDER_JAR", null);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("system property practicekey.providerJar must name the built provider jar (got "
                    + jar + "); run the tests with ./mvnw verify");
        }
        return Path.of(jar);
    }

    /** Starts and stops one server per JVM (per JUnit root store). */
    static final class Holder implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final PracticeKeyServer server;
        final RuntimeException failure;

        Holder() {
            PracticeKeyServer started = null;
            RuntimeException failed = null;
            try {
                Path jar = providerJar();
                long t0 = System.nanoTime();
                started = "container".equals(chosenBackend()) ? ContainerServer.start(jar) : DistributionServer.start(jar);
                PracticeKeyServer toStop = started;
                Runtime.getRuntime().addShutdownHook(new Thread(toStop::stop, "practicekey-test-server-stop"));
                started.prepareRealm();
                System.out.printf("PracticeKey test server (%s backend) ready at %s in %d s%n",
                        started.backend(), started.baseUrl(), (System.nanoTime() - t0) / 1_000_000_000L);
            } catch (RuntimeException e) {
                failed = e;
            }
            server = started;
            failure = failed;
        }

        @Override
        public void close() {
            if (server != null) {
                server.stop();
            }
        }
    }
}
