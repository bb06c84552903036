package io.icasdk.transfer;

import static io.icasdk.transfer.Trees.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import io.icasdk.testkit.IcaEmulatorExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory a transfer holds is bounded by the requests in flight x the part size, not by the size or the
 * number of files: a child JVM whose heap is a quarter of one file's size uploads that file and 1,000 small
 * ones, then downloads them all again (it would end with an OutOfMemoryError otherwise; it passes with 24 MiB).
 * A stream, whose parts are held (off the heap) until S3 took them, needs the requests in flight + 1 parts of
 * memory.
 */
class MemoryBoundIT {
    /** 4 requests of 5 MiB in flight: 20 MiB of parts, whatever the files. */
    private static final int REQUESTS = 4;
    private static final String HEAP = "32m";
    private static final long BIG = 128L * MIB;
    private static final int SMALL_FILES = 1000;

    @RegisterExtension
    static IcaEmulatorExtension emulator = new IcaEmulatorExtension();

    @TempDir
    Path dir;

    @Test
    void aFileFourTimesTheHeap_andAThousandSmallFiles_roundTripInA32MiBHeap() throws Exception {
        Path src = dir.resolve("src");
        Trees.file(src.resolve("big.bin"), BIG, 1);
        for (int i = 0; i < SMALL_FILES; i++) {
            Trees.file(src.resolve(String.format("small/s%04d.bin", i)), 16 * 1024 + i, 100 + i);
        }
        Path target = dir.resolve("target");

        runChild("upload", src, "/memory/", REQUESTS);
        runChild("download", target, "/memory/", REQUESTS);

        assertThat(Files.size(target.resolve("big.bin"))).isEqualTo(BIG);
        assertThat(Trees.digests(target)).isEqualTo(Trees.digests(src));
    }

    @Test
    void aStreamFourTimesTheHeap_uploadsInA32MiBHeap() throws Exception {
        Path src = Trees.file(dir.resolve("stream.bin"), BIG, 2);
        runChild("upload-stream", src, "/memory-stream/stream.bin", 2); // 2 + 1 parts of 5 MiB on the heap
        assertThat(emulator.emulator().seed().readFile(emulator.emulator().projectId(), "/memory-stream/stream.bin")
                .orElseThrow()).isEqualTo(Files.readAllBytes(src));
    }

    private void runChild(String mode, Path local, String remote, int requests) throws Exception {
        Path log = dir.resolve("child-" + mode + ".log");
        Process child = new ProcessBuilder(TransferChild.command(HEAP, emulator.emulator(), mode,
                dir.resolve("journals"), local, remote, 4, requests))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("the child %s finished in 5 minutes", mode).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).as("the child %s's exit code (3: out of memory); its log:%n%s", mode,
                Files.readString(log)).isZero();
    }
}
