package io.icasdk.transfer;

import static io.icasdk.transfer.Trees.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.icasdk.core.IcaClient;
import io.icasdk.testkit.IcaEmulator;
import io.icasdk.testkit.IcaEmulatorExtension;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM running a transfer with SIGKILL at chosen moments (seen in its journal, never timed
 * by sleeps), then runs the same transfer in this JVM: the result is byte-identical and no more than
 * the parts in flight at the kill are sent again.
 */
class CrashResumeIT {
    private static final int PART = 5 * MIB;
    private static final int REQUESTS = 2;

    @RegisterExtension
    static IcaEmulatorExtension emulator = new IcaEmulatorExtension();

    @TempDir
    Path dir;
    Path journals;
    IcaClient client;
    TransferManager tm;
    Process child;

    @BeforeEach
    void setUp() {
        journals = dir.resolve("journals");
        client = EmulatorSetup.client(emulator.emulator(), dir);
        tm = EmulatorSetup.manager(emulator.emulator(), client, journals).maxRequestsInFlight(REQUESTS).build();
    }

    @AfterEach
    void tearDown() {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
        }
        emulator.emulator().faults().reset();
        tm.close();
    }

    @Test
    void upload_resumesFromLastCompletedPart_andSkipsFinishedFiles_afterKill() throws Exception {
        Path src = dir.resolve("up1");
        Path big = Trees.file(src.resolve("big.bin"), 30L * MIB + 17, 1);
        for (int i = 0; i < 3; i++) {
            Trees.file(src.resolve("small/s" + i + ".bin"), MIB + i, 10 + i);
        }
        throttle();
        child = startChild("upload", src, "/crash-up1/", 2);
        List<String[]> atKill = killWhen(r -> partsOf(r, "big.bin") >= 3 && count(r, "D") >= 1);
        long journaledBytes = partBytes(atKill);
        List<String> doneAtKill = atKill.stream().filter(x -> x[0].equals("D")).map(x -> x[1]).toList();
        emulator.emulator().faults().reset();

        TransferResult r = tm.upload(u -> u.source(src).remoteFolder("/crash-up1/")).join();
        assertThat(r.failures()).isEmpty();
        FileResult bigResult = r.files().stream().filter(f -> f.remotePath().endsWith("big.bin")).findFirst()
                .orElseThrow();
        assertThat(bigResult.resumed()).isTrue();
        assertThat(bigResult.bytesTransferred())
                .isLessThanOrEqualTo(Files.size(big) - journaledBytes + (long) REQUESTS * PART);
        for (FileResult f : r.files()) {
            if (doneAtKill.contains(relative(src, f.localPath()))) {
                assertThat(f.bytesTransferred()).as(f.remotePath()).isZero();
                assertThat(f.resumed()).isTrue();
            }
        }
        assertThat(r.bytesSkippedByResume()).isGreaterThanOrEqualTo(journaledBytes);
        assertRemoteEquals(src, "/crash-up1/");
        assertThat(journalFiles()).isEmpty();
    }

    @Test
    void upload_killedRightAfterTheUploadIdWasJournaled_continuesThatUpload() throws Exception {
        Path src = dir.resolve("up2");
        Path big = Trees.file(src.resolve("big.bin"), 12L * MIB, 2);
        throttle();
        child = startChild("upload", src, "/crash-up2/", 1);
        killWhen(r -> count(r, "M") == 1);
        emulator.emulator().faults().reset();

        TransferResult r = tm.upload(u -> u.source(src).remoteFolder("/crash-up2/")).join();
        assertThat(r.failures()).isEmpty();
        assertThat(r.bytesTransferred() + r.bytesSkippedByResume()).isEqualTo(Files.size(big));
        assertRemoteEquals(src, "/crash-up2/");
    }

    @Test
    void download_resumesFromCompletedRanges_andSkipsFinishedFiles_afterKill_neverShowingAPartialFile()
            throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path orig = dir.resolve("orig");
        Path big = Trees.file(orig.resolve("big.bin"), 33L * MIB + 5, 3);
        ica.seed().putFile(ica.projectId(), "/crash-down/big.bin", big);
        for (int i = 0; i < 3; i++) {
            Path f = Trees.file(orig.resolve("sub/f" + i + ".bin"), MIB + i, 20 + i);
            ica.seed().putFile(ica.projectId(), "/crash-down/sub/f" + i + ".bin", f);
        }
        Path target = dir.resolve("down");
        throttle();
        child = startChild("download", target, "/crash-down/", 2);
        List<String[]> atKill = killWhen(r -> partsOf(r, "big.bin") >= 2 && count(r, "D") >= 1);
        long journaledBytes = partBytes(atKill);
        long doneAtKill = count(atKill, "D");
        assertThat(target.resolve("big.bin")).doesNotExist();
        ica.faults().reset();

        TransferResult r = tm.download(d -> d.remotePath("/crash-down/").target(target)).join();
        assertThat(r.failures()).isEmpty();
        FileResult bigResult = r.files().stream().filter(f -> f.remotePath().endsWith("big.bin")).findFirst()
                .orElseThrow();
        assertThat(bigResult.resumed()).isTrue();
        assertThat(bigResult.bytesTransferred()).isEqualTo(Files.size(big) - journaledBytes);
        assertThat(r.files().stream().filter(f -> f.resumed() && f.bytesTransferred() == 0).count())
                .isGreaterThanOrEqualTo(doneAtKill);
        assertThat(Trees.digests(target)).isEqualTo(Trees.digests(orig));
    }

    /**
     * A power loss right after the kill: the bytes of the ranges journaled but not yet forced to disk are
     * lost (zeros here). The resume finds them not matching their digest and fetches just those again.
     */
    @Test
    void download_afterAPowerLoss_fetchesAgainTheRangesThatHadNotReachedTheDisk() throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path big = Trees.file(dir.resolve("orig/big.bin"), 33L * MIB + 5, 7);
        // uploaded in parts with their CRCs, so each range of the download has a digest to check it by
        assertThat(tm.upload(u -> u.source(big).remoteFolder("/power/")).join().failures()).isEmpty();
        Path target = dir.resolve("power");
        throttle();
        child = startChild("download", target, "/power/", 1);
        List<String[]> atKill = killWhen(r -> partsOf(r, "big.bin") >= 2);
        ica.faults().reset();
        String[] pin = atKill.stream().filter(r -> r[0].equals("R")).findFirst().orElseThrow();
        long rangeSize = Long.parseLong(pin[4]);
        List<String[]> unforced = atKill.stream().filter(r -> r[0].equals("Q")).filter(q -> atKill.stream()
                .noneMatch(f -> f[0].equals("F") && List.of(f[2].split(",")).contains(q[2]))).toList();
        assertThat(unforced).as("ranges journaled before their force").isNotEmpty();
        String[] lost = unforced.get(0);
        long lostBytes = Long.parseLong(lost[3]);
        try (FileChannel temp = FileChannel.open(target.resolve(pin[5]), StandardOpenOption.WRITE)) {
            temp.write(ByteBuffer.allocate((int) lostBytes), Integer.parseInt(lost[2]) * rangeSize);
        }

        TransferResult r = tm.download(d -> d.remotePath("/power/").target(target)).join();
        assertThat(r.failures()).isEmpty();
        FileResult result = r.files().get(0);
        assertThat(result.resumed()).isTrue();
        assertThat(result.bytesTransferred()).isEqualTo(Files.size(big) - partBytes(atKill) + lostBytes);
        assertThat(Trees.sha256(target.resolve("big.bin"))).isEqualTo(Trees.sha256(big));
    }

    /** Journaled ranges are worth nothing without their file: a rerun that finds it gone starts the file over. */
    @Test
    void download_whoseTemporaryFileIsGone_afterAKill_fetchesTheWholeFileAgain() throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path big = Trees.file(dir.resolve("orig/gone.bin"), 17L * MIB + 3, 9);
        ica.seed().putFile(ica.projectId(), "/gone/gone.bin", big);
        Path target = dir.resolve("gone");
        throttle();
        child = startChild("download", target, "/gone/", 1);
        List<String[]> atKill = killWhen(r -> partsOf(r, "gone.bin") >= 2);
        ica.faults().reset();
        String[] pin = atKill.stream().filter(r -> r[0].equals("R")).findFirst().orElseThrow();
        Files.delete(target.resolve(pin[5]));

        TransferResult r = tm.download(d -> d.remotePath("/gone/").target(target)).join();
        assertThat(r.failures()).isEmpty();
        assertThat(r.files().get(0).resumed()).isFalse();
        assertThat(r.files().get(0).bytesTransferred()).isEqualTo(Files.size(big));
        assertThat(Trees.sha256(target.resolve("gone.bin"))).isEqualTo(Trees.sha256(big));
    }

    /**
     * Runs a child that downloads {@code remote} (one file) into {@code target} and halts, as a kill there would end
     * it, once the file is in place and before its journal says so; returns its journal.
     */
    private List<String[]> killedOnceInPlace(String remote, Path target) throws Exception {
        child = startChild("download-halt-in-place", target, remote, 1);
        assertThat(child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("child ended").isTrue();
        assertThat(child.exitValue()).as(childLog()).isEqualTo(137);
        List<String[]> journal = readJournal();
        assertThat(count(journal, "D")).as("done records").isZero();
        return journal;
    }

    /**
     * A kill after the rename and before the journal's done record: under FAIL (the default) the rerun knows the
     * file as the job's own, finished, rather than as one that "appeared while the file downloaded".
     */
    @Test
    void download_killedOnceTheFileWasInPlace_isDoneOnTheRerun_underFail() throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path orig = Trees.file(dir.resolve("orig/placed.bin"), MIB + 3, 31);
        ica.seed().putFile(ica.projectId(), "/placed/placed.bin", orig);
        Path target = dir.resolve("placed");
        killedOnceInPlace("/placed/", target);
        assertThat(Trees.sha256(target.resolve("placed.bin"))).isEqualTo(Trees.sha256(orig));

        TransferResult r = tm.download(d -> d.remotePath("/placed/").target(target)).join();
        assertThat(r.failures()).isEmpty();
        assertThat(r.files()).singleElement().satisfies(f -> {
            assertThat(f.outcome()).isEqualTo(FileOutcome.SUCCESS);
            assertThat(f.resumed()).isTrue();
            assertThat(f.bytesTransferred()).isZero();
        });
        assertThat(Trees.sha256(target.resolve("placed.bin"))).isEqualTo(Trees.sha256(orig));
        assertThat(journalFiles()).isEmpty();
    }

    /**
     * The same for a ranged download killed between the hard link that puts it in place and the unlink of its
     * temporary name (both names then left), under SKIP_EXISTING: done, not skipped as an existing file, and the
     * temporary name goes.
     */
    @Test
    void download_killedBetweenTheLinkAndTheUnlink_isDoneOnTheRerun_underSkipExisting() throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path orig = Trees.file(dir.resolve("orig/linked.bin"), 12L * MIB + 1, 32);
        ica.seed().putFile(ica.projectId(), "/linked/linked.bin", orig);
        Path target = dir.resolve("linked");
        List<String[]> journal = killedOnceInPlace("/linked/", target);
        String[] pin = journal.stream().filter(x -> x[0].equals("R")).findFirst().orElseThrow();
        Files.createLink(target.resolve(pin[5]), target.resolve("linked.bin"));

        TransferResult r = tm.download(d -> d.remotePath("/linked/").target(target)
                .overwrite(OverwritePolicy.SKIP_EXISTING)).join();
        assertThat(r.files()).singleElement().satisfies(f -> {
            assertThat(f.outcome()).isEqualTo(FileOutcome.SUCCESS);
            assertThat(f.resumed()).isTrue();
            assertThat(f.bytesTransferred()).isZero();
        });
        assertThat(partialsOf(target, "")).as("temporary files").isEmpty();
        assertThat(Trees.sha256(target.resolve("linked.bin"))).isEqualTo(Trees.sha256(orig));
        assertThat(journalFiles()).isEmpty();
    }

    /**
     * A file someone else put in place of the one the killed run had put there, even of the same size and
     * modification time, is not taken for the job's own: FAIL leaves it untouched.
     */
    @Test
    void download_killedOnceTheFileWasInPlace_thenReplacedByAnother_leavesTheOtherUntouched() throws Exception {
        IcaEmulator ica = emulator.emulator();
        Path orig = Trees.file(dir.resolve("orig/swapped.bin"), MIB, 33);
        ica.seed().putFile(ica.projectId(), "/swapped/swapped.bin", orig);
        Path target = dir.resolve("swapped");
        killedOnceInPlace("/swapped/", target);
        Path placed = target.resolve("swapped.bin");
        java.nio.file.attribute.FileTime modified = Files.getLastModifiedTime(placed);
        Path theirs = Trees.file(dir.resolve("theirs.bin"), MIB, 34);
        Files.move(theirs, placed, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(placed, modified);

        TransferResult r = tm.download(d -> d.remotePath("/swapped/").target(target)).join();
        assertThat(r.files()).singleElement().satisfies(f -> {
            assertThat(f.outcome()).isEqualTo(FileOutcome.FAILED);
            assertThat(f.reason()).contains("left untouched");
        });
        assertThat(Trees.sha256(placed)).isEqualTo(Trees.sha256(Trees.file(dir.resolve("theirs-again.bin"), MIB, 34)));
    }

    /**
     * Seeds {@code folder} with small.bin (one GET) and keep.txt, kills a child running {@code mode} on it
     * mid-GET with SIGKILL, and deletes small.bin in ICA; returns the local folder.
     */
    private Path killedMidGetThenDeletedInIca(String mode, String folder, int seed) throws Exception {
        IcaEmulator ica = emulator.emulator();
        ica.seed().putFile(ica.projectId(), folder + "small.bin", Trees.file(dir.resolve("orig/small.bin"), 4L * MIB, seed));
        ica.seed().putFile(ica.projectId(), folder + "keep.txt", "kept".getBytes(StandardCharsets.UTF_8));
        Path target = dir.resolve(folder.substring(1, folder.length() - 1));
        throttle();
        child = startChild(mode, target, folder, 1);
        killWhen(r -> count(r, "S") >= 1 && !partialsOf(target, "small.bin").isEmpty());
        ica.faults().reset();
        deleteInIca(folder + "small.bin");
        return target;
    }

    /**
     * A small file (one GET, no ranges) killed mid-download, then deleted in ICA: the rerun says it is gone and
     * removes the temporary file, which nothing else would ever remove (a cancel deletes it, a kill cannot).
     */
    @Test
    void download_ofASmallFileKilledMidGet_thenDeletedInIca_isReportedGone_andLeavesNoTemporaryFile() throws Exception {
        Path target = killedMidGetThenDeletedInIca("download", "/vanish/", 11);

        TransferResult r = tm.download(d -> d.remotePath("/vanish/").target(target)).join();
        assertThat(partialsOf(target, "")).as("temporary files").isEmpty();
        assertThat(r.failures()).isEmpty();
        assertThat(r.files()).filteredOn(f -> f.remotePath().equals("/vanish/small.bin")).singleElement()
                .satisfies(f -> {
                    assertThat(f.outcome()).isEqualTo(FileOutcome.SKIPPED);
                    assertThat(f.reason()).contains("no longer in ICA");
                });
        assertThat(target.resolve("keep.txt")).hasContent("kept");
        assertThat(journalFiles()).isEmpty();
    }

    /** The same when the download was of the one file: the rerun fails saying it does not exist, and cleans up. */
    @Test
    void download_ofOneSmallFileKilledMidGet_thenDeletedInIca_saysSo_andLeavesNothingBehind() throws Exception {
        IcaEmulator ica = emulator.emulator();
        ica.seed().putFile(ica.projectId(), "/vanish1/small.bin", Trees.file(dir.resolve("orig/small.bin"), 4L * MIB, 12));
        Path target = Files.createDirectories(dir.resolve("vanish1"));
        throttle();
        child = startChild("download", target, "/vanish1/small.bin", 1);
        killWhen(r -> count(r, "S") >= 1 && !partialsOf(target, "small.bin").isEmpty());
        ica.faults().reset();
        deleteInIca("/vanish1/small.bin");

        Throwable rerun = catchThrowable(() -> tm.download(d -> d.remotePath("/vanish1/small.bin").target(target)).join());
        assertThat(partialsOf(target, "")).as("temporary files").isEmpty();
        assertThat(journalFiles()).isEmpty();
        assertThat(rerun).isInstanceOf(SourceNotFoundException.class).hasMessageContaining("does not exist")
                .hasMessageContaining("removed");
    }

    /**
     * The same in a download sync, which keeps its own journal: the rerun's plan holds only what ICA lists and
     * its local walk leaves temporary files out, so it removes the killed GET's temporary file itself and says
     * so, once, as a skip (not a failure).
     */
    @Test
    void syncDown_ofASmallFileKilledMidGet_thenDeletedInIca_isReportedGone_andLeavesNoTemporaryFile() throws Exception {
        Path target = killedMidGetThenDeletedInIca("sync-down", "/vanish-sync/", 13);

        SyncResult r = tm.sync(s -> s.direction(SyncDirection.DOWNLOAD).localRoot(target).remoteFolder("/vanish-sync/"))
                .join();
        assertThat(partialsOf(target, "")).as("temporary files").isEmpty();
        assertThat(journalFiles()).isEmpty();
        assertThat(target.resolve("keep.txt")).hasContent("kept");
        assertThat(r.failed()).isZero();
        assertThat(r.itemsWith(SyncAction.SKIP)).singleElement().satisfies(i -> {
            assertThat(i.relativePath()).isEqualTo("small.bin");
            assertThat(i.reason()).contains("no longer in ICA");
        });
        assertThat(r.files()).filteredOn(f -> f.remotePath().equals("/vanish-sync/small.bin")).singleElement()
                .satisfies(f -> {
                    assertThat(f.outcome()).isEqualTo(FileOutcome.SKIPPED);
                    assertThat(f.reason()).contains("no longer in ICA");
                });
    }

    private void deleteInIca(String path) {
        var data = client.projectData(emulator.emulator().projectId());
        data.delete(data.findByPath(path).orElseThrow().id());
    }

    /** The temporary files of downloads in a folder whose names start with {@code "." + name}. */
    private static List<Path> partialsOf(Path folder, String name) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(Path::getFileName).map(Path::toString)
                    .filter(n -> io.icasdk.transfer.internal.PartialFiles.isPartial(n) && n.startsWith("." + name))
                    .map(folder::resolve).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Slow S3 streams so the child is still busy when the journal shows the moment to kill it. */
    private void throttle() {
        emulator.emulator().faults().s3BandwidthBytesPerSecond(3L * MIB);
    }

    private Process startChild(String mode, Path local, String remote, int files) throws IOException {
        List<String> cmd = TransferChild.command("256m", emulator.emulator(), mode, journals, local, remote, files,
                REQUESTS);
        File log = dir.resolve("child-" + mode + ".log").toFile();
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
    }

    /** Waits until the child's journal satisfies the condition, then kills the child with SIGKILL. */
    private List<String[]> killWhen(Predicate<List<String[]>> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new AssertionError("The child ended (exit " + child.exitValue() + ") before the kill point:\n"
                        + childLog());
            }
            List<String[]> records = readJournal();
            if (condition.test(records)) {
                child.destroyForcibly().waitFor();
                return readJournal();
            }
            Thread.onSpinWait();
            Thread.sleep(10); // polling another process's file: there is nothing to await on
        }
        throw new AssertionError("The kill point was never reached:\n" + childLog());
    }

    private String childLog() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            StringBuilder sb = new StringBuilder();
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("child-")).toList()) {
                sb.append(Files.readString(p));
            }
            return sb.toString();
        }
    }

    private List<String[]> readJournal() throws IOException {
        List<Path> files = journalFiles();
        List<String[]> out = new ArrayList<>();
        if (files.isEmpty()) {
            return out;
        }
        byte[] bytes = Files.readAllBytes(files.get(0));
        String text = new String(bytes, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return out;
        }
        for (String line : text.substring(0, end).split("\n")) {
            String[] f = line.split("\\|", -1);
            out.add(java.util.Arrays.copyOfRange(f, 1, f.length));
        }
        return out;
    }

    private List<Path> journalFiles() throws IOException {
        if (!Files.isDirectory(journals)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(journals)) {
            return s.filter(p -> p.toString().endsWith(".journal")).toList();
        }
    }

    private static long count(List<String[]> records, String type) {
        return records.stream().filter(r -> r[0].equals(type)).count();
    }

    /** Parts and ranges journaled as finished ({@code Q}: a range written but maybe not forced yet). */
    private static boolean finishedPart(String[] r) {
        return r[0].equals("P") || r[0].equals("Q");
    }

    private static long partsOf(List<String[]> records, String file) {
        return records.stream().filter(r -> finishedPart(r) && r[1].equals(file)).count();
    }

    private static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    private static long partBytes(List<String[]> records) {
        return records.stream().filter(CrashResumeIT::finishedPart).mapToLong(r -> Long.parseLong(r[3])).sum();
    }

    private void assertRemoteEquals(Path src, String remote) throws Exception {
        Path back = dir.resolve("verify-" + remote.replace('/', '_'));
        TransferResult d = tm.download(x -> x.remotePath(remote).target(back)).join();
        assertThat(d.failures()).isEmpty();
        assertThat(Trees.digests(back)).isEqualTo(Trees.digests(src));
    }
}
