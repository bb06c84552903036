package io.icasdk.transfer;

import static io.icasdk.transfer.Trees.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.icasdk.core.IcaClient;
import io.icasdk.core.model.DataStatus;
import io.icasdk.core.model.ProjectData;
import io.icasdk.testkit.IcaEmulator;
import io.icasdk.transfer.internal.PartialFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TransferBehaviourIT extends EmulatorTestBase {
    static Path journals;

    @BeforeAll
    static void twoRequestsInFlight() {
        journals = shared.resolve("journals");
        tm.close();
        tm = manager().maxRequestsInFlight(2).build();
    }

    @AfterEach
    void reset() {
        emulator.emulator().faults().reset();
    }

    /** Uploads with slow S3 and cancels once {@code bytes} were acknowledged. */
    private void uploadAndCancelAfter(Path src, String remote, long bytes) {
        emulator.emulator().faults().s3BandwidthBytesPerSecond(4L * MIB);
        AtomicReference<TransferHandle> handle = new AtomicReference<>();
        handle.set(tm.upload(u -> u.source(src).remoteFolder(remote).listener(cancelAfter(bytes, handle))));
        assertThatThrownBy(() -> handle.get().join()).isInstanceOf(CancellationException.class)
                .hasMessageContaining("cancelled; run the same transfer again to resume it");
        assertThat(handle.get().completion()).isCancelled();
        emulator.emulator().faults().reset();
    }

    /** A listener that cancels the transfer once {@code bytes} were acknowledged (seconds after it started). */
    private static TransferListener cancelAfter(long bytes, AtomicReference<TransferHandle> handle) {
        return onceTransferred(bytes, new AtomicBoolean(), () -> handle.get().cancel());
    }

    /** A listener that runs {@code action} once {@code bytes} were acknowledged; {@code ran} says it did. */
    private static TransferListener onceTransferred(long bytes, AtomicBoolean ran, Runnable action) {
        return new TransferListener() {
            @Override
            public void onProgress(TransferProgress p) {
                if (p.bytesTransferred() >= bytes && ran.compareAndSet(false, true)) {
                    action.run();
                }
            }
        };
    }

    /**
     * The emulator's shell exports configure the ICA client and the transfer manager alike, the S3 endpoint
     * included (without it S3 calls went to AWS, and failed after half a minute of retries).
     */
    @Test
    void managerConfiguredFromTheEmulatorsExports_reachesItsS3() throws Exception {
        Map<String, String> exports = ica().shellExports();
        IcaClient fromExports = IcaClient.builder().environment(exports).userHome(dir).build();
        byte[] content = "from the exports".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path file = Files.write(dir.resolve("exports.txt"), content);
        try (TransferManager m = TransferManager.builder().icaClient(fromExports).environment(exports)
                .journalDirectory(dir.resolve("journals")).build()) {
            TransferResult r = m.upload(u -> u.source(file).remoteFolder("/exports/")).join();
            assertThat(r.isSuccess()).isTrue();
        }
        assertThat(ica().seed().readFile(ica().projectId(), "/exports/exports.txt")).contains(content);
    }

    @Test
    void cancel_leavesAResumableJournal_andTheRerunSkipsWhatWasDone() throws Exception {
        Path src = dir.resolve("src");
        Trees.file(src.resolve("big.bin"), 20L * MIB + 1, 1);
        uploadAndCancelAfter(src, "/cancel/", 5L * MIB);
        awaitJournal();

        TransferResult r = tm.upload(u -> u.source(src).remoteFolder("/cancel/")).join();
        assertThat(r.failures()).isEmpty();
        assertThat(r.files().get(0).resumed()).isTrue();
        assertThat(r.files().get(0).restartedBecauseSourceChanged()).isFalse();
        assertThat(r.bytesSkippedByResume()).isGreaterThanOrEqualTo(5L * MIB);
        assertThat(r.bytesTransferred() + r.bytesSkippedByResume()).isEqualTo(20L * MIB + 1);
        assertRemoteEquals(src, "/cancel/");
    }

    /**
     * Closing the manager while an upload and a sync run cancels both: each ends as cancelled (they failed on the
     * S3 client the close took away), close returns once they have let go of their journals, and running them
     * again, on another manager, resumes them.
     */
    @Test
    void closingTheManager_cancelsWhatRuns_andWaitsForIt_soThatTheRerunsResume() throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path src = dir.resolve("src");
        Trees.file(src.resolve("big.bin"), 20L * MIB + 1, 71);
        Path syncSrc = dir.resolve("sync-src");
        Trees.file(syncSrc.resolve("big.bin"), 20L * MIB + 1, 72);
        ica.faults().s3BandwidthBytesPerSecond(4L * MIB);
        TransferManager closing = manager().maxRequestsInFlight(2).build();
        TransferHandle upload = closing.upload(u -> u.source(src).remoteFolder("/closed-up/"));
        SyncHandle sync = closing.sync(s -> s.direction(SyncDirection.UPLOAD).localRoot(syncSrc)
                .remoteFolder("/closed-sync/"));
        awaitCondition(() -> upload.progress().bytesTransferred() >= 5L * MIB
                && sync.progress().bytesTransferred() >= 5L * MIB);
        closing.close();

        // bounded: a manager closed under them left both handles waiting for ever
        assertThatThrownBy(() -> upload.completion().get(30, TimeUnit.SECONDS))
                .isInstanceOf(CancellationException.class);
        assertThatThrownBy(() -> sync.completion().get(30, TimeUnit.SECONDS))
                .isInstanceOf(CancellationException.class);
        try (Stream<Path> s = Files.list(journals)) {
            assertThat(s.filter(p -> p.toString().endsWith(".journal")))
                    .as("journals kept, and let go of before close returned").isNotEmpty()
                    .noneMatch(TransferBehaviourIT::heldHere);
        }
        assertThatThrownBy(() -> closing.upload(u -> u.source(src).remoteFolder("/closed-up/")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> closing.sync(s -> s.direction(SyncDirection.UPLOAD).localRoot(syncSrc)
                .remoteFolder("/closed-sync/"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> closing.openStream(null, "/closed-up/big.bin"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");

        ica.faults().reset();
        TransferResult again = tm.upload(u -> u.source(src).remoteFolder("/closed-up/")).join();
        assertThat(again.failures()).isEmpty();
        assertThat(again.bytesSkippedByResume()).isGreaterThanOrEqualTo(5L * MIB);
        assertRemoteEquals(src, "/closed-up/");
        SyncResult synced = tm.sync(s -> s.direction(SyncDirection.UPLOAD).localRoot(syncSrc)
                .remoteFolder("/closed-sync/")).join();
        assertThat(synced.uploaded()).isEqualTo(1);
        assertThat(synced.bytesTransferred()).as("the parts sent before the close are not sent again")
                .isLessThanOrEqualTo(20L * MIB + 1 - 5L * MIB);
        assertRemoteEquals(syncSrc, "/closed-sync/");
    }

    /**
     * A folder upload, download and sync learn their totals (files, bytes: final, with an ETA) while their first
     * files are still on their way: the walk, the listing and the plan run ahead of the transfers. They learned them
     * only when their last file started (the enumeration waited for a free slot at each file).
     */
    @Test
    void aFolderJobsTotals_areFinalLongBeforeItsLastFilesStart() throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path src = dir.resolve("src");
        for (int i = 0; i < 12; i++) {
            Trees.file(src.resolve("f" + i + ".bin"), MIB / 2, 80 + i);
        }
        ica.faults().s3BandwidthBytesPerSecond(4L * MIB); // a file an eighth of a second, one at a time
        try (TransferManager one = manager().maxFilesInFlight(1).build()) {
            TransferHandle up = one.upload(u -> u.source(src).remoteFolder("/totals-early/"));
            assertTotalsFinalEarly(up::progress);
            assertThat(up.join().failures()).isEmpty();
            TransferHandle down = one.download(d -> d.remotePath("/totals-early/").target(dir.resolve("back")));
            assertTotalsFinalEarly(down::progress);
            assertThat(down.join().failures()).isEmpty();
            SyncHandle sync = one.sync(s -> s.direction(SyncDirection.UPLOAD).localRoot(src)
                    .remoteFolder("/totals-early-sync/"));
            assertTotalsFinalEarly(sync::progress);
            assertThat(sync.join().failed()).isZero();
        }
    }

    private static void assertTotalsFinalEarly(java.util.function.Supplier<TransferProgress> progress)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        TransferProgress p = progress.get();
        while (!p.totalsFinal()) {
            assertThat(System.nanoTime()).as("the totals become final").isLessThan(deadline);
            Thread.sleep(10); // polling a snapshot another thread updates, bounded by the deadline
            p = progress.get();
        }
        assertThat(p.filesTotal()).isEqualTo(12);
        assertThat(p.bytesTotal()).isEqualTo(12L * MIB / 2);
        assertThat(p.filesDone()).as("files done when the totals became final").isLessThan(6);
    }

    /**
     * A manager closed by the completion of one of its transfers (a callback, which runs on the transfer's own
     * thread) closes at once: close waited its whole 10 s for that thread to end, which it could not do while it
     * ran close, and then warned of a transfer that did not stop.
     */
    @Test
    void closingTheManager_fromATransfersCompletion_doesNotWaitForThatTransfersOwnThread() throws Exception {
        Path file = Trees.file(dir.resolve("small.bin"), 1000, 73);
        ica().faults().s3Latency(Duration.ofMillis(300)); // still running when the callback below is added
        TransferManager closing = manager().build();
        TransferHandle upload = closing.upload(u -> u.source(file).remoteFolder("/close-in-callback/"));
        AtomicReference<Thread> closedOn = new AtomicReference<>();
        CompletableFuture<Long> closeMillis = upload.completion().handle((r, e) -> {
            closedOn.set(Thread.currentThread());
            long start = System.nanoTime();
            closing.close();
            return (System.nanoTime() - start) / 1_000_000;
        });

        // Not upload.join() first: a thread waiting in join helps run the callbacks, so close could run on this one.
        assertThat(closeMillis.get(30, TimeUnit.SECONDS)).as("close's duration in ms")
                .isLessThan(5_000);
        assertThat(closedOn.get()).as("closed on the transfer's thread").isNotSameAs(Thread.currentThread());
        assertThat(upload.join().isSuccess()).isTrue();
    }

    /**
     * A cancel ends a presigned upload's PUT at once, so the cancelled run lets go of its journal and a rerun can
     * start: the PUT went on to its end (up to its 30 min timeout), the job waiting for it, and a rerun in the same
     * JVM waited a minute for the journal, then failed as "another run of the same transfer is in progress".
     */
    @Test
    void cancellingAPresignedUpload_endsItsPutAtOnce_andLetsGoOfTheJournal() throws Exception {
        IcaEmulator ica = ica();
        Path src = dir.resolve("src");
        Trees.file(src.resolve("big.bin"), 20L * MIB, 74);
        ica.faults().s3BandwidthBytesPerSecond(MIB); // the PUT would take 20 s
        TransferHandle upload = tm.upload(u -> u.source(src).remoteFolder("/presigned-cancel/").presignedUrls(true));
        awaitCondition(() -> ica.faults().s3RequestsInFlight() > 0);
        upload.cancel();

        awaitTheCancelledRunsEnd(ica);
        ica.faults().reset();
        TransferResult again = tm.upload(u -> u.source(src).remoteFolder("/presigned-cancel/").presignedUrls(true))
                .join();
        assertThat(again.failures()).isEmpty();
        assertRemoteEquals(src, "/presigned-cancel/");
    }

    /**
     * A file that an interrupted upload had finished, and that is gone from ICA by the rerun (deleted or moved), is
     * uploaded again: the rerun trusted the journal, reported it uploaded (resumed) and left it missing in ICA.
     */
    @Test
    void aFileAnInterruptedUploadFinished_deletedInIcaSince_isUploadedAgainByTheRerun() throws Exception {
        Path src = dir.resolve("src");
        Trees.file(src.resolve("small.bin"), 1000, 75);
        Trees.file(src.resolve("big.bin"), 20L * MIB + 1, 76);
        uploadAndCancelAfter(src, "/gone-since/", 5L * MIB);
        awaitTheCancelledRunsEnd(ica());
        var data = client.projectData(ica().projectId());
        data.delete(data.findByPath("/gone-since/small.bin").orElseThrow(() -> new AssertionError(
                "the interrupted run had not uploaded small.bin")).id());

        TransferResult again = tm.upload(u -> u.source(src).remoteFolder("/gone-since/")).join();
        assertThat(again.failures()).isEmpty();
        assertRemoteEquals(src, "/gone-since/");
    }

    @Test
    void sourceChangedSinceTheJournal_restartsTheFile_andTheResultSaysSo() throws Exception {
        Path src = dir.resolve("src");
        Path big = Trees.file(src.resolve("big.bin"), 20L * MIB + 1, 2);
        uploadAndCancelAfter(src, "/changed/", 5L * MIB);
        awaitJournal();
        Files.write(big, "appended".getBytes(), StandardOpenOption.APPEND);

        TransferResult r = tm.upload(u -> u.source(src).remoteFolder("/changed/")).join();
        assertThat(r.failures()).isEmpty();
        assertThat(r.files().get(0).restartedBecauseSourceChanged()).isTrue();
        assertThat(r.bytesSkippedByResume()).isZero();
        assertRemoteEquals(src, "/changed/");
    }

    @Test
    void aFileReplacedInIcaWhileItDownloads_failsWithoutAMixedCopy_andTheRerunGetsTheNewVersion() throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path v1 = Trees.file(dir.resolve("v1.bin"), 16L * MIB + 1, 31); // four ranges, two at a time
        Path v2 = Trees.file(dir.resolve("v2.bin"), 16L * MIB + 1, 32);
        ica.seed().putFile(ica.projectId(), "/replaced-dl/big.bin", v1);
        ica.faults().s3BandwidthBytesPerSecond(2L * MIB); // each of the first two ranges takes 2.5 s
        Path back = dir.resolve("back");
        TransferHandle h = tm.download(d -> d.remotePath("/replaced-dl/").target(back));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.isDirectory(back) || isEmpty(back)) { // the temporary file: the first ranges are on their way
            assertThat(System.nanoTime()).as("the download started").isLessThan(deadline);
            Thread.sleep(20);
        }
        Thread.sleep(300);
        ica.seed().putFile(ica.projectId(), "/replaced-dl/big.bin", v2); // a new ETag, same size

        TransferResult r = h.join();
        assertThat(r.failures()).singleElement().satisfies(f -> assertThat(f.reason())
                .contains("changed in ICA while it was downloaded", "partial copy was discarded"));
        assertThat(isEmpty(back)).as("neither a mixed copy nor its temporary file").isTrue();

        ica.faults().reset();
        TransferResult again = tm.download(d -> d.remotePath("/replaced-dl/").target(back)).join();
        assertThat(again.failures()).isEmpty();
        assertThat(Trees.sha256(back.resolve("big.bin"))).isEqualTo(Trees.sha256(v2));
    }

    @Test
    void aFileReplacedInIcaBetweenAnInterruptedDownloadAndItsRerun_startsAfresh_andTheResultSaysSo() throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path v1 = Trees.file(dir.resolve("v1.bin"), 16L * MIB + 1, 41);
        Path v2 = Trees.file(dir.resolve("v2.bin"), 16L * MIB + 1, 42);
        ica.seed().putFile(ica.projectId(), "/replaced-resume/big.bin", v1);
        ica.faults().s3BandwidthBytesPerSecond(4L * MIB);
        Path back = dir.resolve("back");
        AtomicReference<TransferHandle> handle = new AtomicReference<>(); // cancelled once a range of v1 is journaled
        handle.set(tm.download(d -> d.remotePath("/replaced-resume/").target(back)
                .listener(cancelAfter(5L * MIB, handle))));
        assertThatThrownBy(() -> handle.get().join()).isInstanceOf(CancellationException.class);
        ica.faults().reset();
        awaitJournal();
        ica.seed().putFile(ica.projectId(), "/replaced-resume/big.bin", v2);

        TransferResult r = tm.download(d -> d.remotePath("/replaced-resume/").target(back)).join();
        assertThat(r.failures()).isEmpty();
        assertThat(r.files().get(0).restartedBecauseSourceChanged()).isTrue();
        assertThat(r.bytesSkippedByResume()).isZero();
        assertThat(Trees.sha256(back.resolve("big.bin"))).isEqualTo(Trees.sha256(v2));
    }

    /**
     * A resumed download whose finished copy fails its check cannot tell which range was damaged (no range has a
     * digest of its own to match): the ranges the interrupted run journaled are discarded with the rest, the file
     * fetched again from the start in the same run, and nothing counts as resumed.
     */
    @Test
    void aResumedDownloadThatFailsItsCheck_isFetchedAgainFromTheStart_discardingTheJournaledRanges() throws Exception {
        IcaEmulator ica = emulator.emulator();
        long size = 16L * MIB + 1;
        Path v1 = Trees.file(dir.resolve("v1.bin"), size, 43);
        ica.seed().putFile(ica.projectId(), "/refetch-resumed/big.bin", v1);
        ica.faults().s3BandwidthBytesPerSecond(4L * MIB);
        Path back = dir.resolve("back");
        AtomicReference<TransferHandle> handle = new AtomicReference<>(); // cancelled once a range is journaled
        handle.set(tm.download(d -> d.remotePath("/refetch-resumed/").target(back)
                .listener(cancelAfter(5L * MIB, handle))));
        assertThatThrownBy(() -> handle.get().join()).isInstanceOf(CancellationException.class);
        ica.faults().reset();
        awaitJournal();
        awaitTheCancelledRunsEnd(ica); // else a GET of it the server handled late can take the fault (seen in CI)

        int before = ica.faults().corruptedCount();
        ica.faults().s3CorruptDownloads(1); // the first range the rerun fetches
        TransferHandle rerun = tm.download(d -> d.remotePath("/refetch-resumed/").target(back));
        TransferResult r = rerun.join();
        assertThat(ica.faults().corruptedCount() - before).as("the fault fired").isEqualTo(1);
        assertThat(r.files()).singleElement().satisfies(f -> {
            assertThat(f.outcome()).as(String.valueOf(f.reason())).isEqualTo(FileOutcome.SUCCESS);
            assertThat(f.resumed()).as("the journaled ranges went with the damaged copy").isFalse();
            assertThat(f.bytesTransferred()).as("a whole copy after the damaged ranges").isGreaterThan(size);
        });
        assertThat(r.bytesSkippedByResume()).isZero();
        assertThat(r.bytesTransferred()).isEqualTo(r.files().get(0).bytesTransferred());
        assertThat(rerun.progress().bytesTransferred()).as("the progress counts the file once").isEqualTo(size);
        assertThat(rerun.progress().bytesSkippedByResume()).isZero();
        assertThat(Trees.sha256(back.resolve("big.bin"))).isEqualTo(Trees.sha256(v1));
        try (Stream<Path> left = Files.list(back)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("big.bin");
        }
    }

    private static boolean isEmpty(Path folder) throws java.io.IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }

    @Test
    void aLocalFileModifiedWhileItUploads_failsSaySo_leavesNothingInIca_andTheRerunSendsTheNewContent()
            throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path src = dir.resolve("src");
        Path big = Trees.file(src.resolve("growing.bin"), 16L * MIB + 1, 51);
        ica.faults().s3BandwidthBytesPerSecond(4L * MIB);
        AtomicBoolean modified = new AtomicBoolean();
        TransferListener writer = onceTransferred(5L * MIB, modified, () -> {
            try { // what a sequencer or a pipeline still writing the file does
                Files.write(big, "more reads".getBytes(), StandardOpenOption.APPEND);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        TransferResult r = tm.upload(u -> u.source(src).remoteFolder("/modified-up/").listener(writer)).join();
        assertThat(modified).isTrue();
        assertThat(r.failures()).singleElement().satisfies(f -> assertThat(f.reason())
                .contains("growing.bin changed while it was uploaded", "nothing partial was kept"));
        assertThat(client.projectData(ica.projectId()).findByPath("/modified-up/growing.bin")).isEmpty();

        ica.faults().reset();
        TransferResult again = tm.upload(u -> u.source(src).remoteFolder("/modified-up/")).join();
        assertThat(again.failures()).isEmpty();
        assertRemoteEquals(src, "/modified-up/");
    }

    /**
     * An interrupted multipart upload whose file changed before the rerun is given up; when S3 refuses its abort, the
     * rerun still sends the new content, but keeps the upload in its journal (S3 holds its parts, billed) and a later
     * run aborts it, then deletes the journal.
     */
    @Test
    void anInterruptedMultipartUpload_whoseFileChanged_andWhoseAbortIsRefused_isAbortedByALaterRun() throws Exception {
        Path src = dir.resolve("src");
        Path big = Trees.file(src.resolve("big.bin"), 20L * MIB + 1, 81);
        uploadAndCancelAfter(src, "/changed-denied/", 5L * MIB);
        assertThat(openUploadsIn("/changed-denied/")).as("kept for a resume").isEqualTo(1);
        Files.write(big, "appended".getBytes(), StandardOpenOption.APPEND);
        emulator.emulator().faults().s3DenyAborts("big.bin");

        TransferResult r = tm.upload(u -> u.source(src).remoteFolder("/changed-denied/")).join();
        assertThat(r.failures()).isEmpty();
        assertThat(r.files().get(0).restartedBecauseSourceChanged()).isTrue();
        assertThat(openUploadsIn("/changed-denied/")).as("the upload whose abort was refused").isEqualTo(1);
        assertThat(journalOf(src, "/changed-denied/")).as("kept for a later run to abort it").exists();

        emulator.emulator().faults().reset();
        TransferResult again = tm.upload(u -> u.source(src).remoteFolder("/changed-denied/")).join();
        assertThat(again.failures()).isEmpty();
        assertThat(openUploadsIn("/changed-denied/")).as("multipart uploads left").isZero();
        assertThat(journalOf(src, "/changed-denied/")).doesNotExist();
        assertRemoteEquals(src, "/changed-denied/");
    }

    /**
     * The same for a file modified while it uploads: it fails saying its parts could not be discarded, and the
     * next run aborts its upload.
     */
    @Test
    void aLocalFileModifiedWhileItUploads_whoseAbortIsRefused_failsSayingSo_andTheNextRunAbortsIt() throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path src = dir.resolve("src");
        Path big = Trees.file(src.resolve("growing.bin"), 16L * MIB + 1, 82);
        ica.faults().s3BandwidthBytesPerSecond(4L * MIB).s3DenyAborts("growing.bin");
        AtomicBoolean modified = new AtomicBoolean();
        TransferListener writer = onceTransferred(5L * MIB, modified, () -> {
            try {
                Files.write(big, "more reads".getBytes(), StandardOpenOption.APPEND);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        TransferResult r = tm.upload(u -> u.source(src).remoteFolder("/modified-denied/").listener(writer)).join();
        assertThat(modified).isTrue();
        assertThat(r.failures()).singleElement().satisfies(f -> assertThat(f.reason())
                .contains("growing.bin changed while it was uploaded", "could not be discarded", "tries again")
                .doesNotContain("nothing partial was kept"));
        assertThat(openUploadsIn("/modified-denied/")).as("the upload whose abort was refused").isEqualTo(1);

        ica.faults().reset();
        TransferResult again = tm.upload(u -> u.source(src).remoteFolder("/modified-denied/")).join();
        assertThat(again.failures()).isEmpty();
        assertThat(openUploadsIn("/modified-denied/")).as("multipart uploads left").isZero();
        assertThat(journalOf(src, "/modified-denied/")).doesNotExist();
        assertRemoteEquals(src, "/modified-denied/");
    }

    @Test
    void anInterruptedUploadWhoseMultipartUploadExpired_startsAfreshOnTheRerun() throws Exception {
        Path src = dir.resolve("src");
        Trees.file(src.resolve("big.bin"), 20L * MIB + 1, 61);
        uploadAndCancelAfter(src, "/expired/", 5L * MIB);
        awaitJournal();
        assertThat(abortUploadsIn("/expired/")).isEqualTo(1); // what a lifecycle rule does after some days

        TransferResult r = tm.upload(u -> u.source(src).remoteFolder("/expired/")).join();
        assertThat(r.failures()).isEmpty();
        assertThat(r.bytesSkippedByResume()).isZero();
        assertThat(r.bytesTransferred()).isEqualTo(20L * MIB + 1);
        assertRemoteEquals(src, "/expired/");
    }

    /** The journal of an upload of {@code src} to {@code remote}. */
    private static Path journalOf(Path src, String remote) {
        return journals.resolve(new io.icasdk.transfer.internal.journal.JobKey("UPLOAD", src,
                client.baseUrl().toString(), emulator.emulator().projectId(), remote).id() + ".journal");
    }

    /**
     * A folder upload cancelled mid-multipart keeps the file's multipart upload for a resume. When the file is then
     * deleted, the rerun succeeds and deletes its journal, so no run could resume or abort that upload: it aborts it
     * first (S3 would keep its parts, unseen and billed) and says so, a SKIPPED file, not a failure.
     */
    @Test
    void anInterruptedMultipartUpload_whoseFileIsDeletedBeforeTheRerun_isAborted_andReportedSkipped() throws Exception {
        Path src = dir.resolve("src");
        Path big = Trees.file(src.resolve("big.bin"), 20L * MIB + 1, 71);
        Trees.file(src.resolve("small.txt"), 300, 72);
        uploadAndCancelAfter(src, "/abandoned-deleted/", 5L * MIB);
        assertThat(journalOf(src, "/abandoned-deleted/")).exists();
        assertThat(openUploadsIn("/abandoned-deleted/")).as("kept for a resume").isEqualTo(1);
        Files.delete(big);

        TransferResult r = tm.upload(u -> u.source(src).remoteFolder("/abandoned-deleted/")).join();
        assertThat(r.failures()).isEmpty();
        assertThat(openUploadsIn("/abandoned-deleted/")).as("multipart uploads left").isZero();
        assertThat(journalOf(src, "/abandoned-deleted/")).doesNotExist();
        assertThat(r.files()).filteredOn(f -> f.remotePath().equals("/abandoned-deleted/big.bin")).singleElement()
                .satisfies(f -> {
                    assertThat(f.outcome()).isEqualTo(FileOutcome.SKIPPED);
                    assertThat(f.reason()).contains("earlier run (interrupted", "deleted or moved", "parts it had sent were"
                            + " discarded").doesNotContain("PARTIAL");
                });
        assertThat(client.projectData(emulator.emulator().projectId()).findByPath("/abandoned-deleted/big.bin")).isEmpty();
        assertRemoteEquals(src, "/abandoned-deleted/");
    }

    /** The same for a rerun whose filters leave the file out: its multipart upload is aborted, and it is not sent. */
    @Test
    void anInterruptedMultipartUpload_leftOutByTheRerunsFilters_isAborted_andReportedSkipped() throws Exception {
        Path src = dir.resolve("src");
        Trees.file(src.resolve("big.bin"), 20L * MIB + 1, 73);
        Trees.file(src.resolve("small.txt"), 300, 74);
        uploadAndCancelAfter(src, "/abandoned-excluded/", 5L * MIB);
        assertThat(openUploadsIn("/abandoned-excluded/")).as("kept for a resume").isEqualTo(1);

        TransferResult r = tm.upload(u -> u.source(src).remoteFolder("/abandoned-excluded/").exclude("*.bin")).join();
        assertThat(r.failures()).isEmpty();
        assertThat(openUploadsIn("/abandoned-excluded/")).as("multipart uploads left").isZero();
        assertThat(journalOf(src, "/abandoned-excluded/")).doesNotExist();
        assertThat(r.files()).filteredOn(f -> f.outcome() != FileOutcome.SUCCESS).singleElement().satisfies(f -> {
            assertThat(f.remotePath()).isEqualTo("/abandoned-excluded/big.bin");
            assertThat(f.outcome()).isEqualTo(FileOutcome.SKIPPED);
            assertThat(f.reason()).contains("filters leave it out", "discarded");
        });
        assertThat(client.projectData(emulator.emulator().projectId()).findByPath("/abandoned-excluded/big.bin")).isEmpty();
    }

    /**
     * A file in the project root has an ICA file record of its own, created before its multipart upload. When the
     * rerun gives the upload up, it aborts it and leaves the record, PARTIAL and empty, saying so: the journal does
     * not say the job created it (an existing record is taken over), and another upload may be writing over it.
     */
    @Test
    void anInterruptedMultipartUploadIntoTheProjectRoot_whoseFileIsDeleted_isAborted_andItsPartialIcaFileLeftSayingSo()
            throws Exception {
        Path src = dir.resolve("src");
        Path big = Trees.file(src.resolve("abandoned-root.bin"), 20L * MIB + 1, 75);
        Trees.file(src.resolve("abandoned-root-kept.txt"), 300, 76);
        uploadAndCancelAfter(src, "/", 5L * MIB);
        assertThat(openUploadsIn("/abandoned-root.bin")).as("kept for a resume").isEqualTo(1);
        Files.delete(big);

        TransferResult r = tm.upload(u -> u.source(src).remoteFolder("/")).join();
        assertThat(r.failures()).isEmpty();
        assertThat(openUploadsIn("/abandoned-root.bin")).as("multipart uploads left").isZero();
        assertThat(journalOf(src, "/")).doesNotExist();
        assertThat(r.files()).filteredOn(f -> f.outcome() != FileOutcome.SUCCESS).singleElement().satisfies(f -> {
            assertThat(f.remotePath()).isEqualTo("/abandoned-root.bin");
            assertThat(f.outcome()).isEqualTo(FileOutcome.SKIPPED);
            assertThat(f.reason()).contains("discarded", "ICA file is left as it is (PARTIAL");
        });
        assertThat(client.projectData(emulator.emulator().projectId()).findByPath("/abandoned-root.bin"))
                .hasValueSatisfying(d -> assertThat(d.status()).isEqualTo(DataStatus.PARTIAL));
    }

    @Test
    void aMultipartUploadThatVanishesMidRun_isStartedAfreshInTheSameRun() throws Exception {
        Path src = dir.resolve("src");
        Trees.file(src.resolve("big.bin"), 20L * MIB + 1, 62);
        emulator.emulator().faults().s3BandwidthBytesPerSecond(4L * MIB);
        AtomicBoolean aborted = new AtomicBoolean();
        TransferListener aborter = onceTransferred(5L * MIB, aborted, () -> abortUploadsIn("/vanished/"));
        TransferResult r = tm.upload(u -> u.source(src).remoteFolder("/vanished/").listener(aborter)).join();
        assertThat(aborted).isTrue();
        assertThat(r.failures()).isEmpty();
        emulator.emulator().faults().reset();
        assertRemoteEquals(src, "/vanished/");
    }

    @Test
    void listener_getsEventsInOrder_withRateLimitedProgressCountingAcknowledgedBytes() throws Exception {
        Path src = dir.resolve("src");
        Trees.file(src.resolve("big.bin"), 12L * MIB, 3);
        for (int i = 0; i < 20; i++) {
            Trees.file(src.resolve("s/" + i + ".txt"), 1000 + i, 30 + i);
        }
        long total = 12L * MIB + 20 * 1000 + 190;
        List<String> events = new CopyOnWriteArrayList<>();
        List<TransferProgress> progress = new CopyOnWriteArrayList<>();
        AtomicReference<TransferResult> completed = new AtomicReference<>();
        TransferListener l = new TransferListener() {
            @Override
            public void onStarted(TransferProgress p) {
                events.add("started " + (p.totalsFinal() ? "final" : "counting"));
            }

            @Override
            public void onProgress(TransferProgress p) {
                events.add("progress");
                progress.add(p);
            }

            @Override
            public void onFileCompleted(FileResult r) {
                events.add("file");
            }

            @Override
            public void onCompleted(TransferResult r) {
                events.add("completed");
                completed.set(r);
            }
        };
        TransferHandle h = tm.upload(u -> u.source(src).remoteFolder("/listener/").listener(l));
        TransferResult r = h.join();
        assertThat(r.failures()).isEmpty();
        awaitCondition(() -> completed.get() != null);
        assertThat(events.get(0)).as("the walk has not begun").isEqualTo("started counting");
        assertThat(events.get(events.size() - 1)).isEqualTo("completed");
        assertThat(events.stream().filter("file"::equals).count()).isEqualTo(21);
        assertThat(progress).isNotEmpty();
        long maxEvents = r.duration().toMillis() / 100 + 25; // rate-limited; file completions may add some
        assertThat(progress.size()).isLessThanOrEqualTo((int) maxEvents);
        for (int i = 1; i < progress.size(); i++) {
            assertThat(progress.get(i).bytesTransferred()).isGreaterThanOrEqualTo(progress.get(i - 1).bytesTransferred());
        }
        TransferProgress last = progress.get(progress.size() - 1);
        assertThat(last.bytesTransferred()).isEqualTo(total);
        assertThat(last.filesDone()).isEqualTo(21);
        assertThat(h.progress().bytesTotal()).isEqualTo(total);
        assertThat(h.progress().totalsFinal()).isTrue();
        assertThat(h.progress().eta()).isPresent();

        events.clear();
        TransferHandle down = tm.download(d -> d.remotePath("/listener/").target(dir.resolve("back")).listener(l));
        assertThat(down.join().failures()).isEmpty();
        assertThat(events.get(0)).as("the listing has not begun").isEqualTo("started counting");
        assertThat(down.progress().totalsFinal()).isTrue();
        assertThat(down.progress().filesTotal()).isEqualTo(21);
    }

    @Test
    void bandwidthCap_keepsTheAverageRateUnderTheLimit() throws Exception {
        Path src = dir.resolve("src");
        Trees.file(src.resolve("capped.bin"), 20L * MIB, 4);
        try (TransferManager capped = EmulatorSetup.manager(emulator.emulator(), client, journals)
                .bandwidthLimitBytesPerSecond(4L * MIB).build()) {
            TransferResult r = capped.upload(u -> u.source(src).remoteFolder("/capped/")).join();
            assertThat(r.failures()).isEmpty();
            // 4 parts of 5 MiB at 4 MiB/s: the last part may not start before 3 x 1.25 s.
            assertThat(r.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(3700));
        }
    }

    @Test
    void includeAndExcludeGlobs_selectTheFiles() throws Exception {
        Path src = dir.resolve("src");
        for (String f : List.of("a.txt", "b.csv", "c.bin", "deep/d.txt", "deep/e.csv", "tmp/f.txt", "deep/tmp/g.txt")) {
            Trees.file(src.resolve(f), 10, f.hashCode());
        }
        TransferResult up = tm.upload(u -> u.source(src).remoteFolder("/globs/").include("*.txt", "**/*.csv")
                .exclude("tmp/**")).join();
        assertThat(up.failures()).isEmpty();
        assertThat(client.projectData(emulator.emulator().projectId()).listRecursive("/globs/").stream()
                .filter(ProjectData::isFile).map(ProjectData::path))
                .containsExactlyInAnyOrder("/globs/a.txt", "/globs/b.csv", "/globs/deep/d.txt", "/globs/deep/e.csv",
                        "/globs/deep/tmp/g.txt");
        Path back = dir.resolve("back");
        TransferResult down = tm.download(d -> d.remotePath("/globs/").target(back).exclude("deep/**")).join();
        assertThat(Trees.digests(back).keySet()).containsExactlyInAnyOrder("a.txt", "b.csv");
        assertThat(down.succeeded()).isEqualTo(2);
    }


    /** Linux names are bytes; one that is not UTF-8 (a Latin-1 'é' here) cannot become an ICA name as it is. */
    @Test
    void aNameThatIsNotValidText_isLeftOutSayingSo_byUploadAndSync_notUploadedMangled() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Trees.file(src.resolve("fine.txt"), 10, 1);
        Process touch = new ProcessBuilder("bash", "-c", "printf x > $'caf\\xe9.txt'").directory(src.toFile()).start();
        assertThat(touch.waitFor()).as("bash").isZero();

        TransferResult up = tm.upload(u -> u.source(src).remoteFolder("/latin1/")).join();
        assertThat(up.failures()).isEmpty();
        assertThat(up.files()).filteredOn(FileResult::isSuccess).extracting(FileResult::remotePath)
                .containsExactly("/latin1/fine.txt");
        assertThat(up.files()).filteredOn(f -> f.outcome() == FileOutcome.SKIPPED).singleElement()
                .satisfies(f -> assertThat(f.reason()).contains("not valid", "mangled"));

        SyncResult synced = tm.sync(r -> r.direction(SyncDirection.UPLOAD).localRoot(src).remoteFolder("/latin1-sync/"))
                .join();
        assertThat(synced.plan()).filteredOn(i -> i.action() == SyncAction.SKIP).singleElement()
                .satisfies(i -> assertThat(i.reason()).contains("not valid", "mangled"));
        assertThat(client.projectData(emulator.emulator().projectId()).listRecursive("/latin1-sync/").stream()
                .map(ProjectData::path)).containsExactly("/latin1-sync/fine.txt");
    }

    @Test
    void folderUpload_followsLinks_andReportsWhatItLeavesOut() throws Exception {
        Path src = dir.resolve("src");
        Path real = Trees.file(src.resolve("real.txt"), 5000, 1);
        Files.createSymbolicLink(src.resolve("linked.txt"), real.getFileName());
        Path big = Trees.file(dir.resolve("elsewhere/big.bin"), 11L * MIB + 7, 2); // multipart
        Files.createSymbolicLink(src.resolve("big-link.bin"), big);
        Files.createSymbolicLink(src.resolve("broken.txt"), Path.of("missing.txt"));
        Files.createDirectories(src.resolve("sub"));
        Files.createSymbolicLink(src.resolve("sub/loop"), Path.of(".."));
        Process mkfifo = new ProcessBuilder("mkfifo", src.resolve("pipe").toString()).start();
        assertThat(mkfifo.waitFor()).as("mkfifo").isZero();

        TransferResult r = tm.upload(u -> u.source(src).remoteFolder("/links/")).join();

        assertThat(r.failures()).isEmpty();
        assertThat(r.files()).filteredOn(FileResult::isSuccess).extracting(FileResult::remotePath)
                .containsExactlyInAnyOrder("/links/real.txt", "/links/linked.txt", "/links/big-link.bin");
        IcaEmulator ica = emulator.emulator();
        assertThat(ica.seed().readFile(ica.projectId(), "/links/linked.txt").orElseThrow()).as("the target's bytes")
                .isEqualTo(Files.readAllBytes(real));
        assertThat(ica.seed().readFile(ica.projectId(), "/links/big-link.bin").orElseThrow())
                .isEqualTo(Files.readAllBytes(big));
        assertThat(tm.upload(u -> u.source(src.resolve("linked.txt")).remoteFolder("/links-one/")).join()
                .failures()).isEmpty();
        assertThat(ica.seed().readFile(ica.projectId(), "/links-one/linked.txt").orElseThrow())
                .isEqualTo(Files.readAllBytes(real));
        assertThat(r.files()).filteredOn(f -> f.outcome() == FileOutcome.SKIPPED)
                .extracting(FileResult::remotePath, FileResult::reason)
                .containsExactlyInAnyOrder(
                        tuple("/links/broken.txt", "broken symbolic link"),
                        tuple("/links/pipe",
                                "not a regular file (a named pipe, socket or device)"),
                        tuple("/links/sub/loop",
                                "symbolic link loop: leads back to a folder above it, uploaded once from there"));
    }

    /**
     * An ICA file left PARTIAL and empty (an upload that never finished, by any tool) is no file that exists:
     * SKIP_EXISTING and FAIL upload over it, with credentials and with presigned URLs alike.
     */
    @Test
    void anUnfinishedIcaFile_isUploadedOver_notSkippedOrFailedAsExisting() throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path src = dir.resolve("src");
        Path f = Trees.file(src.resolve("left.txt"), 300, 8);
        for (String folder : List.of("/unfinished-skip/", "/unfinished-fail/", "/unfinished-presigned/")) {
            ProjectData left = client.projectData(ica.projectId())
                    .createFile(new io.icasdk.core.CreateFileRequest("left.txt", folder, null, null));
            assertThat(left.status()).isEqualTo(DataStatus.PARTIAL);
        }
        TransferResult skip = tm.upload(u -> u.source(src).remoteFolder("/unfinished-skip/")
                .overwrite(OverwritePolicy.SKIP_EXISTING)).join();
        TransferResult fail = tm.upload(u -> u.source(src).remoteFolder("/unfinished-fail/")).join();
        TransferResult presigned = tm.upload(u -> u.source(src).remoteFolder("/unfinished-presigned/")
                .presignedUrls(true)).join();
        for (TransferResult r : List.of(skip, fail, presigned)) {
            assertThat(r.files()).singleElement().satisfies(x -> assertThat(x.outcome()).as(x.toString())
                    .isEqualTo(FileOutcome.SUCCESS));
        }
        for (String folder : List.of("/unfinished-skip/", "/unfinished-fail/", "/unfinished-presigned/")) {
            assertThat(ica.seed().readFile(ica.projectId(), folder + "left.txt").orElseThrow()).as(folder)
                    .isEqualTo(Files.readAllBytes(f));
        }
    }

    /** A cancelled job's files waiting for their turn under the bandwidth cap do not hold back the next job. */
    @Test
    void afterACancel_theNextTransfer_isNotHeldBackByTheCancelledJobsBandwidthBookings() throws Exception {
        Path src = dir.resolve("src");
        for (int i = 0; i < 8; i++) {
            Trees.file(src.resolve("f" + i + ".bin"), 6L * MIB, 10 + i);
        }
        Path small = dir.resolve("small");
        Trees.file(small.resolve("tiny.txt"), 1000, 99);
        // 2 MiB/s: the job's eight files book 20 s of it, one 5 MiB part each, the one in flight 2.5 s
        try (TransferManager limited = manager().bandwidthLimitBytesPerSecond(2 * MIB).maxFilesInFlight(8).build()) {
            AtomicReference<TransferHandle> handle = new AtomicReference<>();
            handle.set(limited.upload(u -> u.source(src).remoteFolder("/bw-cancelled/")
                    .listener(cancelAfter(MIB, handle))));
            assertThatThrownBy(() -> handle.get().join()).isInstanceOf(CancellationException.class);
            long t0 = System.nanoTime();
            TransferResult next = limited.upload(u -> u.source(small).remoteFolder("/bw-next/")).join();
            assertThat(next.failures()).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("1000 bytes at 2 MiB/s after the cancel")
                    .isLessThan(Duration.ofSeconds(8));
        }
    }

    /** A multipart upload that S3 lost mid-run starts afresh in the same run, and its bytes are counted once. */
    @Test
    void aMultipartUploadStartedAfreshInTheSameRun_countsItsBytesOnce() throws Exception {
        Path src = dir.resolve("src");
        long size = 20L * MIB + 1;
        Trees.file(src.resolve("big.bin"), size, 62);
        emulator.emulator().faults().s3BandwidthBytesPerSecond(4L * MIB);
        AtomicBoolean aborted = new AtomicBoolean();
        TransferHandle h = tm.upload(u -> u.source(src).remoteFolder("/vanished-counted/")
                .listener(onceTransferred(5L * MIB, aborted, () -> abortUploadsIn("/vanished-counted/"))));
        TransferResult r = h.join();
        assertThat(aborted).isTrue();
        assertThat(r.failures()).isEmpty();
        TransferProgress last = h.progress();
        assertThat(last.bytesTransferred()).isEqualTo(last.bytesTotal()).isEqualTo(size);
        assertThat(r.bytesTransferred()).isEqualTo(r.files().get(0).bytesTransferred()).isEqualTo(size);
    }

    /** Files that SKIP_EXISTING leaves leave the progress total too: a finished job reaches it. */
    @Test
    void skippedFiles_leaveTheProgressTotal_inBothDirections() throws Exception {
        Path src = dir.resolve("src");
        Trees.file(src.resolve("a.bin"), 3L * MIB, 1);
        assertThat(tm.upload(u -> u.source(src).remoteFolder("/totals/")).join().failures()).isEmpty();
        Trees.file(src.resolve("b.bin"), 1000, 2);
        TransferHandle up = tm.upload(u -> u.source(src).remoteFolder("/totals/")
                .overwrite(OverwritePolicy.SKIP_EXISTING));
        assertThat(up.join().failures()).isEmpty();
        assertThat(up.progress().bytesTransferred()).isEqualTo(up.progress().bytesTotal()).isEqualTo(1000);

        Path back = dir.resolve("back");
        Trees.file(back.resolve("a.bin"), 5, 3);
        TransferHandle down = tm.download(d -> d.remotePath("/totals/").target(back)
                .overwrite(OverwritePolicy.SKIP_EXISTING));
        assertThat(down.join().failures()).isEmpty();
        assertThat(down.progress().bytesTransferred()).isEqualTo(down.progress().bytesTotal()).isEqualTo(1000);
    }

    /** Globs pick files inside a folder: with a single file they would be ignored, so they are refused. */
    @Test
    void includeAndExcludeGlobs_withASingleFile_areRefused_inBothDirections() throws Exception {
        Path file = Trees.file(dir.resolve("one.txt"), 10, 4);
        assertThatThrownBy(() -> tm.upload(u -> u.source(file).remoteFolder("/globs-one/").exclude("*.txt")).join())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Include and exclude globs pick files inside a folder")
                .hasMessageContaining("one.txt is a single file");
        emulator.emulator().seed().putFile(emulator.emulator().projectId(), "/globs-one/two.txt", new byte[3]);
        Path target = dir.resolve("globs-back");
        assertThatThrownBy(() -> tm.download(d -> d.remotePath("/globs-one/two.txt").target(target).include("*.bin"))
                .join()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a single file");
        assertThat(target).doesNotExist();
        assertThat(emulator.emulator().seed().readFile(emulator.emulator().projectId(), "/globs-one/one.txt")).isEmpty();
    }

    @Test
    void overwritePolicies_failSkipOrReplace_inBothDirections() throws Exception {
        Path src = dir.resolve("src");
        Path f = Trees.file(src.resolve("same.txt"), 100, 5);
        assertThat(tm.upload(u -> u.source(src).remoteFolder("/ow/")).join().failures()).isEmpty();
        Trees.file(f, 200, 6);

        TransferResult fail = tm.upload(u -> u.source(src).remoteFolder("/ow/")).join();
        assertThat(fail.failures()).singleElement().satisfies(r -> assertThat(r.reason()).contains("already exists")
                .contains("OVERWRITE"));
        TransferResult skip = tm.upload(u -> u.source(src).remoteFolder("/ow/").overwrite(OverwritePolicy.SKIP_EXISTING))
                .join();
        assertThat(skip.files()).singleElement().satisfies(r -> {
            assertThat(r.isSkippedBecauseItExists()).isTrue();
            assertThat(r.reason()).isEqualTo(FileResult.EXISTS_IN_ICA);
        });
        assertThat(fail.failures().get(0).isSkippedBecauseItExists()).isFalse();
        TransferResult over = tm.upload(u -> u.source(src).remoteFolder("/ow/").overwrite(OverwritePolicy.OVERWRITE))
                .join();
        assertThat(over.succeeded()).isEqualTo(1);
        assertThat(emulator.emulator().seed().readFile(emulator.emulator().projectId(), "/ow/same.txt").orElseThrow())
                .isEqualTo(Files.readAllBytes(f));

        Path local = dir.resolve("local");
        Path existing = Trees.file(local.resolve("same.txt"), 5, 7);
        byte[] before = Files.readAllBytes(existing);
        TransferResult dFail = tm.download(d -> d.remotePath("/ow/").target(local)).join();
        assertThat(dFail.failures()).singleElement().satisfies(r -> assertThat(r.reason()).contains("already exists"));
        assertThat(Files.readAllBytes(existing)).isEqualTo(before);
        assertThat(tm.download(d -> d.remotePath("/ow/").target(local).overwrite(OverwritePolicy.SKIP_EXISTING)).join()
                .files()).singleElement().satisfies(r -> {
                    assertThat(r.isSkippedBecauseItExists()).isTrue();
                    assertThat(r.reason()).isEqualTo(FileResult.LOCAL_FILE_EXISTS);
                });
        assertThat(tm.download(d -> d.remotePath("/ow/").target(local).overwrite(OverwritePolicy.OVERWRITE)).join()
                .succeeded()).isEqualTo(1);
        assertThat(Files.readAllBytes(existing)).isEqualTo(Files.readAllBytes(f));
    }

    /** What an interrupted download leaves beside its target is not the user's data: folder uploads leave it out. */
    @Test
    void anUnfinishedDownloadsTemporaryFile_isNotUploaded_withAFolder() throws Exception {
        Path src = dir.resolve("with-partial");
        Path kept = Trees.file(src.resolve("kept.bin"), 1000, 61);
        Path partial = PartialFiles.beside(src.resolve("big.bin"), "an earlier job/big.bin");
        Trees.file(partial, 3000, 62);
        TransferResult up = tm.upload(u -> u.source(src).remoteFolder("/with-partial/")).join();
        assertThat(up.succeeded()).isEqualTo(1);
        assertThat(up.files()).filteredOn(f -> f.outcome() == FileOutcome.SKIPPED).singleElement()
                .satisfies(f -> assertThat(f.reason()).contains("unfinished download"));
        assertThat(client.projectData(ica().projectId()).listRecursive("/with-partial/").stream()
                .filter(ProjectData::isFile).map(ProjectData::path)).containsExactly("/with-partial/kept.bin");
        assertThat(Files.size(kept)).isEqualTo(1000);
    }

    /** Above 1 GiB the CRT refuses to start, and parts over 2 GiB do not fit the lengths of a request. */
    @Test
    void partSizes_outsideWhatTheEngineCanSend_areRefused_andTheLargestAllowedWorks() throws Exception {
        assertThatThrownBy(() -> manager().partSizeInBytes(TransferManager.MAX_PART_SIZE_IN_BYTES + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 5 MiB and 1 GiB");
        assertThatThrownBy(() -> manager().partSizeInBytes(5L << 30)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> manager().partSizeInBytes(TransferManager.MIN_PART_SIZE_IN_BYTES - 1))
                .isInstanceOf(IllegalArgumentException.class);
        Path src = dir.resolve("largest-part");
        Trees.file(src.resolve("f.bin"), 6 * MIB + 3, 31);
        try (TransferManager largest = manager().partSizeInBytes(TransferManager.MAX_PART_SIZE_IN_BYTES).build()) {
            assertThat(largest.upload(u -> u.source(src).remoteFolder("/largest-part/")).join().failures()).isEmpty();
            Path back = dir.resolve("largest-part-back");
            assertThat(largest.download(d -> d.remotePath("/largest-part/").target(back)).join().failures()).isEmpty();
            assertThat(Trees.digests(back)).isEqualTo(Trees.digests(src));
        }
    }

    @Test
    void waitUntilAvailable_completesOnlyOnceICAMarksTheFilesAvailable() throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path src = dir.resolve("src");
        Trees.file(src.resolve("x.txt"), 10, 8);
        Trees.file(src.resolve("y.bin"), 6L * MIB, 9);
        ica.faults().partialLag(Duration.ofMillis(1500));
        TransferResult r = tm.upload(u -> u.source(src).remoteFolder("/avail/").waitUntilAvailable(true)).join();
        assertThat(r.failures()).isEmpty();
        assertThat(client.projectData(ica.projectId()).listRecursive("/avail/").stream()
                .filter(ProjectData::isFile).map(ProjectData::status)).containsOnly(DataStatus.AVAILABLE).hasSize(2);
    }

    private void awaitJournal() throws Exception {
        awaitCondition(() -> {
            try (Stream<Path> s = Files.list(journals)) {
                return s.anyMatch(p -> p.toString().endsWith(".journal"));
            } catch (Exception e) {
                return false;
            }
        });
    }

    /**
     * Waits until the cancelled run has let go of its journal (its handle completes at the cancel, its file
     * workers end after it) and the S3 server is done with every request it sent, so that a fault armed next
     * reaches the rerun.
     */
    private void awaitTheCancelledRunsEnd(IcaEmulator ica) throws Exception {
        awaitCondition(() -> {
            try (Stream<Path> s = Files.list(journals)) {
                return s.filter(p -> p.toString().endsWith(".journal")).noneMatch(TransferBehaviourIT::heldHere);
            } catch (java.io.IOException e) {
                return false;
            }
        });
        awaitCondition(() -> ica.faults().s3RequestsInFlight() == 0);
    }

    /** Whether a run in this JVM holds the journal's lock (the JVM's lock table says so before the OS is asked). */
    private static boolean heldHere(Path journal) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(journal, StandardOpenOption.WRITE);
             java.nio.channels.FileLock lock = ch.tryLock()) {
            return lock == null;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return true;
        } catch (java.io.IOException e) {
            return false; // gone: completed
        }
    }

    private static void awaitCondition(java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 10 s");
            }
            Thread.sleep(10); // polling state changed by other threads, bounded by the deadline
        }
    }

    private void assertRemoteEquals(Path src, String remote) throws Exception {
        Path back = Files.createTempDirectory(dir, "verify");
        TransferResult d = tm.download(x -> x.remotePath(remote).target(back)).join();
        assertThat(d.failures()).isEmpty();
        assertThat(Trees.digests(back)).isEqualTo(Trees.digests(src));
    }
}
