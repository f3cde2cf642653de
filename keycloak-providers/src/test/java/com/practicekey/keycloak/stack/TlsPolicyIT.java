package com.practicekey.keycloak.stack;

import com.practicekey.stack.TlsProbe;
import com.practicekey.stack.junit.PracticeKeyServer;
import com.practicekey.stack.junit.PracticeKeyTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The HTTPS listener speaks only TLS 1.3/1.2 with forward-secret AEAD suites (contract: promise 8). */
@PracticeKeyTest
class TlsPolicyIT {

    private String host;
    private int port;

    @BeforeEach
    void https(PracticeKeyServer kc) {
        assumeTrue(kc.httpsUrl() != null, "the " + kc.backend() + " backend has no HTTPS listener of ours");
        host = kc.httpsUrl().getHost();
        port = kc.httpsUrl().getPort();
    }

    @Test
    void accepts_tls_1_3() {
        TlsProbe.Result r = TlsProbe.probe(host, port, "TLSv1.3", "TLS_AES_128_GCM_SHA256");
        assertThat(r.accepted()).as(r.detail()).isTrue();
        assertThat(r.detail()).contains("TLSv1.3");
    }

    @Test
    void accepts_an_ecdhe_gcm_suite_on_tls_1_2() {
        TlsProbe.Result r = TlsProbe.probe(host, port, "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(r.accepted()).as(r.detail()).isTrue();
        assertThat(r.detail()).contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    }

    @Test
    void refuses_tls_1_1() {
        TlsProbe.Result r = TlsProbe.probe(host, port, "TLSv1.1", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");
        assertThat(r.refusedByServer()).as(r.detail()).isTrue();
    }

    @Test
    void refuses_a_cbc_sha_suite() {
        TlsProbe.Result r = TlsProbe.probe(host, port, "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");
        assertThat(r.refusedByServer()).as(r.detail()).isTrue();
    }

    @Test
    void refuses_a_suite_without_forward_secrecy() {
        TlsProbe.Result r = TlsProbe.probe(host, port, "TLSv1.2", "TLS_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(r.refusedByServer()).as(r.detail()).isTrue();
    }
}
