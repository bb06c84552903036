package io.icasdk.transfer;

import static io.icasdk.transfer.Trees.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import io.icasdk.testkit.IcaEmulator;
import io.icasdk.testkit.S3Op;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The presigned-URL path: single PUTs up, batched download URLs down, re-minted when they expire. */
class PresignedIT extends EmulatorTestBase {
    @Test
    void tree_roundTripsThroughPresignedUrls_withDownloadUrlsMintedInBatches() throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path src = dir.resolve("src");
        Trees.file(src.resolve("empty.txt"), 0, 1);
        Trees.file(src.resolve("big.bin"), 7L * MIB + 1, 2);
        for (int i = 0; i < 60; i++) {
            Trees.file(src.resolve("many/f #" + i + " +.txt"), 100 + i, 10 + i);
        }
        TransferResult up = tm.upload(u -> u.source(src).remoteFolder("/presigned/").presignedUrls(true)).join();
        assertThat(up.failures()).isEmpty();
        assertThat(up.succeeded()).isEqualTo(62);

        int before = ica.faults().restRequestCount();
        Path back = dir.resolve("back");
        TransferResult down = tm.download(d -> d.remotePath("/presigned/").target(back).presignedUrls(true)).join();
        assertThat(down.failures()).isEmpty();
        assertThat(Trees.digests(back)).isEqualTo(Trees.digests(src));
        // findByPath + project + listing pages + 2 batches of URLs: far fewer calls than files.
        assertThat(ica.faults().restRequestCount() - before).isLessThan(15);

        TransferResult upAgain = tm.upload(u -> u.source(src).remoteFolder("/presigned/").presignedUrls(true)
                .overwrite(OverwritePolicy.SKIP_EXISTING)).join();
        assertThat(upAgain.files()).hasSize(62).allSatisfy(f -> assertThat(f.isSkippedBecauseItExists()).isTrue());
        TransferResult downAgain = tm.download(d -> d.remotePath("/presigned/").target(back).presignedUrls(true)
                .overwrite(OverwritePolicy.SKIP_EXISTING)).join();
        assertThat(downAgain.files()).hasSize(62).allSatisfy(f -> assertThat(f.reason())
                .isEqualTo(FileResult.LOCAL_FILE_EXISTS));
    }

    /** A presigned GET starts over on every attempt: a file that fails keeps no temporary copy behind. */
    @Test
    void aPresignedDownloadThatFails_leavesNoTemporaryFile_andTheRerunIsIntact() throws Exception {
        Path src = dir.resolve("fail-src");
        Trees.file(src.resolve("f.bin"), 2L * MIB + 7, 51);
        assertThat(tm.upload(u -> u.source(src).remoteFolder("/presigned-fail/").presignedUrls(true)).join()
                .failures()).isEmpty();
        Path back = dir.resolve("fail-back");
        emulator.emulator().faults().s3ResetConnections(100, S3Op.GET);
        try {
            TransferResult r = tm.download(d -> d.remotePath("/presigned-fail/").target(back).presignedUrls(true))
                    .join();
            assertThat(r.failures()).singleElement().satisfies(f -> assertThat(f.reason()).contains("again"));
        } finally {
            emulator.emulator().faults().reset();
        }
        try (var left = Files.list(back)) {
            assertThat(left).as("nothing left in the target folder").isEmpty();
        }
        assertThat(tm.download(d -> d.remotePath("/presigned-fail/").target(back).presignedUrls(true)).join()
                .failures()).isEmpty();
        assertThat(Trees.digests(back)).isEqualTo(Trees.digests(src));
    }

    /**
     * A presigned body damaged on the way fails its MD5 check: the copy is discarded and the file fetched again,
     * intact. Damaged on every try, the file fails after one refetch with the checksum message, keeping nothing.
     */
    @Test
    void aCorruptedPresignedDownload_isFetchedAgain_andFailsOnlyWhenEveryTryIsCorrupted() throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path src = dir.resolve("corrupt-src");
        long size = 2L * MIB + 9;
        Trees.file(src.resolve("c.bin"), size, 61);
        assertThat(tm.upload(u -> u.source(src).remoteFolder("/presigned-corrupt/").presignedUrls(true)).join()
                .failures()).isEmpty();
        Path back = dir.resolve("corrupt-back");
        int before = ica.faults().corruptedCount();
        ica.faults().s3CorruptDownloads(1);
        TransferHandle h = tm.download(d -> d.remotePath("/presigned-corrupt/").target(back).presignedUrls(true));
        TransferResult fixed = h.join();
        assertThat(ica.faults().corruptedCount() - before).as("the fault fired").isEqualTo(1);
        assertThat(fixed.files()).singleElement().satisfies(f -> {
            assertThat(f.outcome()).as(String.valueOf(f.reason())).isEqualTo(FileOutcome.SUCCESS);
            assertThat(f.bytesTransferred()).as("both copies were moved").isEqualTo(2 * size);
        });
        assertThat(fixed.bytesTransferred()).isEqualTo(2 * size);
        assertThat(h.progress().bytesTransferred()).as("the progress counts the file once").isEqualTo(size);
        assertThat(Trees.digests(back)).isEqualTo(Trees.digests(src));

        Path again = dir.resolve("corrupt-again");
        before = ica.faults().corruptedCount();
        ica.faults().s3CorruptDownloads(1_000);
        TransferResult bad;
        try {
            bad = tm.download(d -> d.remotePath("/presigned-corrupt/").target(again).presignedUrls(true)).join();
        } finally {
            ica.faults().reset();
        }
        assertThat(bad.failures()).singleElement().satisfies(f -> assertThat(f.reason())
                .contains("do not match its size or ETag; the copy was discarded. Download it again"));
        assertThat(ica.faults().corruptedCount() - before).as("the copy and its one refetch").isEqualTo(2);
        try (var left = Files.list(again)) {
            assertThat(left).as("nothing left in the target folder").isEmpty();
        }
    }

    /** The JDK's HTTP client has no read timeout: a presigned body that stopped moving is closed and fetched again. */
    @Test
    void aStalledPresignedDownload_isClosedAfterTheStallTimeout_andFetchedAgain() throws Exception {
        Path src = dir.resolve("stall-src");
        Trees.file(src.resolve("s.bin"), 3L * Trees.MIB + 5, 21);
        assertThat(tm.upload(u -> u.source(src).remoteFolder("/presigned-stall/").presignedUrls(true)).join()
                .failures()).isEmpty();
        try (TransferManager quick = manager().stallTimeout(java.time.Duration.ofSeconds(2)).build()) {
            emulator.emulator().faults().s3StallDownloads(1, java.time.Duration.ofSeconds(60));
            long start = System.nanoTime();
            Path back = dir.resolve("stall-back");
            TransferResult down = quick.download(d -> d.remotePath("/presigned-stall/").target(back)
                    .presignedUrls(true)).join();
            assertThat(down.failures()).isEmpty();
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).as("not the 60 s of the stall")
                    .isLessThan(java.time.Duration.ofSeconds(20));
            assertThat(Trees.digests(back)).isEqualTo(Trees.digests(src));
        } finally {
            emulator.emulator().faults().reset();
        }
    }

    @Test
    void downloadUrlsThatExpireWhileWaitingTheirTurn_areMintedAgain() throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path src = dir.resolve("exp");
        for (int i = 0; i < 3; i++) {
            Trees.file(src.resolve("f" + i + ".bin"), 3L * MIB, 40 + i);
        }
        assertThat(tm.upload(u -> u.source(src).remoteFolder("/presigned-exp/").presignedUrls(true)).join()
                .failures()).isEmpty();
        // URLs live 2 s; each file takes 3 s; one file at a time: the 2nd and 3rd batch URLs are stale. Not 1 s:
        // a presigned URL's date has whole seconds, so a re-minted 1 s URL could expire before its GET arrived.
        ica.faults().presignedUrlTtl(Duration.ofSeconds(2)).s3BandwidthBytesPerSecond(MIB);
        try (TransferManager oneAtATime = EmulatorSetup.manager(ica, client, shared.resolve("journals"))
                .maxFilesInFlight(1).build()) {
            int before = ica.faults().restRequestCount();
            Path back = dir.resolve("back");
            TransferResult r = oneAtATime.download(d -> d.remotePath("/presigned-exp/").target(back)
                    .presignedUrls(true)).join();
            assertThat(r.failures()).isEmpty();
            assertThat(Trees.digests(back)).isEqualTo(Trees.digests(src));
            // lookup + project + listing + one batch, plus at least two single re-mints
            assertThat(ica.faults().restRequestCount() - before).isGreaterThanOrEqualTo(6);
        } finally {
            ica.faults().reset();
        }
    }

    /**
     * A URL that expires while its first GET runs, cut off half way: the retry is refused (403) and mints a fresh
     * URL. Only a refusal of the first GET minted one before, so the file failed (likelier now that a folder's URLs
     * are minted as it is listed, up to 10,000 files ahead of their turn).
     */
    @Test
    void aUrlThatExpiresWhileItsFirstGetRuns_isMintedAgainForTheRetry() throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path src = dir.resolve("exp-retry");
        Trees.file(src.resolve("a.bin"), 6L * MIB, 45);
        assertThat(tm.upload(u -> u.source(src).remoteFolder("/presigned-exp-retry/").presignedUrls(true)).join()
                .failures()).isEmpty();
        // The URL lives 2 s; the GET is cut after 3 MiB at 1 MiB/s: its retry comes with an expired URL.
        ica.faults().presignedUrlTtl(Duration.ofSeconds(2)).s3BandwidthBytesPerSecond(MIB)
                .s3ResetConnections(1, io.icasdk.testkit.S3Op.GET);
        try {
            Path back = dir.resolve("back");
            TransferResult r = tm.download(d -> d.remotePath("/presigned-exp-retry/").target(back)
                    .presignedUrls(true)).join();
            assertThat(r.failures()).isEmpty();
            assertThat(ica.faults().resetCount()).as("the first GET was cut").isPositive();
            assertThat(Trees.digests(back)).isEqualTo(Trees.digests(src));
        } finally {
            ica.faults().reset();
        }
    }

    @Test
    void urlsThatS3Refuses_failTheFileWithTheServersAnswer_notAsALocalFault() throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path src = dir.resolve("refused");
        Trees.file(src.resolve("a.bin"), 1000, 50);
        assertThat(tm.upload(u -> u.source(src).remoteFolder("/presigned-refused/").presignedUrls(true)).join()
                .failures()).isEmpty();
        // Every URL has expired by the time S3 looks at it: the first GET and the re-minted one are both refused.
        ica.faults().presignedUrlTtl(Duration.ofSeconds(1)).s3Latency(Duration.ofMillis(2100));
        try {
            Path back = dir.resolve("back");
            TransferResult down = tm.download(d -> d.remotePath("/presigned-refused/").target(back)
                    .presignedUrls(true)).join();
            assertThat(down.failures()).singleElement().satisfies(f -> assertThat(f.reason())
                    .startsWith("The presigned download was refused with HTTP 403 (the URL expired")
                    .contains("Run the same download again").doesNotContain("local"));
            assertThat(back.resolve("a.bin")).doesNotExist();
            try (var left = Files.list(back)) {
                assertThat(left).isEmpty(); // no temporary file either
            }

            Files.writeString(src.resolve("b.txt"), "new");
            TransferResult up = tm.upload(u -> u.source(src.resolve("b.txt")).remoteFolder("/presigned-refused/")
                    .presignedUrls(true)).join();
            assertThat(up.failures()).singleElement().satisfies(f -> assertThat(f.reason())
                    .startsWith("The presigned upload was refused with HTTP 403 (the URL expired")
                    .doesNotContain("local"));
        } finally {
            ica.faults().reset();
        }
    }
}
