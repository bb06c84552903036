package io.icasdk.transfer;

import static io.icasdk.transfer.Trees.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.icasdk.testkit.IcaEmulator;
import io.icasdk.transfer.internal.PartialFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A download's target taken by someone else while it runs or between an interrupted run and its rerun: FAIL
 * and SKIP_EXISTING leave what is there untouched, and nothing of the download stays behind.
 */
class DownloadTargetIT extends EmulatorTestBase {
    @BeforeAll
    static void twoRequestsInFlight() {
        tm.close();
        tm = manager().maxRequestsInFlight(2).build();
    }

    @AfterEach
    void reset() {
        emulator.emulator().faults().reset();
    }

    private static List<Path> partials(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> PartialFiles.isPartial(p.getFileName().toString())).toList();
        }
    }

    private static void awaitPartial(Path folder) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (partials(folder).isEmpty()) {
            assertThat(System.nanoTime()).as("the download started").isLessThan(deadline);
            Thread.sleep(10);
        }
        Thread.sleep(200);
    }

    private void cancelAfter(String remote, Path back, long bytes) throws Exception {
        emulator.emulator().faults().s3BandwidthBytesPerSecond(4L * MIB);
        AtomicReference<TransferHandle> handle = new AtomicReference<>();
        AtomicBoolean ran = new AtomicBoolean();
        handle.set(tm.download(d -> d.remotePath(remote).target(back).listener(new TransferListener() {
            @Override
            public void onProgress(TransferProgress p) {
                if (p.bytesTransferred() >= bytes && ran.compareAndSet(false, true)) {
                    handle.get().cancel();
                }
            }
        })));
        assertThatThrownBy(() -> handle.get().join()).isInstanceOf(CancellationException.class);
        emulator.emulator().faults().reset();
    }

    /**
     * Downloads {@code /folder/f.bin} of {@code size} bytes into a new local folder, slowed down, and writes a
     * file of the user's at its target once the download has started; returns the result, with the user's file
     * checked untouched and no temporary file left.
     */
    private TransferResult downloadWhileAFileAppears(String folder, long size, long bytesPerSecond,
                                                     Consumer<DownloadRequest.Builder> options) throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path v = Trees.file(dir.resolve("v.bin"), size, size);
        ica.seed().putFile(ica.projectId(), folder + "f.bin", v);
        ica.faults().s3BandwidthBytesPerSecond(bytesPerSecond);
        Path back = dir.resolve("back");
        TransferHandle h = tm.download(d -> {
            d.remotePath(folder).target(back);
            options.accept(d);
        });
        awaitPartial(back);
        Files.writeString(back.resolve("f.bin"), "the user's own file");

        TransferResult r = h.join();
        assertThat(Files.readString(back.resolve("f.bin"))).as("the user's file").isEqualTo("the user's own file");
        assertThat(partials(back)).isEmpty();
        return r;
    }

    /** FAIL policy: a file that appears at the target while the download runs is left untouched. */
    @Test
    void targetCreatedWhileASmallFileDownloads_isLeftUntouchedUnderFail() throws Exception {
        TransferResult r = downloadWhileAFileAppears("/appear1/", 4L * MIB, MIB, d -> { }); // one GET (parts: 5 MiB)
        assertThat(r.failures()).singleElement().satisfies(f -> assertThat(f.reason()).contains("left untouched"));
    }

    @Test
    void targetCreatedWhileALargeFileDownloads_isLeftUntouchedUnderFail() throws Exception {
        TransferResult r = downloadWhileAFileAppears("/appear2/", 12L * MIB, 4L * MIB, d -> { }); // three ranges
        assertThat(r.failures()).singleElement().satisfies(f -> assertThat(f.reason()).contains("left untouched"));
    }

    /** The same through presigned URLs, with SKIP_EXISTING: the file that appeared is kept, the download dropped. */
    @Test
    void targetCreatedWhileAPresignedDownloadRuns_isLeftUntouchedUnderSkipExisting() throws Exception {
        TransferResult r = downloadWhileAFileAppears("/appear4/", 4L * MIB, MIB,
                d -> d.presignedUrls(true).overwrite(OverwritePolicy.SKIP_EXISTING));
        assertThat(r.files()).singleElement().satisfies(f -> assertThat(f.outcome()).isEqualTo(FileOutcome.SKIPPED));
    }

    /** A link put at the target during the download: refused, saying "Nothing was written", and so it is. */
    @Test
    void linkCreatedAtTheTargetWhileDownloading_leavesNoHiddenTemporaryFile() throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path v = Trees.file(dir.resolve("v.bin"), 4L * MIB, 3);
        ica.seed().putFile(ica.projectId(), "/appear3/f.bin", v);
        ica.faults().s3BandwidthBytesPerSecond(1L * MIB);
        Path back = dir.resolve("back");
        Path elsewhere = Files.writeString(dir.resolve("elsewhere.txt"), "x");
        TransferHandle h = tm.download(d -> d.remotePath("/appear3/").target(back));
        awaitPartial(back);
        Files.createSymbolicLink(back.resolve("f.bin"), elsewhere);

        TransferResult r = h.join();
        assertThat(r.failures()).singleElement().satisfies(f -> assertThat(f.reason()).contains("Nothing was written"));
        assertThat(partials(back)).as("no hidden copy of the file stays").isEmpty();
    }

    /** Seeds {@code folder/big.bin}, cancels its download into {@code back} after 5 MiB; returns its source. */
    private Path interruptedDownload(String folder, Path back) throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path v = Trees.file(dir.resolve("v.bin"), 16L * MIB + 1, folder.length());
        ica.seed().putFile(ica.projectId(), folder + "big.bin", v);
        cancelAfter(folder, back, 5L * MIB);
        return v;
    }

    /** A resumed file whose target is now a folder: the error should say so, as for a fresh run. */
    @Test
    void resumedFileWhoseTargetBecameAFolder_saysSoClearly() throws Exception {
        Path back = dir.resolve("back");
        interruptedDownload("/dirres/", back);
        Files.createDirectories(back.resolve("big.bin"));

        TransferResult r = tm.download(d -> d.remotePath("/dirres/").target(back)).join();
        assertThat(r.failures()).singleElement().satisfies(f -> assertThat(f.reason()).contains("is a folder"));
        assertThat(r.files().get(0).bytesTransferred()).as("bytes fetched for nothing").isZero();
    }

    /** FAIL policy on a resumed file: a file the user put at the target between the runs is not the job's. */
    @Test
    void userFileCreatedBetweenAnInterruptedRunAndItsRerun_isLeftUntouchedUnderFail() throws Exception {
        Path back = dir.resolve("back");
        Path v = interruptedDownload("/resow/", back);
        Files.writeString(back.resolve("big.bin"), "the user's own file");

        TransferResult r = tm.download(d -> d.remotePath("/resow/").target(back)).join();
        assertThat(Files.readString(back.resolve("big.bin"))).as("the user's file").isEqualTo("the user's own file");
        assertThat(r.failures()).singleElement().satisfies(f -> assertThat(f.reason()).contains("already exists"));
        assertThat(partials(back)).as("the interrupted run's temporary file goes").isEmpty();

        TransferResult skip = tm.download(d -> d.remotePath("/resow/").target(back)
                .overwrite(OverwritePolicy.SKIP_EXISTING)).join();
        assertThat(skip.files()).singleElement().satisfies(f -> assertThat(f.outcome()).isEqualTo(FileOutcome.SKIPPED));
        TransferResult over = tm.download(d -> d.remotePath("/resow/").target(back)
                .overwrite(OverwritePolicy.OVERWRITE)).join();
        assertThat(over.failures()).isEmpty();
        assertThat(Trees.sha256(back.resolve("big.bin"))).isEqualTo(Trees.sha256(v));
    }

    /**
     * A file the interrupted run had finished, then edited by the user (same size, later mtime): it is no longer
     * what the download wrote, so the policy decides, as for any file in the way - FAIL and SKIP_EXISTING keep the
     * edit and say so, OVERWRITE puts the project's copy back. It was kept and reported as downloaded.
     */
    @ParameterizedTest
    @CsvSource({"FAIL,false", "SKIP_EXISTING,false", "OVERWRITE,false", "FAIL,true", "OVERWRITE,true"})
    void fileFinishedByAnInterruptedRun_thenEditedAtTheSameSize_isNotTakenAsDownloaded(OverwritePolicy policy,
                                                                                      boolean presigned)
            throws Exception {
        IcaEmulator ica = emulator.emulator();
        String folder = "/edited-" + policy + "-" + presigned + "/";
        ica.seed().putFile(ica.projectId(), folder + "a.txt", "from ICA".getBytes());
        Path back = dir.resolve("back");
        interruptedDownload(folder, back);
        Path a = back.resolve("a.txt");
        assertThat(a).as("finished before the interruption").hasContent("from ICA");
        Files.writeString(a, "the user"); // same size
        Files.setLastModifiedTime(a, FileTime.from(Instant.now().plusSeconds(3600))); // saved later

        TransferResult r = tm.download(d -> d.remotePath(folder).target(back).overwrite(policy).presignedUrls(presigned))
                .join();
        FileResult ra = r.files().stream().filter(f -> f.remotePath().endsWith("/a.txt")).findFirst().orElseThrow();
        switch (policy) {
            case FAIL -> {
                assertThat(ra.outcome()).isEqualTo(FileOutcome.FAILED);
                assertThat(ra.reason()).contains("already exists");
                assertThat(a).as("the user's edit").hasContent("the user");
            }
            case SKIP_EXISTING -> {
                assertThat(ra.outcome()).isEqualTo(FileOutcome.SKIPPED);
                assertThat(ra.reason()).isEqualTo(FileResult.LOCAL_FILE_EXISTS);
                assertThat(a).as("the user's edit").hasContent("the user");
            }
            default -> {
                assertThat(ra.outcome()).isEqualTo(FileOutcome.SUCCESS);
                assertThat(a).as("the project's copy").hasContent("from ICA");
            }
        }
        assertThat(r.files()).filteredOn(f -> f.remotePath().endsWith("/big.bin")).singleElement()
                .satisfies(f -> assertThat(f.outcome()).isEqualTo(FileOutcome.SUCCESS));
    }

    private static void deleteInIca(String path) {
        var data = client.projectData(emulator.emulator().projectId());
        data.delete(data.findByPath(path).orElseThrow().id());
    }

    /** Ranged download interrupted (its ranges kept for a resume), then the file deleted in ICA. */
    @Test
    void interruptedLargeFile_deletedInIcaBeforeTheRerun_isReportedGone_andLeavesNoTemporaryFile() throws Exception {
        Path back = dir.resolve("back");
        interruptedDownload("/vanish1/", back);
        assertThat(partials(back)).as("kept for a resume").isNotEmpty();
        deleteInIca("/vanish1/big.bin");

        TransferResult r = tm.download(d -> d.remotePath("/vanish1/").target(back)).join();
        assertThat(partials(back)).as("the interrupted run's temporary file").isEmpty();
        assertThat(r.failures()).isEmpty();
        assertThat(r.files()).singleElement().satisfies(f -> {
            assertThat(f.remotePath()).isEqualTo("/vanish1/big.bin");
            assertThat(f.outcome()).isEqualTo(FileOutcome.SKIPPED);
            assertThat(f.reason()).contains("no longer in ICA");
        });
        assertThat(back.resolve("big.bin")).doesNotExist();
    }

    /**
     * A rerun whose filters leave out the file an interrupted run had begun finishes the job, so its journal goes:
     * the file's temporary file goes with it (no run could resume it, and nothing else would remove it).
     */
    @Test
    void interruptedLargeFile_leftOutByTheRerunsFilters_leavesNoTemporaryFile() throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path back = dir.resolve("back");
        interruptedDownload("/leftout/", back);
        assertThat(partials(back)).as("kept for a resume").isNotEmpty();
        ica.seed().putFile(ica.projectId(), "/leftout/small.txt", "small".getBytes(StandardCharsets.UTF_8));

        TransferResult r = tm.download(d -> d.remotePath("/leftout/").target(back).exclude("*.bin")).join();
        assertThat(r.isSuccess()).isTrue();
        assertThat(back.resolve("small.txt")).hasContent("small");
        assertThat(partials(back)).as("the interrupted run's temporary file").isEmpty();
        assertThat(back.resolve("big.bin")).doesNotExist();
    }

    /** The same for a download of the one file: the rerun says it does not exist, and removes what was kept. */
    @Test
    void interruptedDownloadOfOneLargeFile_deletedInIcaBeforeTheRerun_saysSo_andLeavesNothingBehind() throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path back = Files.createDirectories(dir.resolve("back"));
        ica.seed().putFile(ica.projectId(), "/vanish2/big.bin", Trees.file(dir.resolve("v.bin"), 16L * MIB + 1, 5));
        cancelAfter("/vanish2/big.bin", back, 5L * MIB);
        assertThat(partials(back)).as("kept for a resume").isNotEmpty();
        Path journal = shared.resolve("journals").resolve(new io.icasdk.transfer.internal.journal.JobKey("DOWNLOAD",
                back, client.baseUrl().toString(), ica.projectId(), "/vanish2/big.bin").id() + ".journal");
        assertThat(journal).exists();
        deleteInIca("/vanish2/big.bin");

        Throwable rerun = catchThrowable(() -> tm.download(d -> d.remotePath("/vanish2/big.bin").target(back)).join());
        assertThat(partials(back)).as("the interrupted run's temporary file").isEmpty();
        assertThat(journal).as("its journal").doesNotExist();
        assertThat(rerun).isInstanceOf(SourceNotFoundException.class).hasMessageContaining("does not exist")
                .hasMessageContaining("removed");
    }
}
