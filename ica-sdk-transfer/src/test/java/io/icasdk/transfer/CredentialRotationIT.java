package io.icasdk.transfer;

import static io.icasdk.transfer.Trees.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.icasdk.core.IcaClient;
import io.icasdk.testkit.IcaEmulator;
import io.icasdk.testkit.IcaEmulatorExtension;
import io.icasdk.transfer.internal.credentials.RefreshingCredentialsProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Credentials that live a few seconds, or are revoked mid-transfer, never stop a long transfer: they
 * are renewed ahead of expiry, and refreshed when S3 refuses them.
 */
class CredentialRotationIT {
    @RegisterExtension
    static IcaEmulatorExtension emulator = new IcaEmulatorExtension();

    @TempDir
    Path dir;
    IcaClient client;
    TransferManager tm;
    ListAppender<ILoggingEvent> logs;
    Logger providerLog;

    @BeforeEach
    void setUp() {
        client = EmulatorSetup.client(emulator.emulator(), dir);
        tm = EmulatorSetup.manager(emulator.emulator(), client, dir.resolve("journals")).maxRequestsInFlight(2)
                .build();
        providerLog = (Logger) LoggerFactory.getLogger(RefreshingCredentialsProvider.class);
        logs = new ListAppender<>();
        logs.start();
        providerLog.addAppender(logs);
    }

    @AfterEach
    void tearDown() {
        providerLog.detachAppender(logs);
        emulator.emulator().faults().reset();
        tm.close();
    }

    @Test
    void longMultipartUpload_withCredentialsLivingTwoSeconds_finishes() throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path src = dir.resolve("src");
        Trees.file(src.resolve("long.bin"), 24L * MIB + 3, 1);
        ica.faults().credentialTtl(Duration.ofSeconds(2)).s3BandwidthBytesPerSecond(2L * MIB);

        TransferResult r = tm.upload(u -> u.source(src).remoteFolder("/ttl-up/")).join();
        assertThat(r.failures()).isEmpty();
        assertThat(r.duration()).isGreaterThan(Duration.ofSeconds(4));
        assertThat(messages("refreshed")).isGreaterThanOrEqualTo(2);

        ica.faults().reset();
        Path back = dir.resolve("back");
        assertThat(tm.download(d -> d.remotePath("/ttl-up/").target(back)).join().failures()).isEmpty();
        assertThat(Trees.digests(back)).isEqualTo(Trees.digests(src));
    }

    @Test
    void longDownload_withCredentialsLivingTwoSeconds_finishes() throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path orig = Trees.file(dir.resolve("orig/long.bin"), 24L * MIB + 5, 2);
        ica.seed().putFile(ica.projectId(), "/ttl-down/long.bin", orig);
        ica.faults().credentialTtl(Duration.ofSeconds(2)).s3BandwidthBytesPerSecond(2L * MIB);

        Path target = dir.resolve("down");
        TransferResult r = tm.download(d -> d.remotePath("/ttl-down/").target(target)).join();
        assertThat(r.failures()).isEmpty();
        assertThat(r.duration()).isGreaterThan(Duration.ofSeconds(4));
        assertThat(messages("refreshed")).isGreaterThanOrEqualTo(2);
        assertThat(Trees.sha256(target.resolve("long.bin"))).isEqualTo(Trees.sha256(orig));
    }

    @Test
    void credentialsRevokedMidUpload_areRefreshedOnRefusal_andTheUploadFinishes() throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path src = dir.resolve("src");
        Trees.file(src.resolve("big.bin"), 20L * MIB + 1, 3);
        ica.faults().s3BandwidthBytesPerSecond(4L * MIB);
        AtomicBoolean revoked = new AtomicBoolean();
        TransferListener revokeAfterFirstPart = new TransferListener() {
            @Override
            public void onProgress(TransferProgress p) {
                if (p.bytesTransferred() >= 5L * MIB && revoked.compareAndSet(false, true)) {
                    ica.faults().expireCredentials();
                }
            }
        };
        TransferResult r = tm.upload(u -> u.source(src).remoteFolder("/revoked-up/").listener(revokeAfterFirstPart))
                .join();
        assertThat(r.failures()).isEmpty();
        assertThat(revoked).isTrue();
        assertThat(messages("S3 refused the temporary credentials")).isPositive();

        ica.faults().reset();
        Path back = dir.resolve("back");
        assertThat(tm.download(d -> d.remotePath("/revoked-up/").target(back)).join().failures()).isEmpty();
        assertThat(Trees.digests(back)).isEqualTo(Trees.digests(src));
    }

    @Test
    void credentialsRevokedBeforeADownload_headAnswersABare400_andIsRetriedWithFreshCredentials() throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path orig = Trees.file(dir.resolve("orig/big.bin"), 11L * MIB, 4);
        ica.seed().putFile(ica.projectId(), "/revoked-down/big.bin", orig);
        AtomicBoolean revoked = new AtomicBoolean();
        TransferListener revokeAtStart = new TransferListener() {
            @Override
            public void onStarted(TransferProgress p) {
                ica.faults().expireCredentials();
                revoked.set(true);
            }
        };
        // The listener runs on its own thread: hold the first S3 request back until it has run.
        ica.faults().s3Latency(Duration.ofMillis(300));
        Path target = dir.resolve("down");
        TransferResult r = tm.download(d -> d.remotePath("/revoked-down/").target(target).listener(revokeAtStart))
                .join();
        assertThat(r.failures()).isEmpty();
        assertThat(revoked).isTrue();
        assertThat(messages("S3 refused the temporary credentials")).isPositive();
        assertThat(Trees.sha256(target.resolve("big.bin"))).isEqualTo(Trees.sha256(orig));
    }

    private long messages(String fragment) {
        return logs.list.stream().filter(e -> e.getFormattedMessage().contains(fragment)).count();
    }
}
