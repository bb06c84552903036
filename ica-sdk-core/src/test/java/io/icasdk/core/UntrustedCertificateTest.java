package io.icasdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ICA behind a certificate this Java does not trust (what a network that re-signs TLS looks like): the call
 * fails at once, without retries, saying how to make Java trust that network's CA.
 */
class UntrustedCertificateTest {
  @TempDir Path dir;
  MockWebServer server;

  @BeforeEach
  void startHttpsServer() throws Exception {
    Path keyStore = dir.resolve("server.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
        "-ext", "san=ip:127.0.0.1", "-validity", "2", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
        "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(Files.readString(dir.resolve("keytool.log"))).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    server = new MockWebServer();
    server.useHttps(tls.getSocketFactory());
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aServerCertificateJavaDoesNotTrust_failsAtOnce_sayingHowToTrustTheNetworksCa() {
    MutableClock clock = new MutableClock(java.time.Instant.parse("2025-06-01T12:00:00Z"));
    IcaClient client = IcaClient.builder().baseUrl("https://127.0.0.1:" + server.getPort() + "/ica/rest")
        .apiKey("key").environment(Map.of()).userHome(dir).clock(clock)
        .sleeper(d -> clock.advance(d)).connectTimeout(Duration.ofSeconds(5)).build();

    IcaIoException e = catchThrowableOfType(IcaIoException.class, client::listRegions);

    assertThat(e.getMessage())
        .contains("with ICA at https://127.0.0.1:" + server.getPort())
        .contains("after 1 attempt(s)")
        .contains("This Java does not trust the server's TLS certificate")
        .contains("keytool -importcert -cacerts")
        .contains("-Djavax.net.ssl.trustStore=");
    assertThat(server.getRequestCount()).as("no request got through the handshake").isZero();
  }
}
