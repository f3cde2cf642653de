package com.practicekey.stack;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Offers one TLS protocol and one cipher suite to a listener and reports what it answered.
 *
 * <p>Runs in a JVM of its own ({@link #probe}) whose {@code jdk.tls.disabledAlgorithms} is
 * emptied, so that the client really offers old protocols and weak suites and any refusal is
 * the server's. Prints {@code ACCEPTED <protocol> <suite>} or {@code REFUSED <reason>}.
 */
public final class TlsProbe {

    public record Result(boolean accepted, String detail) {
        /** True when the server itself refused (a TLS alert from the peer), not the local client. */
        public boolean refusedByServer() {
            return !accepted && (detail.contains("Received fatal alert") || detail.contains("Remote host terminated"));
        }
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new TrustAll()}, null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(host, port)) {
            s.setSoTimeout(10_000);
            s.setEnabledProtocols(new String[] {args[2]});
            s.setEnabledCipherSuites(new String[] {args[3]});
            s.startHandshake();
            System.out.println("ACCEPTED " + s.getSession().getProtocol() + " " + s.getSession().getCipherSuite());
        } catch (Exception e) {
            System.out.println("REFUSED " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Runs the probe in a fresh JVM and returns its verdict. */
    public static Result probe(String host, int port, String protocol, String suite) {
        try {
            Path security = Files.createTempFile("tls-probe", ".security");
            Files.writeString(security, "jdk.tls.disabledAlgorithms=\njdk.tls.legacyAlgorithms=\n");
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djava.security.properties=" + security,
                    "-cp", System.getProperty("java.class.path"),
                    TlsProbe.class.getName(), host, String.valueOf(port), protocol, suite));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor(60, TimeUnit.SECONDS);
            Files.deleteIfExists(security);
            String last = out.lines().reduce((a, b) -> b).orElse("");
            if (!last.startsWith("ACCEPTED") && !last.startsWith("REFUSED")) {
                throw new IllegalStateException("TLS probe did not answer: " + out);
            }
            return new Result(last.startsWith("ACCEPTED"), last);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
