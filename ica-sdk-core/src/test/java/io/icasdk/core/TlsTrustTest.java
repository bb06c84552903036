package io.icasdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.security.cert.CertificateException;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class TlsTrustTest {
  /**
   * A loop of causes (a.initCause(b), b.initCause(a): Throwable allows it, printStackTrace shows a "CIRCULAR
   * REFERENCE") walked for ever, hanging the REST client, the presigned transfers and S3's error classification on
   * the failure they were to describe (found by a review).
   */
  @Test
  void aLoopOfCauses_isNoCertificateFailure_andEnds() {
    IOException a = new IOException("connection reset");
    IOException b = new IOException("wrapped");
    a.initCause(b);
    b.initCause(a);

    boolean answer = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> TlsTrust.isCertificateFailure(a));
    assertThat(answer).isFalse();
  }

  @Test
  void aRefusedChainBelowAHandshakeFailure_isOne() {
    SSLHandshakeException e = new SSLHandshakeException("PKIX path building failed");
    e.initCause(new CertificateException("unable to find valid certification path"));
    assertThat(TlsTrust.isCertificateFailure(new IOException(e))).isTrue();
    assertThat(TlsTrust.isCertificateFailure(new IOException("reset"))).isFalse();
  }
}
