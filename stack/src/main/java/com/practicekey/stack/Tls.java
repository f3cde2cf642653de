package com.practicekey.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The HTTPS policy of every PracticeKey listener, and the self-signed certificate of the local
 * stack and the tests.
 *
 * <p>Protocols TLS 1.3 and 1.2 only; cipher suites only forward-secret AEAD ones (Mozilla
 * "intermediate" restricted to ECDHE key exchange: AES-GCM and ChaCha20-Poly1305). The TLS 1.3
 * suites are listed too because the listener's suite list is applied to every protocol.
 */
public final class Tls {

    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private Tls() {
    }

    /** A PKCS#12 key store with a self-signed certificate for localhost, made once with the JDK's keytool. */
    public static Path selfSignedKeyStore(Path dir, String password) {
        Path store = dir.resolve("localhost.p12");
        if (Files.exists(store)) {
            return store;
        }
        try {
            Files.createDirectories(dir);
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process p = new ProcessBuilder(keytool.toString(), "-genkeypair",
                    "-alias", "localhost", "-keyalg", "RSA", "-keysize", "3072", "-validity", "825",
                    "-dname", "CN=localhost, O=PracticeKey development",
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                    "-storetype", "PKCS12", "-keystore", store.toString(),
                    "-storepass", password, "-keypass", password)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("keytool.log").toFile())
                    .start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool could not create " + store + "; see " + dir.resolve("keytool.log"));
            }
            return store;
        } catch (IOException e) {
            throw new IllegalStateException("keytool could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + store, e);
        }
    }

    /** Keycloak's https options for the key store and this policy. */
    public static java.util.Map<String, String> keycloakOptions(Path keyStore, String password) {
        return java.util.Map.of(
                "https-key-store-file", keyStore.toString(),
                "https-key-store-password", password,
                "https-protocols", String.join(",", PROTOCOLS),
                "https-cipher-suites", String.join(",", CIPHER_SUITES));
    }

    /** The key store's certificate as a PEM file next to it (for clients that trust the stack's certificate). */
    public static Path certificatePem(Path keyStore, String password) {
        try (java.io.InputStream in = Files.newInputStream(keyStore)) {
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
            java.security.cert.Certificate cert = ks.getCertificate("localhost");
            Path pem = keyStore.resolveSibling("localhost.pem");
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                    + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                            .encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
            return pem;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the certificate of " + keyStore + ": " + e.getMessage(), e);
        }
    }
}
