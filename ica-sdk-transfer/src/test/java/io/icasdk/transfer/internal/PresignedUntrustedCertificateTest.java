package io.icasdk.transfer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.icasdk.core.HttpProxy;
import io.icasdk.core.IcaClient;
import io.icasdk.transfer.ChecksumMode;
import io.icasdk.transfer.FileOutcome;
import io.icasdk.transfer.FileResult;
import io.icasdk.transfer.OverwritePolicy;
import io.icasdk.transfer.TransferException;
import io.icasdk.transfer.internal.journal.JobKey;
import io.icasdk.transfer.internal.journal.Journal;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Presigned URLs whose server has a certificate this Java does not trust (what a network that re-signs TLS, or a
 * self-signed endpoint, looks like): uploads, downloads and streams fail at the first handshake, saying whose
 * certificate and how to make Java trust it, instead of retrying it as a network error and then failing vaguely.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PresignedUntrustedCertificateTest {
    @TempDir
    Path dir;

    /** The S3 side: HTTPS with a self-signed certificate; counts the connections that began a handshake. */
    MockWebServer s3;
    final AtomicInteger handshakes = new AtomicInteger();
    TransferRuntime rt;
    Journal journal;

    @BeforeEach
    void start() throws Exception {
        s3 = new MockWebServer();
        s3.useHttps(new CountingSocketFactory(io.icasdk.transfer.SelfSignedTls.forLoopback(dir).getSocketFactory(),
                handshakes));
        s3.start();
        rt = new TransferRuntime(new TransferSettings(8L << 20, 4, 4, ChecksumMode.CRC32C, dir.resolve("journals"), 0,
                null, "java", Duration.ofMinutes(1), Duration.ofSeconds(30), Clock.systemUTC(), SinkFactory.DIRECT,
                HttpProxy.none()));
        journal = Journal.open(dir.resolve("journals"), new JobKey("test", dir, "http://ica.test", "p", "/x/"));
    }

    @AfterEach
    void stop() throws IOException {
        journal.close();
        rt.close();
        s3.close();
    }

    @Test
    void aPresignedUpload_toAnUntrustedCertificate_failsAtTheFirstHandshake_sayingHowToTrustIt() throws Exception {
        Path file = dir.resolve("a.txt");
        Files.writeString(file, "hello");
        try (MockWebServer ica = new MockWebServer()) {
            ica.enqueue(new MockResponse.Builder().code(201).setHeader("Content-Type", "application/json")
                    .body("{\"projectId\":\"p\",\"data\":{\"id\":\"fil.1\"},\"uploadUrl\":\"" + url("/b/x/a.txt")
                            + "\"}").build());
            ica.start();
            IcaClient client = IcaClient.builder().baseUrl("http://127.0.0.1:" + ica.getPort() + "/ica/rest")
                    .apiKey("key").environment(Map.of()).userHome(dir).build();

            FileResult r = new PresignedTransfers(rt).upload(new PresignedTransfers.Upload(file, "a.txt", "/x/a.txt",
                    client.projectData("p"), OverwritePolicy.OVERWRITE, journal, new ProgressTracker(),
                    new Cancellation()));

            assertThat(r.outcome()).isEqualTo(FileOutcome.FAILED);
            assertUntrustedAdvice(r.reason(), "The presigned upload failed at once");
        }
        assertThat(handshakes).as("one attempt: a retry meets the same certificate").hasValue(1);
        assertThat(s3.getRequestCount()).as("no request got through the handshake").isZero();
    }

    @Test
    void aPresignedDownload_fromAnUntrustedCertificate_failsAtTheFirstHandshake_sayingHowToTrustIt() throws Exception {
        Path target = Files.createDirectories(dir.resolve("back")).resolve("a.txt");
        AtomicInteger mints = new AtomicInteger();

        FileResult r = new PresignedTransfers(rt).download(new PresignedTransfers.Download("a.txt", "/x/a.txt",
                dir.resolve("back"), target, 5, "\"5d41402abc4b2a76b9719d911017c592\"", Instant.now(), () -> {
                    mints.incrementAndGet();
                    return url("/b/x/a.txt");
                }, OverwritePolicy.OVERWRITE, journal, new ProgressTracker(), new Cancellation()));

        assertThat(r.outcome()).isEqualTo(FileOutcome.FAILED);
        assertUntrustedAdvice(r.reason(), "The presigned download failed at once");
        assertThat(r.reason()).as("running it again alone cannot help").doesNotContain("Run the same download again");
        assertThat(handshakes).as("one attempt: a retry meets the same certificate").hasValue(1);
        assertThat(mints).hasValue(1);
        assertThat(target).doesNotExist();
    }

    @Test
    void aStreamFromAnUntrustedCertificate_failsItsFirstRead_sayingHowToTrustIt() {
        RemoteFileStream in = new RemoteFileStream(rt.http(), rt::request, HttpProxy.none(), () -> url("/b/x/a.txt"),
                "/x/a.txt", 5, null, true, rt.bandwidth(), Duration.ofSeconds(30), rt.scheduler());

        IOException e = catchThrowableOfType(IOException.class, in::read);

        assertThat(e.getCause()).isInstanceOf(TransferException.class);
        assertUntrustedAdvice(e.getMessage(), "Reading /x/a.txt failed at once");
        assertThat(handshakes).as("one attempt: a retry meets the same certificate").hasValue(1);
    }

    private void assertUntrustedAdvice(String message, String start) {
        assertThat(message)
                .startsWith(start)
                .contains("the TLS certificate of 127.0.0.1 is not trusted by this Java")
                .contains("keytool -importcert -cacerts")
                .contains("-Djavax.net.ssl.trustStore=")
                .doesNotContain("X-Amz-Signature");
    }

    /** A presigned-looking URL on the S3 side (its query must never reach a message). */
    private URI url(String path) {
        return URI.create("https://127.0.0.1:" + s3.getPort() + path + "?X-Amz-Signature=SECRET");
    }
    /** The server's TLS, counting each accepted connection it wraps (each one a client's handshake attempt). */
    private static final class CountingSocketFactory extends SSLSocketFactory {
        private final SSLSocketFactory tls;
        private final AtomicInteger count;

        CountingSocketFactory(SSLSocketFactory tls, AtomicInteger count) {
            this.tls = tls;
            this.count = count;
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            count.incrementAndGet();
            return tls.createSocket(s, host, port, autoClose);
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return tls.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return tls.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return tls.createSocket(host, port);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return tls.createSocket(host, port, localHost, localPort);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return tls.createSocket(host, port);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return tls.createSocket(address, port, localAddress, localPort);
        }
    }
}
