package io.icasdk.transfer;

import static io.icasdk.transfer.Trees.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icasdk.testkit.S3Op;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link TransferManager#openStream}: a project file read as a stream. */
class StreamIT extends EmulatorTestBase {
    @AfterEach
    void noFaultsLeft() {
        ica().faults().reset();
    }

    private Path uploaded(String folder, String name, long size, long seed) throws Exception {
        Path f = Trees.file(dir.resolve(name), size, seed);
        assertThat(tm.upload(r -> r.source(f).remoteFolder(folder).overwrite(OverwritePolicy.OVERWRITE)).join()
                .failures()).isEmpty();
        return f;
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            sha.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void readsMultipartAndSinglePartFilesByteForByte() throws Exception {
        Path big = uploaded("/stream/", "multi.bin", 12L * MIB + 7, 1);
        Path small = uploaded("/stream/", "small.txt", 1000, 2);
        Path empty = uploaded("/stream/", "empty.txt", 0, 3);
        for (Path f : new Path[] {big, small, empty}) {
            try (InputStream in = tm.openStream(null, "/stream/" + f.getFileName())) {
                assertThat(sha256(in)).as(f.getFileName().toString()).isEqualTo(Trees.sha256(f));
                assertThat(in.read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void aConnectionCutMidStream_isResumedWhereItStopped() throws Exception {
        Path f = uploaded("/cut/", "cut.bin", 3L * MIB + 1, 4);
        int before = ica().faults().resetCount();
        ica().faults().s3ResetConnections(1, S3Op.GET);
        try (InputStream in = tm.openStream(null, "/cut/cut.bin")) {
            assertThat(sha256(in)).isEqualTo(Trees.sha256(f));
        }
        assertThat(ica().faults().resetCount()).isEqualTo(before + 1);
    }

    /** The JDK's HTTP client has no read timeout: the stream closes a response that stopped moving, and goes on. */
    @Test
    void aStalledResponse_isClosedAfterTheStallTimeout_andTheStreamContinues() throws Exception {
        Path f = uploaded("/stalled/", "stalled.bin", 3L * MIB + 1, 9);
        try (TransferManager quick = manager().stallTimeout(java.time.Duration.ofSeconds(2)).build()) {
            ica().faults().s3StallDownloads(1, java.time.Duration.ofSeconds(60));
            long start = System.nanoTime();
            try (InputStream in = quick.openStream(null, "/stalled/stalled.bin")) {
                assertThat(sha256(in)).isEqualTo(Trees.sha256(f));
            }
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).as("not the 60 s of the stall")
                    .isLessThan(java.time.Duration.ofSeconds(20));
        }
    }

    @Test
    void damagedBytes_makeTheEndOfTheStreamThrow() throws Exception {
        uploaded("/damaged/", "one-part.txt", 5000, 5); // one part: its ETag is its MD5
        ica().faults().s3CorruptDownloads(1);
        try (InputStream in = tm.openStream(null, "/damaged/one-part.txt")) {
            assertThatThrownBy(() -> in.transferTo(new ByteArrayOutputStream()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("is damaged", "MD5")
                    .hasCauseInstanceOf(ChecksumMismatchException.class);
            assertThatThrownBy(in::read).as("a read after the failure is no clean end of the stream")
                    .isInstanceOf(IOException.class).hasCauseInstanceOf(ChecksumMismatchException.class);
        }
    }

    @Test
    void aFileReplacedWhileItIsRead_failsInsteadOfMixingVersions() throws Exception {
        uploaded("/replaced/", "r.bin", 4L * MIB, 6);
        ica().faults().s3ResetConnections(1, S3Op.GET);
        try (InputStream in = tm.openStream(null, "/replaced/r.bin")) {
            assertThat(in.readNBytes(1024)).hasSize(1024);
            uploaded("/replaced/", "r.bin", 4L * MIB, 7); // new content, new ETag
            assertThatThrownBy(() -> in.transferTo(new ByteArrayOutputStream()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("changed in ICA while it was read")
                    .hasCauseInstanceOf(SourceChangedException.class);
        }
    }

    @Test
    void aFolderOrAMissingFile_isRefusedClearly() throws Exception {
        uploaded("/refused/", "x.txt", 10, 8);
        assertThatThrownBy(() -> tm.openStream(null, "/refused/"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/refused/ is a folder");
        assertThatThrownBy(() -> tm.openStream(null, "/refused/nope.txt"))
                .isInstanceOf(SourceNotFoundException.class).hasMessageContaining("No file /refused/nope.txt");
        assertThat(Files.exists(dir.resolve("x.txt"))).isTrue(); // the local source is untouched
    }
}
