package io.icasdk.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.icasdk.testkit.IcaEmulatorExtension;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An S3 endpoint whose certificate this machine does not trust (what a network that re-signs TLS looks like to
 * the CRT, which reads the system's CA store): every file fails with what to do, in the time of one call's failed
 * handshakes (the CRT takes 10-30 s to report each, and tries four times), instead of each file retrying them
 * for many minutes.
 */
class UntrustedS3CertificateIT {
    @RegisterExtension
    static IcaEmulatorExtension emulator = new IcaEmulatorExtension();

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void anUntrustedS3Certificate_failsEveryFile_oneHandshakeWave_sayingHowToTrustTheNetworksCa() throws Exception {
        try (MockWebServer s3 = new MockWebServer()) {
            s3.useHttps(SelfSignedTls.forLoopback(dir).getSocketFactory());
            s3.start();
            for (int i = 0; i < 5; i++) {
                Trees.file(dir.resolve("run/f" + i + ".bin"), 1000, i);
            }
            long t0 = System.nanoTime();
            TransferResult result;
            try (TransferManager tm = TransferManager.builder()
                    .icaClient(EmulatorSetup.client(emulator.emulator(), dir))
                    .s3EndpointOverride(URI.create("https://127.0.0.1:" + s3.getPort()))
                    .maxFilesInFlight(2).journalDirectory(dir.resolve("journals")).build()) {
                result = tm.upload(r -> r.source(dir.resolve("run")).remoteFolder("/untrusted/")).join();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            assertThat(result.failed()).isEqualTo(5);
            assertThat(result.failures()).allSatisfy(f -> assertThat(f.reason())
                    .contains("AWS_IO_TLS_ERROR_NEGOTIATION_FAILURE")
                    .contains("this machine does not trust the server's certificate")
                    .contains("update-ca-certificates"));
            assertThat(took).as("one wave of failed handshakes (four of 10-30 s each: the CRT retries), not one"
                    + " per file").isLessThan(Duration.ofSeconds(200));
            assertThat(s3.getRequestCount()).as("no request got through a handshake").isZero();
        }
    }
}
