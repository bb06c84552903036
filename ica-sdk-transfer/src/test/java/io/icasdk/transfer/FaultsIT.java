package io.icasdk.transfer;

import static io.icasdk.transfer.Trees.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import io.icasdk.testkit.IcaEmulator;
import io.icasdk.testkit.S3Op;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Throttling, unavailability and dropped connections slow a transfer down but never break or corrupt it. */
class FaultsIT extends EmulatorTestBase {
    @BeforeAll
    static void fewerRequestsInFlight() {
        tm.close();
        tm = manager().maxRequestsInFlight(4).build();
    }

    @AfterEach
    void reset() {
        emulator.emulator().faults().reset();
    }

    private Path tree(String name) throws Exception {
        Path src = dir.resolve(name);
        Trees.file(src.resolve("big.bin"), 16L * MIB + 11, 1);
        for (int i = 0; i < 10; i++) {
            Trees.file(src.resolve("small/s" + i + ".txt"), 1000L * i, 100 + i);
        }
        return src;
    }

    @Test
    void icaThrottlingAndUnavailability_areRetried_andTheRoundTripIsIntact() throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path src = tree("src");
        ica.faults().throttle(3, null).serviceUnavailable(3);
        TransferResult up = tm.upload(u -> u.source(src).remoteFolder("/faults-ica/")).join();
        assertThat(up.failures()).isEmpty();
        ica.faults().throttle(3, null).serviceUnavailable(3);
        Path back = dir.resolve("back");
        TransferResult down = tm.download(d -> d.remotePath("/faults-ica/").target(back)).join();
        assertThat(down.failures()).isEmpty();
        assertThat(ica.faults().throttledCount()).isEqualTo(6);
        assertThat(ica.faults().serviceUnavailableCount()).isEqualTo(6);
        assertThat(Trees.digests(back)).isEqualTo(Trees.digests(src));
    }

    @Test
    void s3ConnectionResets_duringUploadAndDownload_areRetried_andNothingIsCorrupted() throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path src = tree("src2");
        ica.faults().s3ResetConnections(4, S3Op.PUT);
        TransferResult up = tm.upload(u -> u.source(src).remoteFolder("/faults-s3/")).join();
        assertThat(up.failures()).isEmpty();
        assertThat(ica.faults().resetCount()).isEqualTo(4);

        ica.faults().s3ResetConnections(4, S3Op.GET);
        Path back = dir.resolve("back");
        TransferResult down = tm.download(d -> d.remotePath("/faults-s3/").target(back)).join();
        assertThat(down.failures()).isEmpty();
        assertThat(ica.faults().resetCount()).isEqualTo(8);
        assertThat(Trees.digests(back)).isEqualTo(Trees.digests(src));
    }

    /**
     * A flipped bit in a downloaded body fails that file with a clear reason and keeps nothing; the next
     * run downloads it intact. Checked through S3's CRCs (objects uploaded with per-part checksums: a
     * multipart file and a single-request one) and, for objects that have none, through the ETag's MD5s.
     */
    @ParameterizedTest
    @EnumSource(value = ChecksumMode.class, names = {"CRC32C", "NONE"})
    void corruptedDownloads_failTheFile_keepNothing_andTheRerunIsIntact(ChecksumMode uploadChecksums)
            throws Exception {
        IcaEmulator ica = emulator.emulator();
        String remote = "/faults-corrupt-" + uploadChecksums + "/";
        Path src = dir.resolve("corrupt-src-" + uploadChecksums);
        Trees.file(src.resolve("big.bin"), 12L * MIB + 5, 3);
        Trees.file(src.resolve("small.bin"), 70_000, 4);
        try (TransferManager uploader = manager().checksumMode(uploadChecksums).build()) {
            assertThat(uploader.upload(u -> u.source(src).remoteFolder(remote)).join().failures()).isEmpty();
        }
        for (String name : new String[] {"big.bin", "small.bin"}) {
            Path target = dir.resolve("corrupt-" + uploadChecksums + "-" + name);
            ica.faults().s3CorruptDownloads(1);
            TransferResult bad = tm.download(d -> d.remotePath(remote + name).target(target)).join();
            assertThat(bad.failures()).singleElement().satisfies(f ->
                    assertThat(f.reason()).contains("do not match").contains("Download it again"));
            assertThat(target).doesNotExist();
            try (var siblings = Files.list(target.getParent())) {
                assertThat(siblings.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".icapart"));
            }
            ica.faults().reset();
            assertThat(tm.download(d -> d.remotePath(remote + name).target(target)).join().failures()).isEmpty();
            assertThat(Files.mismatch(target, src.resolve(name))).isEqualTo(-1L);
        }
    }
}
