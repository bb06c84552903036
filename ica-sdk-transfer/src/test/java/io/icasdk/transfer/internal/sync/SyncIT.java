package io.icasdk.transfer.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icasdk.core.IcaClient;
import io.icasdk.core.ProjectDataClient;
import io.icasdk.core.model.ProjectId;
import io.icasdk.core.model.ProjectData;
import io.icasdk.testkit.IcaEmulator;
import io.icasdk.testkit.IcaEmulatorExtension;
import io.icasdk.transfer.CompareMode;
import io.icasdk.transfer.FileOutcome;
import io.icasdk.transfer.SourceNotFoundException;
import io.icasdk.transfer.TransferException;
import io.icasdk.transfer.SyncAction;
import io.icasdk.transfer.SyncDeleteLimitException;
import io.icasdk.transfer.SyncDirection;
import io.icasdk.transfer.SyncHandle;
import io.icasdk.transfer.FileResult;
import io.icasdk.transfer.TransferListener;
import io.icasdk.transfer.TransferProgress;
import io.icasdk.transfer.TransferResult;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import io.icasdk.transfer.SyncItem;
import io.icasdk.transfer.SyncRequest;
import io.icasdk.transfer.SyncResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import io.icasdk.transfer.TransferManager;
import io.icasdk.transfer.TransferManagerInternals;
import io.icasdk.transfer.internal.FileUploader;
import io.icasdk.transfer.internal.PartialFiles;
import io.icasdk.transfer.internal.journal.JobKey;
import io.icasdk.transfer.internal.journal.Journal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code TransferManager.sync} end to end (planner, S3 engine, journal) against the emulator. */
class SyncIT {
    @RegisterExtension
    static IcaEmulatorExtension ica = new IcaEmulatorExtension();

    @TempDir
    Path tmp;

    private IcaEmulator emu;
    private ProjectDataClient data;
    private Path local;
    private Path stateDir;
    private String remote;
    private TransferManager manager;

    @BeforeEach
    void setUp(org.junit.jupiter.api.TestInfo info) throws IOException {
        emu = ica.emulator();
        IcaClient client = IcaClient.builder().baseUrl(emu.baseUrl()).apiKey(emu.apiKey())
                .defaultProjectId(emu.projectId()).build();
        manager = TransferManager.builder().icaClient(client).journalDirectory(tmp.resolve("journals"))
                .s3EndpointOverride(emu.s3Endpoint()).maxFilesInFlight(4).build();
        data = client.projectData(emu.projectId());
        local = Files.createDirectories(tmp.resolve("local"));
        stateDir = tmp.resolve("journals");
        remote = "/" + info.getTestMethod().orElseThrow().getName() + "/";
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private SyncResult sync(SyncDirection direction, Consumer<SyncRequest.Builder> options) {
        return start(direction, options).join();
    }

    private SyncHandle start(SyncDirection direction, Consumer<SyncRequest.Builder> options) {
        SyncRequest.Builder b = SyncRequest.builder().direction(direction).localRoot(local).remoteFolder(remote);
        options.accept(b);
        return manager.sync(b.build());
    }

    private SyncResult upload(Consumer<SyncRequest.Builder> options) {
        return sync(SyncDirection.UPLOAD, options);
    }

    /**
     * Uploads, running {@code hook} once, as the first transfer ends, before the sync goes on with it (so before its
     * deletes). The test's own seam: listeners are told later, on a thread of their own, and the sync does not wait
     * for them.
     */
    private SyncResult upload(Runnable hook, Consumer<SyncRequest.Builder> options) {
        SyncRequest.Builder b = SyncRequest.builder().direction(SyncDirection.UPLOAD).localRoot(local).remoteFolder(remote);
        options.accept(b);
        SyncRequest request = b.build();
        SyncJob.Settings engine = SyncJob.settings(request, TransferManagerInternals.runtime(manager),
                TransferManagerInternals.icaClient(manager), new ProjectId(emu.projectId()), List.of());
        SyncJob.Settings hooked = new SyncJob.Settings(engine.data(), engine.stateDirectory(),
                engine.enginePartSizeInBytes(), engine.maxFilesInFlight(),
                r -> new HookedTransport(engine.transports().apply(r), hook, new AtomicBoolean()), engine.firstPartSizes(),
                engine.listeners());
        return SyncJob.start(request, hooked).join();
    }

    /** The engine's transport, running a hook once, as the first transfer ends, before the sync hears of it. */
    private record HookedTransport(SyncTransport engine, Runnable hook, AtomicBoolean ran) implements SyncTransport {
        @Override
        public CompletableFuture<FileUploader.Uploaded> upload(Path localFile, long sizeInBytes, String remotePath,
                                                               boolean inIca) {
            return engine.upload(localFile, sizeInBytes, remotePath, inIca).thenApply(u -> {
                runOnce();
                return u;
            });
        }

        @Override
        public CompletableFuture<FileResult> download(RemoteEntry remote, String remotePath, Path target) {
            return engine.download(remote, remotePath, target).thenApply(r -> {
                runOnce();
                return r;
            });
        }

        private void runOnce() {
            if (ran.compareAndSet(false, true)) {
                hook.run();
            }
        }

        @Override
        public Set<String> unfinishedDownloads() {
            return engine.unfinishedDownloads();
        }

        @Override
        public Set<String> unfinishedUploads() {
            return engine.unfinishedUploads();
        }

        @Override
        public void forgetDownload(String relativePath) {
            engine.forgetDownload(relativePath);
        }

        @Override
        public Map<String, String> abandonUnfinishedUploads() {
            return engine.abandonUnfinishedUploads();
        }

        @Override
        public long bytesTransferred() {
            return engine.bytesTransferred();
        }

        @Override
        public void cancelAll() {
            engine.cancelAll();
        }

        @Override
        public void finish(boolean success) {
            engine.finish(success);
        }
    }

    private Path write(String rel, String content) throws IOException {
        Path p = local.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private static Map<String, SyncAction> acting(SyncResult r) {
        return r.plan().stream().filter(i -> i.action() != SyncAction.SKIP && i.action() != SyncAction.UNCHANGED)
                .collect(Collectors.toMap(SyncItem::relativePath, SyncItem::action, (a, b) -> a, TreeMap::new));
    }

    private Map<String, String> remoteFiles() {
        Map<String, String> m = new TreeMap<>();
        for (ProjectData d : data.listRecursive(remote)) {
            if (d.isFile()) {
                m.put(d.path().substring(remote.length()),
                        new String(emu.seed().readFile(emu.projectId(), d.path()).orElseThrow(), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    @Test
    void upload_firstSyncUploadsEverything_secondDoesNothing() throws IOException {
        write("a.txt", "alpha");
        write("sub/b.txt", "beta");
        write("sub/deeper/c.txt", "");

        SyncResult first = upload(b -> { });
        assertThat(first.uploaded()).isEqualTo(3);
        assertThat(first.failed()).isZero();
        assertThat(remoteFiles()).containsExactlyInAnyOrderEntriesOf(Map.of("a.txt", "alpha", "sub/b.txt", "beta", "sub/deeper/c.txt", ""));

        SyncResult second = upload(b -> { });
        assertThat(acting(second)).isEmpty();
        assertThat(second.unchanged()).isEqualTo(3);
        assertThat(second.uploaded()).isZero();
        assertThat(second.files()).isEmpty();
        assertThat(second.bytesTransferred()).isZero();
    }

    @Test
    void upload_touchedModifiedAddedAndDeletedFiles_produceExactlyTheMatchingActions() throws IOException {
        write("same.txt", "same");
        Path touched = write("touched.txt", "touch");
        Path modified = write("modified.txt", "modify");
        Path deleted = write("deleted.txt", "bye");
        upload(b -> { });

        Files.setLastModifiedTime(touched, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        FileTime before = Files.getLastModifiedTime(modified);
        write("modified.txt", "MODIFY");
        Files.setLastModifiedTime(modified, FileTime.fromMillis(before.toMillis() - 60_000)); // an older copy restored
        write("added.txt", "new");
        Files.delete(deleted);

        SyncResult r = upload(b -> b.deleteExtra(true));
        assertThat(acting(r)).containsExactlyEntriesOf(new TreeMap<>(Map.of("added.txt", SyncAction.UPLOAD,
                "deleted.txt", SyncAction.DELETE, "modified.txt", SyncAction.UPLOAD, "touched.txt", SyncAction.UPLOAD)));
        assertThat(r.uploaded()).isEqualTo(3);
        assertThat(r.deleted()).isEqualTo(1);
        assertThat(r.unchanged()).isEqualTo(1);
        assertThat(remoteFiles()).containsExactlyInAnyOrderEntriesOf(Map.of("same.txt", "same", "touched.txt", "touch",
                "modified.txt", "MODIFY", "added.txt", "new"));
        assertThat(acting(upload(b -> b.deleteExtra(true)))).isEmpty();
    }

    @Test
    void checksumMode_catchesAContentChangeWithTheSameSizeAndMtime() throws IOException {
        Path f = write("data.bin", "AAAA");
        upload(b -> b.compareMode(CompareMode.CHECKSUM));
        FileTime mtime = Files.getLastModifiedTime(f);
        write("data.bin", "BBBB");
        Files.setLastModifiedTime(f, mtime);

        assertThat(acting(upload(b -> { }))).as("size + mtime cannot see it").isEmpty();
        SyncResult r = upload(b -> b.compareMode(CompareMode.CHECKSUM));
        assertThat(acting(r)).containsExactly(Map.entry("data.bin", SyncAction.UPLOAD));
        assertThat(r.plan().get(0).reason()).contains("content differs");
        assertThat(remoteFiles()).containsEntry("data.bin", "BBBB");
        assertThat(acting(upload(b -> b.compareMode(CompareMode.CHECKSUM)))).isEmpty();
    }

    /**
     * A file uploaded with 12 MiB parts (an earlier --part-size, or another tool) and compared by checksum by a
     * manager with 8 MiB parts: a guess at the part size (16 MiB) gives the same part count (2) and another digest,
     * which took equal content for different, and a download sync fetched the unchanged file again on every run.
     * The part size S3 tells (a HEAD of part 1) is tried first.
     */
    @Test
    void checksum_aMultipartObjectOfAnotherPartSize_isNotTransferredAgainOnEveryRun() throws IOException {
        byte[] content = new byte[20 << 20];
        new java.util.Random(11).nextBytes(content);
        Files.write(local.resolve("big.bin"), content);
        manager.close();
        IcaClient client = IcaClient.builder().baseUrl(emu.baseUrl()).apiKey(emu.apiKey())
                .defaultProjectId(emu.projectId()).build();
        manager = TransferManager.builder().icaClient(client).journalDirectory(tmp.resolve("journals"))
                .s3EndpointOverride(emu.s3Endpoint()).partSizeInBytes(12L << 20).maxFilesInFlight(4).build();
        assertThat(upload(b -> { }).uploaded()).isEqualTo(1);
        assertThat(data.findByPath(remote + "big.bin").orElseThrow().objectETag()).as("two parts").endsWith("-2");
        manager.close();
        manager = TransferManager.builder().icaClient(client).journalDirectory(tmp.resolve("journals"))
                .s3EndpointOverride(emu.s3Endpoint()).partSizeInBytes(8L << 20).maxFilesInFlight(4).build();

        local = Files.createDirectories(tmp.resolve("copy"));
        assertThat(sync(SyncDirection.DOWNLOAD, b -> b.compareMode(CompareMode.CHECKSUM)).downloaded()).isEqualTo(1);
        assertThat(Files.readAllBytes(local.resolve("big.bin"))).isEqualTo(content);
        SyncResult again = sync(SyncDirection.DOWNLOAD, b -> b.compareMode(CompareMode.CHECKSUM));
        assertThat(acting(again)).as(again.plan().toString()).isEmpty();
    }


    /**
     * A checksum sync of unchanged files whose objects were uploaded in parts: the local digests are cached and the
     * ETags equal, yet every run asks S3 the part size of every such file, one blocking HEAD after another on the
     * planner thread: a no-op sync of many files costs one round trip per file.
     */
    @Test
    void checksum_aNoOpSyncOfUnchangedMultipartFiles_asksS3NothingPerFile() throws IOException {
        for (int i = 0; i < 3; i++) {
            byte[] content = new byte[(8 << 20) + 1];
            new java.util.Random(i).nextBytes(content);
            Files.write(local.resolve("big" + i + ".bin"), content);
        }
        assertThat(upload(b -> { }).uploaded()).isEqualTo(3);
        assertThat(data.findByPath(remote + "big0.bin").orElseThrow().objectETag()).as("multipart").contains("-");
        local = Files.createDirectories(tmp.resolve("copy"));
        assertThat(sync(SyncDirection.DOWNLOAD, b -> b.compareMode(CompareMode.CHECKSUM)).downloaded()).isEqualTo(3);
        assertThat(acting(sync(SyncDirection.DOWNLOAD, b -> b.compareMode(CompareMode.CHECKSUM)))).isEmpty();

        int before = emu.faults().s3RequestCount();
        SyncResult again = sync(SyncDirection.DOWNLOAD, b -> b.compareMode(CompareMode.CHECKSUM));
        assertThat(acting(again)).isEmpty();
        assertThat(emu.faults().s3RequestCount() - before).as("S3 requests of a sync with nothing to do").isZero();
    }

    /**
     * A checksum sync of the project root asks S3 the part size of each multipart file whose digest is not cached,
     * with credentials of the file's scope: ICA has none for the root, so each file in the root itself has its own,
     * but the files of a top-level folder share the folder's. One ICA call per scope, not per file (ICA rate-limits),
     * and the transfers use the same credentials (the planner and the transfers asked ICA apart: twice per scope).
     */
    @Test
    void checksum_ofTheProjectRoot_asksIcaForCredentialsOncePerScope() throws IOException {
        String project = emu.seed().createProject("checksum-root");
        List<String> files = List.of("r1.bin", "r2.bin", "top1/a.bin", "top1/b.bin", "top1/deeper/c.bin",
                "top2/d.bin", "top2/e.bin");
        for (int i = 0; i < files.size(); i++) {
            byte[] content = new byte[(5 << 20) + 1];
            new java.util.Random(i).nextBytes(content);
            Path p = local.resolve(files.get(i));
            Files.createDirectories(p.getParent());
            Files.write(p, content);
        }
        manager.close();
        IcaClient client = IcaClient.builder().baseUrl(emu.baseUrl()).apiKey(emu.apiKey())
                .defaultProjectId(project).build();
        manager = TransferManager.builder().icaClient(client).journalDirectory(tmp.resolve("journals"))
                .s3EndpointOverride(emu.s3Endpoint()).partSizeInBytes(5L << 20).maxFilesInFlight(4).build();
        remote = "/";
        assertThat(upload(b -> { }).uploaded()).isEqualTo(files.size());
        assertThat(client.projectData(project).findByPath("/top1/a.bin").orElseThrow().objectETag()).as("multipart")
                .endsWith("-2");

        Path copy = tmp.resolve("copy"); // another local folder: no digest of it is cached
        for (String f : files) {
            Files.createDirectories(copy.resolve(f).getParent());
            Files.copy(local.resolve(f), copy.resolve(f));
        }
        local = copy;
        int before = emu.faults().credentialsIssuedCount();
        SyncResult r = sync(SyncDirection.DOWNLOAD, b -> b.compareMode(CompareMode.CHECKSUM));
        assertThat(acting(r)).as(r.plan().toString()).isEmpty();
        assertThat(r.plan()).allSatisfy(i -> assertThat(i.reason()).as("the part size S3 told").contains("(5242880 B parts)"));
        assertThat(emu.faults().credentialsIssuedCount() - before)
                .as("credentials issued: r1.bin, r2.bin, /top1/, /top2/").isEqualTo(4);

        // The same files changed (same size): the HEADs of part 1 and the transfers share the scopes' credentials
        for (SyncDirection direction : SyncDirection.values()) {
            for (int i = 0; i < files.size(); i++) {
                byte[] content = new byte[(5 << 20) + 1];
                new java.util.Random(100 * (direction.ordinal() + 1) + i).nextBytes(content);
                Files.write(copy.resolve(files.get(i)), content);
            }
            before = emu.faults().credentialsIssuedCount();
            r = sync(direction, b -> b.compareMode(CompareMode.CHECKSUM));
            assertThat(r.uploaded() + r.downloaded()).as(direction + " " + r.plan()).isEqualTo(files.size());
            assertThat(emu.faults().credentialsIssuedCount() - before).as(direction + ": credentials issued").isEqualTo(4);
        }
    }

    /**
     * A sync of a pair whose journal another process holds (two `ica sync` of one pair at once): refused, saying so,
     * not "failed unexpectedly" with a Java exception's name. (In one JVM, the second run waits for the first.)
     */
    @Test
    void aSyncWhoseJournalAnotherProcessHolds_isRefusedSayingSo() throws Exception {
        write("a.txt", "a");
        IcaClient client = IcaClient.builder().baseUrl(emu.baseUrl()).apiKey(emu.apiKey()).build();
        Path journal = stateDir.resolve(new io.icasdk.transfer.internal.journal.JobKey("SYNC_UPLOAD", local,
                client.baseUrl().toString(), emu.projectId(), remote).id() + ".journal");
        Files.createDirectories(stateDir);
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(journal,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             java.nio.channels.FileLock held = ch.lock()) {
            assertThat(held.isValid()).isTrue();
            assertThatThrownBy(() -> upload(b -> { })).isInstanceOf(TransferException.class)
                    .hasMessageContaining("Another run of the same transfer is in progress")
                    .hasMessageNotContaining("unexpectedly").hasMessageNotContaining("Exception");
        }
        assertThat(upload(b -> { }).uploaded()).isEqualTo(1);
    }

    /**
     * A sync state a newer ica-sdk wrote for this pair: the sync fails saying so and what to do, and leaves the file
     * as it is (it was rewritten from what this version could read: nothing, and that version's state was lost).
     */
    @Test
    void aSyncStateOfANewerVersion_failsTheSyncSayingWhatToDo_andIsLeftAsItIs() throws IOException {
        write("a.txt", "a");
        assertThat(upload(b -> { }).uploaded()).isEqualTo(1);
        List<Path> states;
        try (Stream<Path> files = Files.list(stateDir.resolve("sync-state"))) {
            states = files.filter(f -> f.toString().endsWith(".state")).toList();
        }
        assertThat(states).hasSize(1);
        Path state = states.get(0);
        byte[] newer = Files.readAllBytes(state);
        newer[7] = '2'; // "ICASYNC1" -> "ICASYNC2"
        Files.write(state, newer);
        write("b.txt", "b");

        for (boolean dryRun : new boolean[] {true, false}) {
            assertThatThrownBy(() -> upload(b -> b.dryRun(dryRun))).isInstanceOf(TransferException.class)
                    .hasMessageContaining("The sync state " + state + " was written by a newer version of ica-sdk")
                    .hasMessageContaining("delete the file").hasMessageNotContaining("unexpectedly");
        }
        assertThat(Files.readAllBytes(state)).isEqualTo(newer);
        assertThat(remoteFiles()).as("nothing was uploaded").containsOnlyKeys("a.txt");
    }

    @Test
    void deleteExtra_guard_refusesEveryDelete_whenMoreThanMaxDelete() throws IOException {
        for (int i = 0; i < 5; i++) {
            write("f" + i + ".txt", "x" + i);
        }
        upload(b -> { });
        for (int i = 0; i < 3; i++) {
            Files.delete(local.resolve("f" + i + ".txt"));
        }
        write("new.txt", "n");

        assertThatThrownBy(() -> upload(b -> b.deleteExtra(true).maxDelete(2)))
                .isInstanceOf(SyncDeleteLimitException.class)
                .hasMessageContaining("3 deletions").hasMessageContaining("maxDelete(2)")
                .satisfies(e -> {
                    SyncResult r = ((SyncDeleteLimitException) e).result();
                    assertThat(r.uploaded()).isEqualTo(1);
                    assertThat(r.deleted()).isZero();
                    assertThat(r.files()).filteredOn(f -> f.outcome() == FileOutcome.SKIPPED).hasSize(3);
                });
        assertThat(remoteFiles()).hasSize(6);

        SyncResult allowed = upload(b -> b.deleteExtra(true).maxDelete(3));
        assertThat(allowed.deleted()).isEqualTo(3);
        assertThat(remoteFiles()).containsOnlyKeys("f3.txt", "f4.txt", "new.txt");
    }

    @Test
    void dryRun_returnsThePlan_andChangesNothing() throws IOException {
        write("a.txt", "a");
        upload(b -> { });
        write("a.txt", "changed");
        write("b.txt", "b");
        emu.seed().putFile(emu.projectId(), remote + "extra.txt", "e".getBytes(StandardCharsets.UTF_8));
        Map<Path, FileTime> stateBefore = snapshot(stateDir);

        SyncResult dry = upload(b -> b.dryRun(true).deleteExtra(true));
        assertThat(dry.dryRun()).isTrue();
        assertThat(acting(dry)).containsExactlyEntriesOf(new TreeMap<>(Map.of("a.txt", SyncAction.UPLOAD,
                "b.txt", SyncAction.UPLOAD, "extra.txt", SyncAction.DELETE)));
        assertThat(dry.uploaded()).isEqualTo(2);
        assertThat(dry.deleted()).isEqualTo(1);
        assertThat(dry.files()).isEmpty();
        assertThat(remoteFiles()).containsExactlyInAnyOrderEntriesOf(Map.of("a.txt", "a", "extra.txt", "e"));
        assertThat(snapshot(stateDir)).isEqualTo(stateBefore);
    }

    /**
     * A file an upload sync sent and that someone then replaced in ICA with content of the same size: the next
     * sync notices in either direction (the upload sync remembered the ETag of the object it wrote), rather than
     * take the new object for the one it knows.
     */
    @Test
    void aFileReplacedInIcaAfterAnUploadSync_withTheSameSize_isDownloadedByTheNextDownloadSync() throws IOException {
        write("a.txt", "mine");
        assertThat(upload(b -> { }).uploaded()).isEqualTo(1);
        emu.seed().putFile(emu.projectId(), remote + "a.txt", "THEI".getBytes(StandardCharsets.UTF_8));

        SyncResult down = sync(SyncDirection.DOWNLOAD, b -> { });
        assertThat(acting(down)).containsExactly(Map.entry("a.txt", SyncAction.DOWNLOAD));
        assertThat(down.plan().get(0).reason()).contains("remote file changed since the last sync");
        assertThat(Files.readString(local.resolve("a.txt"))).isEqualTo("THEI");
        assertThat(acting(sync(SyncDirection.DOWNLOAD, b -> { }))).isEmpty();
        assertThat(acting(upload(b -> { }))).isEmpty();
    }

    @Test
    void aFileReplacedInIcaAfterAnUploadSync_withTheSameSize_isUploadedAgainByTheNextUploadSync() throws IOException {
        write("b.txt", "ours");
        upload(b -> { });
        emu.seed().putFile(emu.projectId(), remote + "b.txt", "THEM".getBytes(StandardCharsets.UTF_8));

        SyncResult up = upload(b -> { });
        assertThat(acting(up)).containsExactly(Map.entry("b.txt", SyncAction.UPLOAD));
        assertThat(up.plan().get(0).reason()).contains("remote file was replaced since the last sync");
        assertThat(remoteFiles()).containsEntry("b.txt", "ours");
        assertThat(acting(upload(b -> { }))).isEmpty();
    }

    /** A sync with filters looks at some files only: what earlier syncs learned about the others is kept. */
    @Test
    void aSyncWithFilters_keepsWhatEarlierSyncsLearnedAboutTheFilesItLeavesOut() throws IOException {
        write("a.txt", "mine");
        write("b.txt", "ours");
        upload(b -> { });
        assertThat(acting(upload(b -> b.include("a.txt")))).isEmpty();
        assertThat(acting(sync(SyncDirection.DOWNLOAD, b -> b.exclude("b.txt")))).isEmpty();
        emu.seed().putFile(emu.projectId(), remote + "b.txt", "THEM".getBytes(StandardCharsets.UTF_8));

        assertThat(acting(upload(b -> { }))).containsExactly(Map.entry("b.txt", SyncAction.UPLOAD));
    }

    @Test
    void download_mirrorsTheProjectFolder_thenFindsNothingToDo_thenFollowsRemoteChanges() throws IOException {
        String p = emu.projectId();
        emu.seed().putFile(p, remote + "r1.txt", "one".getBytes(StandardCharsets.UTF_8));
        emu.seed().putFile(p, remote + "deep/r2.txt", "two".getBytes(StandardCharsets.UTF_8));
        write("local-only.txt", "mine");

        SyncResult first = sync(SyncDirection.DOWNLOAD, b -> { });
        assertThat(first.downloaded()).isEqualTo(2);
        assertThat(Files.readString(local.resolve("deep/r2.txt"))).isEqualTo("two");
        assertThat(Files.getLastModifiedTime(local.resolve("r1.txt")).toMillis())
                .isEqualTo(data.findByPath(remote + "r1.txt").orElseThrow().timeModified().toEpochMilli());
        assertThat(acting(sync(SyncDirection.DOWNLOAD, b -> { }))).isEmpty();

        emu.seed().putFile(p, remote + "r1.txt", "ONE".getBytes(StandardCharsets.UTF_8)); // same size, newer
        emu.seed().putFile(p, remote + "r3.txt", "three".getBytes(StandardCharsets.UTF_8));
        SyncResult r = sync(SyncDirection.DOWNLOAD, b -> b.deleteExtra(true));
        assertThat(acting(r)).containsExactlyEntriesOf(new TreeMap<>(Map.of("r1.txt", SyncAction.DOWNLOAD,
                "r3.txt", SyncAction.DOWNLOAD, "local-only.txt", SyncAction.DELETE)));
        assertThat(Files.readString(local.resolve("r1.txt"))).isEqualTo("ONE");
        assertThat(local.resolve("local-only.txt")).doesNotExist();
        assertThat(acting(sync(SyncDirection.DOWNLOAD, b -> b.deleteExtra(true)))).isEmpty();
    }

    /** A download sync fetches a copy damaged on the way again; its result counts both copies, its progress one. */
    @Test
    void download_aCorruptedFile_isFetchedAgain_andTheProgressCountsItOnce() throws IOException {
        byte[] content = new byte[70_000];
        new java.util.Random(5).nextBytes(content);
        emu.seed().putFile(emu.projectId(), remote + "c.bin", content);
        int before = emu.faults().corruptedCount();
        emu.faults().s3CorruptDownloads(1);
        SyncHandle h = start(SyncDirection.DOWNLOAD, b -> { });
        SyncResult r;
        try {
            r = h.join();
        } finally {
            emu.faults().reset();
        }
        assertThat(emu.faults().corruptedCount() - before).as("the fault fired").isEqualTo(1);
        assertThat(r.failed()).isZero();
        assertThat(r.downloaded()).isEqualTo(1);
        assertThat(Files.readAllBytes(local.resolve("c.bin"))).isEqualTo(content);
        assertThat(r.bytesTransferred()).as("both copies were moved").isEqualTo(2L * content.length);
        assertThat(h.progress().bytesTransferred()).isEqualTo(content.length);
        assertThat(h.progress().bytesTotal()).isEqualTo(content.length);
    }

    /** A dry run shows what a real run would do; a real run creates the missing local folder, so this plan downloads. */
    @Test
    void download_dryRun_intoALocalFolderThatDoesNotExistYet_returnsThePlan_andCreatesNothing() throws IOException {
        emu.seed().putFile(emu.projectId(), remote + "a.txt", "a".getBytes(StandardCharsets.UTF_8));
        local = tmp.resolve("not-yet");

        SyncResult dry = sync(SyncDirection.DOWNLOAD, b -> b.dryRun(true));
        assertThat(acting(dry)).containsExactly(Map.entry("a.txt", SyncAction.DOWNLOAD));
        assertThat(local).doesNotExist();
    }

    /**
     * A file in ICA replaced by a folder of the same name: a download sync with deleteExtra puts the folder where the
     * local file was. Its plan downloads x/a.txt and deletes x, and the download cannot be written while x is a file:
     * it waits for the deletes (which ran last, and only after every transfer succeeded: every rerun failed the same
     * way). Without deleteExtra the local file stays, and the download fails saying why.
     */
    @Test
    void download_aFileReplacedInIcaByAFolder_replacesTheLocalFile_withDeleteExtra() throws IOException {
        emu.seed().putFile(emu.projectId(), remote + "x", "file".getBytes(StandardCharsets.UTF_8));
        sync(SyncDirection.DOWNLOAD, b -> b.deleteExtra(true));
        assertThat(local.resolve("x")).hasContent("file");
        data.delete(data.findByPath(remote + "x").orElseThrow().id());
        emu.seed().putFile(emu.projectId(), remote + "x/a.txt", "inside".getBytes(StandardCharsets.UTF_8));

        SyncResult kept = sync(SyncDirection.DOWNLOAD, b -> { });
        assertThat(kept.failed()).isEqualTo(1);
        assertThat(kept.files()).singleElement().satisfies(f -> assertThat(f.reason()).contains("is a local file"));
        assertThat(local.resolve("x")).hasContent("file");

        SyncResult r = sync(SyncDirection.DOWNLOAD, b -> b.deleteExtra(true));
        assertThat(r.failed()).as(r.files().toString()).isZero();
        assertThat(r.deleted()).isEqualTo(1);
        assertThat(r.downloaded()).isEqualTo(1);
        assertThat(local.resolve("x/a.txt")).hasContent("inside");
        assertThat(acting(sync(SyncDirection.DOWNLOAD, b -> b.deleteExtra(true)))).isEmpty();
    }

    /**
     * The reverse: a folder in ICA replaced by a file of the same name. The deletes empty the local folder, which
     * then goes so that the file can take its place; a folder that still holds a file after them (left out by a
     * filter) stays, and the download fails saying why.
     */
    @Test
    void download_aFolderReplacedInIcaByAFile_replacesTheLocalFolder_withDeleteExtra() throws IOException {
        emu.seed().putFile(emu.projectId(), remote + "x/a.txt", "inside".getBytes(StandardCharsets.UTF_8));
        emu.seed().putFile(emu.projectId(), remote + "x/deeper/b.txt", "below".getBytes(StandardCharsets.UTF_8));
        sync(SyncDirection.DOWNLOAD, b -> b.deleteExtra(true));
        assertThat(local.resolve("x/deeper/b.txt")).hasContent("below");
        write("x/mine.log", "local only");
        for (String gone : List.of("x/deeper/b.txt", "x/deeper/", "x/a.txt", "x/")) {
            data.delete(data.findByPath(remote + gone).orElseThrow().id());
        }
        emu.seed().putFile(emu.projectId(), remote + "x", "file".getBytes(StandardCharsets.UTF_8));

        SyncResult shielded = sync(SyncDirection.DOWNLOAD, b -> b.deleteExtra(true).exclude("x/mine.log"));
        assertThat(shielded.failed()).isEqualTo(1);
        assertThat(local.resolve("x/mine.log")).hasContent("local only");

        SyncResult r = sync(SyncDirection.DOWNLOAD, b -> b.deleteExtra(true));
        assertThat(r.failed()).as(r.files().toString()).isZero();
        assertThat(r.downloaded()).isEqualTo(1);
        assertThat(local.resolve("x")).isRegularFile().hasContent("file");
        assertThat(acting(sync(SyncDirection.DOWNLOAD, b -> b.deleteExtra(true)))).isEmpty();
    }

    /**
     * In ICA a file x became a folder, and report.txt was moved into it. The download of x/report.txt waits for the
     * deletes (x is in its way), so it runs after every delete of the run, report.txt's included: when it then
     * fails, the only local copy of the report is gone, although deletes are to run "only after every copy has
     * succeeded". Before the change nothing was deleted when a download failed.
     */
    @Test
    void download_aDeferredDownloadThatFails_leavesTheUnrelatedDeletesUndone() throws IOException {
        emu.seed().putFile(emu.projectId(), remote + "x", "file".getBytes(StandardCharsets.UTF_8));
        emu.seed().putFile(emu.projectId(), remote + "report.txt", "precious".getBytes(StandardCharsets.UTF_8));
        sync(SyncDirection.DOWNLOAD, b -> b.deleteExtra(true));
        assertThat(local.resolve("report.txt")).hasContent("precious");
        data.delete(data.findByPath(remote + "x").orElseThrow().id());
        data.delete(data.findByPath(remote + "report.txt").orElseThrow().id());
        emu.seed().putFile(emu.projectId(), remote + "x/report.txt", "precious".getBytes(StandardCharsets.UTF_8));

        SyncResult r;
        emu.faults().s3CorruptDownloads(1_000); // every GET of this run: the download of x/report.txt fails
        try {
            r = sync(SyncDirection.DOWNLOAD, b -> b.deleteExtra(true));
        } finally {
            emu.faults().reset();
        }
        assertThat(r.failed()).as(r.files().toString()).isEqualTo(1);
        assertThat(local.resolve("x/report.txt")).doesNotExist();
        assertThat(local.resolve("report.txt")).as("deleted although a copy failed: " + r.plan())
                .hasContent("precious");
    }

    @Test
    void download_ofAMissingProjectFolder_failsClearly_andDeletesNothing() throws IOException {
        write("precious.txt", "keep");
        assertThatThrownBy(() -> sync(SyncDirection.DOWNLOAD, b -> b.deleteExtra(true)))
                .isInstanceOf(SourceNotFoundException.class).hasMessageContaining(remote).hasMessageContaining("does not exist");
        assertThat(local.resolve("precious.txt")).exists();
    }

    /** Not a SKIP as well: one failure, saying what to do, and nothing written outside the local folder. */
    @Test
    void download_aRemoteNameThatWouldLeaveTheLocalFolder_isReportedOnce_asFailed_sayingWhatToDo() throws IOException {
        emu.seed().putFile(emu.projectId(), remote + "ok.txt", "fine".getBytes(StandardCharsets.UTF_8));
        data.createFile(new io.icasdk.core.CreateFileRequest("escaped.txt", remote + "../../", null, null));

        SyncResult r = sync(SyncDirection.DOWNLOAD, b -> b.deleteExtra(true));
        assertThat(r.downloaded()).isEqualTo(1);
        assertThat(r.failed()).isEqualTo(1);
        assertThat(r.itemsWith(SyncAction.SKIP)).as("skipped").isEmpty();
        assertThat(r.itemsWith(SyncAction.FAIL)).singleElement()
                .satisfies(i -> assertThat(i.relativePath()).isEqualTo("../../escaped.txt"));
        assertThat(r.files()).filteredOn(f -> f.outcome() != FileOutcome.SUCCESS).singleElement().satisfies(f -> {
            assertThat(f.outcome()).isEqualTo(FileOutcome.FAILED);
            assertThat(f.remotePath()).isEqualTo(remote + "../../escaped.txt");
            assertThat(f.reason()).startsWith("Refused remote name").contains("'..'", "rename it in ICA", "exclude");
        });
        assertThat(Files.readString(local.resolve("ok.txt"))).isEqualTo("fine");
        assertThat(tmp.resolve("escaped.txt")).doesNotExist();
        assertThat(local.getParent().getParent().resolve("escaped.txt")).doesNotExist();
    }

    @Test
    void aFileWhereTheProjectFolderShouldBe_failsClearlyInBothDirections() throws IOException {
        String file = remote.substring(0, remote.length() - 1);
        emu.seed().putFile(emu.projectId(), file, "a file".getBytes(StandardCharsets.UTF_8));
        write("a.txt", "alpha");
        assertThatThrownBy(() -> upload(b -> { }))
                .isInstanceOf(TransferException.class).hasMessageContaining(file + " is a file")
                .hasMessageContaining("Nothing was uploaded");
        assertThatThrownBy(() -> sync(SyncDirection.DOWNLOAD, b -> b.deleteExtra(true)))
                .isInstanceOf(SourceNotFoundException.class).hasMessageContaining(file + " is a file")
                .hasMessageContaining("download the file instead");
        assertThat(local.resolve("a.txt")).exists();
    }

    @Test
    void unicodeAndSpecialNames_roundTrip() throws IOException {
        List<String> names = List.of("caf\u00e9/r\u00e9sum\u00e9.txt", "\u65e5\u672c\u8a9e.txt", "sp ace+plus%25#hash.txt",
                "emoji-\ud83e\uddec.txt");
        for (String n : names) {
            write(n, n);
        }
        assertThat(upload(b -> { }).uploaded()).isEqualTo(4);
        assertThat(remoteFiles()).containsOnlyKeys(names);
        assertThat(acting(upload(b -> { }))).isEmpty();

        local = Files.createDirectories(tmp.resolve("back"));
        assertThat(sync(SyncDirection.DOWNLOAD, b -> { }).downloaded()).isEqualTo(4);
        for (String n : names) {
            assertThat(Files.readString(local.resolve(n))).isEqualTo(n);
        }
        assertThat(acting(sync(SyncDirection.DOWNLOAD, b -> { }))).isEmpty();
    }

    /** macOS writes names in NFD, ICA keeps what it was sent: a pair written under one spelling stays one file. */
    @Test
    void aNameSpelledInAnotherNormalizationForm_isWrittenOverItsCounterpart_inBothDirections() throws IOException {
        String nfc = "caf\u00e9.txt";
        String nfd = "cafe\u0301.txt";
        write(nfc, "old");
        assertThat(upload(b -> { }).failed()).isZero();
        Files.delete(local.resolve(nfc));
        write(nfd, "new content");
        SyncResult up = upload(b -> b.deleteExtra(true));
        assertThat(acting(up)).containsOnly(Map.entry(nfc, SyncAction.UPLOAD));
        assertThat(remoteFiles()).containsOnly(Map.entry(nfc, "new content"));

        Path nfdFile = write(nfd, "stale");
        Files.setLastModifiedTime(nfdFile, FileTime.fromMillis(1_000_000_000_000L));
        SyncResult down = sync(SyncDirection.DOWNLOAD, b -> b.deleteExtra(true));
        assertThat(acting(down)).containsOnly(Map.entry(nfc, SyncAction.DOWNLOAD));
        try (Stream<Path> files = Files.list(local)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(nfd);
        }
        assertThat(Files.readString(nfdFile)).isEqualTo("new content");
        assertThat(acting(sync(SyncDirection.DOWNLOAD, b -> { }))).as("remembered under its key").isEmpty();
    }

    /** With links followed, a linked file's own bytes are uploaded, not as many as its link's path is long. */
    @Test
    void followSymlinks_uploadsWhatALinkedFileHolds() throws IOException {
        Path real = tmp.resolve("elsewhere/real.txt");
        Files.createDirectories(real.getParent());
        Files.writeString(real, "x".repeat(5000));
        Files.createSymbolicLink(local.resolve("linked.txt"), real);
        SyncResult up = upload(b -> b.followSymlinks(true));
        assertThat(acting(up)).containsOnly(Map.entry("linked.txt", SyncAction.UPLOAD));
        assertThat(up.failed()).isZero();
        assertThat(remoteFiles()).containsOnly(Map.entry("linked.txt", "x".repeat(5000)));
        assertThat(acting(upload(b -> b.followSymlinks(true)))).isEmpty();
    }

    /** An unfinished download's temporary file is neither uploaded nor deleted by a sync: it is not the user's data. */
    @Test
    void anUnfinishedDownloadsTemporaryFile_isNeitherUploadedNorDeleted() throws IOException {
        write("a.txt", "a");
        Path partial = PartialFiles.beside(local.resolve("big.bin"), "an earlier job/big.bin");
        Files.writeString(partial, "partial");
        SyncResult up = upload(b -> b.deleteExtra(true));
        assertThat(acting(up)).containsOnly(Map.entry("a.txt", SyncAction.UPLOAD));
        assertThat(remoteFiles()).containsOnlyKeys("a.txt");

        SyncResult down = sync(SyncDirection.DOWNLOAD, b -> b.deleteExtra(true));
        assertThat(acting(down)).isEmpty();
        assertThat(partial).hasContent("partial");
    }

    /** Starts a sync with S3 throttled to {@code bytesPerSecond}, and cancels it once it moved {@code bytes}. */
    private void cancelAfter(SyncDirection direction, long bytes, long bytesPerSecond) throws Exception {
        emu.faults().s3BandwidthBytesPerSecond(bytesPerSecond);
        try {
            SyncHandle first = start(direction, b -> { });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (first.progress().bytesTransferred() < bytes && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            first.cancel();
            assertThatThrownBy(first::join).isInstanceOf(CancellationException.class);
            SyncJob.terminated(first).get(60, TimeUnit.SECONDS);
        } finally {
            emu.faults().reset();
        }
    }

    /** Seeds big.bin (three ranges) and keep.txt, and cancels a download sync of them after 5 MiB. */
    private void interruptedDownloadSyncOfBigFile() throws Exception {
        byte[] big = new byte[(17 << 20) + 1]; // three ranges of 8 MiB
        new java.util.Random(7).nextBytes(big);
        emu.seed().putFile(emu.projectId(), remote + "big.bin", big);
        emu.seed().putFile(emu.projectId(), remote + "keep.txt", "kept".getBytes(StandardCharsets.UTF_8));
        cancelAfter(SyncDirection.DOWNLOAD, 5L << 20, 4L << 20);
    }

    /** Writes big.bin (four parts) and keep.txt, and cancels an upload sync of them after 5 MiB. */
    private Path interruptedUploadSyncOfBigFile() throws Exception {
        Path big = local.resolve("big.bin");
        byte[] bytes = new byte[(25 << 20) + 1]; // four parts of 8 MiB
        new java.util.Random(8).nextBytes(bytes);
        Files.write(big, bytes);
        write("keep.txt", "kept");
        // One part at a time: parts sent side by side finish together, and a cancel after the first could come after
        // the last, when the upload was already being completed.
        manager.close();
        manager = TransferManager.builder().icaClient(IcaClient.builder().baseUrl(emu.baseUrl()).apiKey(emu.apiKey())
                        .defaultProjectId(emu.projectId()).build()).journalDirectory(tmp.resolve("journals"))
                .s3EndpointOverride(emu.s3Endpoint()).maxFilesInFlight(4).maxRequestsInFlight(1).build();
        cancelAfter(SyncDirection.UPLOAD, 5L << 20, 4L << 20);
        return big;
    }

    /** How many multipart uploads are open under the remote folder (listed through S3 with its credentials). */
    private int openUploads() {
        return openUploads(remote);
    }

    /** How many multipart uploads are open under a project folder (listed through S3 with its credentials). */
    private int openUploads(String folder) {
        var aws = awsFor(folder);
        try (var s3 = s3With(aws)) {
            return s3.listMultipartUploads(b -> b.bucket(aws.bucket()).prefix(aws.objectPrefix())).join().uploads().size();
        }
    }

    /** Temporary credentials of a project folder. */
    private io.icasdk.core.model.AwsCredentials awsFor(String folder) {
        return data.createTemporaryCredentials(data.findByPath(folder).orElseThrow().id(),
                io.icasdk.core.CredentialsRequest.aws()).aws();
    }

    /** An S3 client of the emulator with these credentials. */
    private software.amazon.awssdk.services.s3.S3AsyncClient s3With(io.icasdk.core.model.AwsCredentials aws) {
        return software.amazon.awssdk.services.s3.S3AsyncClient.builder().endpointOverride(emu.s3Endpoint())
                .forcePathStyle(true).region(software.amazon.awssdk.regions.Region.of(aws.region()))
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(aws.accessKey(),
                                aws.secretKey().reveal(), aws.sessionToken().reveal()))).build();
    }

    /**
     * An upload sync cancelled mid-file keeps the file's multipart upload for a resume. When the file is then
     * deleted locally, the rerun succeeds and deletes its journal, so no run could resume or abort that upload: it
     * aborts it first (S3 would keep its parts, unseen and billed) and says so once, a SKIP, not a failure.
     */
    @Test
    void upload_interruptedFile_deletedLocallyBeforeTheRerun_hasItsMultipartUploadAborted_andIsOneSkip() throws Exception {
        Path big = interruptedUploadSyncOfBigFile();
        assertThat(openUploads()).as("kept for a resume").isEqualTo(1);
        assertThat(journalFiles()).as("the sync's journal").isNotEmpty();
        Files.delete(big);

        SyncResult r = upload(b -> { });
        assertThat(r.failed()).isZero();
        assertThat(openUploads()).as("multipart uploads left").isZero();
        assertThat(journalFiles()).as("the sync's journal").isEmpty();
        assertThat(r.itemsWith(SyncAction.SKIP)).singleElement().satisfies(i -> {
            assertThat(i.relativePath()).isEqualTo("big.bin");
            assertThat(i.reason()).contains("earlier run (interrupted", "discarded");
        });
        assertThat(r.files()).filteredOn(f -> f.outcome() != FileOutcome.SUCCESS).singleElement().satisfies(f -> {
            assertThat(f.outcome()).isEqualTo(FileOutcome.SKIPPED);
            assertThat(f.remotePath()).isEqualTo(remote + "big.bin");
        });
        assertThat(remoteFiles()).containsExactlyEntriesOf(Map.of("keep.txt", "kept"));
        assertThat(upload(b -> { }).itemsWith(SyncAction.SKIP)).as("a second rerun").isEmpty();
    }

    /**
     * Many uploads that interrupted runs began and that no run will finish are aborted side by side, as many at once
     * as the job's request limit allows (the emulator gathers the aborts, counting those in flight), and forgotten.
     * One whose abort S3 refuses is reported, stays open and stays in the journal, which is kept, so that the next
     * run tries again.
     */
    @Test
    void upload_manyAbandonedUploads_areAbortedSideBySide_andOneRefused_staysJournaledForTheNextRun() throws Exception {
        write("keep.txt", "kept");
        assertThat(upload(b -> { }).failed()).isZero();
        IcaClient client = IcaClient.builder().baseUrl(emu.baseUrl()).apiKey(emu.apiKey())
                .defaultProjectId(emu.projectId()).build();
        manager.close();
        manager = TransferManager.builder().icaClient(client).journalDirectory(stateDir)
                .s3EndpointOverride(emu.s3Endpoint()).maxRequestsInFlight(4).build();
        List<String> gone = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            gone.add("gone/f" + i + ".bin");
        }
        var aws = awsFor(remote);
        JobKey key = new JobKey("SYNC_UPLOAD", local.toAbsolutePath(), client.baseUrl().toString(),
                emu.projectId(), remote);
        try (var s3 = s3With(aws); Journal journal = Journal.open(stateDir, key)) {
            for (String rel : concat(gone, "denied.bin")) { // what interrupted runs leave: an upload id journaled
                String uploadId = s3.createMultipartUpload(b -> b.bucket(aws.bucket()).key(aws.objectPrefix() + rel))
                        .join().uploadId();
                journal.fileStarted(rel, "fp", null);
                journal.multipartStarted(rel, "fp", uploadId, 8L << 20);
            }
        }
        assertThat(openUploads()).isEqualTo(13);
        emu.faults().s3DenyAborts("denied.bin").s3GatherAborts(4, Duration.ofSeconds(30));
        try {
            SyncResult r = upload(b -> { });
            assertThat(r.failed()).isZero();
            assertThat(emu.faults().s3AbortsInFlightMax()).as("aborts in flight at once").isEqualTo(4);
            assertThat(openUploads()).as("the refused one").isEqualTo(1);
            assertThat(r.itemsWith(SyncAction.SKIP)).hasSize(13).allSatisfy(i -> assertThat(i.reason())
                    .contains(i.relativePath().equals("denied.bin") ? "could not be discarded" : "were discarded"));
            assertThat(r.itemsWith(SyncAction.SKIP)).filteredOn(i -> i.relativePath().equals("denied.bin"))
                    .singleElement().satisfies(i -> assertThat(i.reason()).contains("AccessDenied", "tries again"));
            try (Journal kept = Journal.open(stateDir, key)) {
                assertThat(kept.unfinished()).as("the journal, kept").containsOnlyKeys("denied.bin");
            }
        } finally {
            emu.faults().reset();
        }
        SyncResult again = upload(b -> { });
        assertThat(again.itemsWith(SyncAction.SKIP)).singleElement().satisfies(i -> {
            assertThat(i.relativePath()).isEqualTo("denied.bin");
            assertThat(i.reason()).contains("were discarded");
        });
        assertThat(openUploads()).isZero();
        assertThat(journalFiles()).as("the sync's journal").isEmpty();
        assertThat(remoteFiles()).containsOnlyKeys("keep.txt");
    }

    private static List<String> concat(List<String> list, String last) {
        List<String> all = new java.util.ArrayList<>(list);
        all.add(last);
        return all;
    }

    /** The same for a rerun whose filters leave the file out. */
    @Test
    void upload_interruptedFile_leftOutByTheRerunsFilters_hasItsMultipartUploadAborted() throws Exception {
        interruptedUploadSyncOfBigFile();
        assertThat(openUploads()).as("kept for a resume").isEqualTo(1);

        SyncResult r = upload(b -> b.exclude("*.bin"));
        assertThat(r.failed()).isZero();
        assertThat(openUploads()).as("multipart uploads left").isZero();
        assertThat(journalFiles()).as("the sync's journal").isEmpty();
        assertThat(r.itemsWith(SyncAction.SKIP)).singleElement().satisfies(i -> {
            assertThat(i.relativePath()).isEqualTo("big.bin");
            assertThat(i.reason()).contains("filters leave it out", "discarded");
        });
        assertThat(remoteFiles()).containsOnlyKeys("keep.txt");
    }

    /**
     * A download sync rerun whose filters leave out the file an interrupted run had begun succeeds, so its journal
     * goes: the file's temporary file goes with it (no run could resume it, and nothing else would remove it).
     */
    @Test
    void download_interruptedFile_leftOutByTheRerunsFilters_leavesNoTemporaryFile() throws Exception {
        interruptedDownloadSyncOfBigFile();
        assertThat(partials(local)).as("kept for a resume").isNotEmpty();

        SyncResult r = sync(SyncDirection.DOWNLOAD, b -> b.exclude("*.bin"));
        assertThat(r.failed()).isZero();
        assertThat(local.resolve("keep.txt")).hasContent("kept");
        assertThat(partials(local)).as("the interrupted run's temporary file").isEmpty();
        assertThat(journalFiles()).as("the sync's journal").isEmpty();
        assertThat(local.resolve("big.bin")).doesNotExist();
    }

    /**
     * A download sync cancelled mid-file keeps the file's ranges (its temporary file) for a resume. When the file
     * is then deleted in ICA, a dry run changes nothing, and the rerun removes the temporary file and its journal
     * record, which nothing else would (its plan holds only what ICA lists, and walks leave temporary files out),
     * and says so once: a SKIP, not a failure.
     */
    @Test
    void download_interruptedFile_deletedInIcaBeforeTheRerun_isReportedGone_andLeavesNoTemporaryFile() throws Exception {
        interruptedDownloadSyncOfBigFile();
        assertThat(partials(local)).as("kept for a resume").isNotEmpty();
        assertThat(journalFiles()).as("the sync's journal").isNotEmpty();
        data.delete(data.findByPath(remote + "big.bin").orElseThrow().id());

        Map<Path, FileTime> journalsBefore = snapshot(stateDir);
        List<Path> partialsBefore = partials(local);
        SyncResult dry = sync(SyncDirection.DOWNLOAD, b -> b.dryRun(true).deleteExtra(true));
        assertThat(dry.failed()).isZero();
        assertThat(partials(local)).as("a dry run changes nothing").isEqualTo(partialsBefore);
        assertThat(snapshot(stateDir)).isEqualTo(journalsBefore);

        SyncResult r = sync(SyncDirection.DOWNLOAD, b -> b.deleteExtra(true));
        assertThat(partials(local)).as("the interrupted run's temporary file").isEmpty();
        assertThat(journalFiles()).as("the sync's journal").isEmpty();
        assertThat(local.resolve("big.bin")).doesNotExist();
        assertThat(local.resolve("keep.txt")).hasContent("kept");
        assertThat(r.failed()).isZero();
        assertThat(r.itemsWith(SyncAction.SKIP)).singleElement().satisfies(i -> {
            assertThat(i.relativePath()).isEqualTo("big.bin");
            assertThat(i.reason()).contains("no longer in ICA");
        });
        assertThat(r.files()).filteredOn(f -> f.outcome() != FileOutcome.SUCCESS).singleElement().satisfies(f -> {
            assertThat(f.outcome()).isEqualTo(FileOutcome.SKIPPED);
            assertThat(f.remotePath()).isEqualTo(remote + "big.bin");
            assertThat(f.reason()).contains("no longer in ICA");
        });
        SyncResult again = sync(SyncDirection.DOWNLOAD, b -> b.deleteExtra(true));
        assertThat(again.plan()).as("said once").allSatisfy(i -> assertThat(i.action()).isEqualTo(SyncAction.UNCHANGED));
    }

    /**
     * The same when the download wrote beside a local file it was paired with whose folder is spelled in NFD (as
     * macOS writes names) where ICA, and so the journal, spells it in NFC: the rerun finds the temporary file in the
     * local spelling, and leaves the user's file beside it.
     */
    @Test
    void download_interruptedFileInAFolderSpelledInNfdLocally_deletedInIca_leavesNoTemporaryFile() throws Exception {
        String nfc = "Donn\u00e9es/";
        String nfd = "Donne\u0301es/";
        byte[] big = new byte[(17 << 20) + 1]; // three ranges of 8 MiB
        new java.util.Random(7).nextBytes(big);
        emu.seed().putFile(emu.projectId(), remote + nfc + "big.bin", big);
        emu.seed().putFile(emu.projectId(), remote + "keep.txt", "kept".getBytes(StandardCharsets.UTF_8));
        Path stale = write(nfd + "big.bin", "stale");
        Files.setLastModifiedTime(stale, FileTime.fromMillis(1_000_000_000_000L));
        cancelAfter(SyncDirection.DOWNLOAD, 5L << 20, 4L << 20);
        assertThat(partials(local.resolve(nfd))).as("kept for a resume, beside the local file").isNotEmpty();
        data.delete(data.findByPath(remote + nfc + "big.bin").orElseThrow().id());

        SyncResult r = sync(SyncDirection.DOWNLOAD, b -> { });
        assertThat(r.failed()).isZero();
        assertThat(partials(local.resolve(nfd))).as("the interrupted run's temporary file").isEmpty();
        assertThat(journalFiles()).as("the sync's journal").isEmpty();
        assertThat(stale).hasContent("stale");
        assertThat(local.resolve(nfc)).doesNotExist();
        assertThat(r.itemsWith(SyncAction.SKIP)).anySatisfy(i -> {
            assertThat(i.relativePath()).isEqualTo(nfc + "big.bin");
            assertThat(i.reason()).contains("no longer in ICA");
        });
    }

    /**
     * An upload sync and a download sync of one folder pair share what was synced (their journals differ), and both
     * ran at once, each one's compaction dropping what the other had recorded. Now, while one runs, a sync of the
     * pair in another process is refused before it transfers anything, and one in this JVM waits for it to end.
     */
    @Test
    void aSyncOfAFolderPairAnotherSyncIsRunning_isRefusedInAnotherProcess_andWaitsInThisOne() throws Exception {
        write("big.bin", "x".repeat(4 << 20));
        emu.faults().s3BandwidthBytesPerSecond(1L << 20); // the upload takes about four seconds
        SyncHandle running = start(SyncDirection.UPLOAD, b -> { });
        SyncResult after;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (emu.faults().s3RequestsInFlight() == 0 && !running.completion().isDone()) { // the PUT
                assertThat(System.nanoTime()).as("the upload is under way").isLessThan(deadline);
                Thread.sleep(10); // polling another thread's progress, bounded by the deadline
            }
            assertThat(running.completion()).as("still running").isNotDone();
            Path log = tmp.resolve("child.log");
            Process child = new ProcessBuilder(io.icasdk.transfer.TransferChild.command("128m", emu, "sync-down",
                    tmp.resolve("journals"), local, remote, 2, 2)).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isNotZero();
            assertThat(Files.readString(log)).contains("Another sync of " + local)
                    .contains("is running").contains("Nothing was transferred");

            after = sync(SyncDirection.DOWNLOAD, b -> { }); // waits for the upload to end
            assertThat(running.completion()).as("the upload ended first").isDone();
            assertThat(running.join().uploaded()).isEqualTo(1);
        } finally {
            emu.faults().reset();
        }
        assertThat(after.unchanged()).as("the upload's record was kept").isEqualTo(1);
    }

    /**
     * A file an interrupted upload sync finished, deleted in ICA before the rerun, is sent again: the rerun's plan
     * uploads it (ICA lacks it), and the transfer took the journal's finished record as done, reporting it uploaded
     * while ICA still lacked it (found by a review).
     */
    @Test
    void upload_aFileTheInterruptedRunFinished_deletedInIcaSince_isSentAgain() throws Exception {
        write("small.txt", "small");
        write("big.bin", "x".repeat(12 << 20));
        emu.faults().s3BandwidthBytesPerSecond(4L << 20); // big.bin takes three seconds
        try {
            SyncHandle handle = start(SyncDirection.UPLOAD, b -> { });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (handle.progress().filesDone() < 1) { // small.txt is in ICA, big.bin on its way
                assertThat(System.nanoTime()).as("small.txt uploaded").isLessThan(deadline);
                Thread.sleep(10); // polling another thread's progress, bounded by the deadline
            }
            handle.cancel();
            SyncJob.terminated(handle).get(60, TimeUnit.SECONDS);
        } finally {
            emu.faults().reset();
        }
        data.delete(data.findByPath(remote + "small.txt").orElseThrow(() -> new AssertionError(
                "the interrupted run had not uploaded small.txt")).id());

        SyncResult rerun = upload(b -> { });

        assertThat(rerun.failed()).isZero();
        assertThat(data.findByPath(remote + "small.txt")).as("in ICA again").isPresent();
        assertThat(upload(b -> { }).uploaded()).as("nothing left to do").isZero();
    }

    @Test
    void cancel_stopsTheSync_andARerunSendsOnlyWhatIsMissing() throws Exception {
        int n = 40;
        for (int i = 0; i < n; i++) {
            write("f" + i + ".txt", "content " + i);
        }
        // Two files at a time, each held 20 ms by the server: the cancel lands with most files unsent
        // (with 32 tiny files in flight, all of them could be stored before it).
        manager.close();
        IcaClient client = IcaClient.builder().baseUrl(emu.baseUrl()).apiKey(emu.apiKey())
                .defaultProjectId(emu.projectId()).build();
        manager = TransferManager.builder().icaClient(client).journalDirectory(tmp.resolve("journals"))
                .s3EndpointOverride(emu.s3Endpoint()).maxFilesInFlight(2).build();
        emu.faults().restLatency(Duration.ofMillis(50)).s3Latency(Duration.ofMillis(20));
        try {
            SyncHandle handle = start(SyncDirection.UPLOAD, b -> { });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (handle.progress().filesDone() < 3 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(handle.progress().filesDone()).isGreaterThanOrEqualTo(3);
            handle.cancel();
            assertThatThrownBy(handle::join).isInstanceOf(CancellationException.class);
            assertThat(handle.completion()).isCancelled();
            SyncJob.terminated(handle).get(60, TimeUnit.SECONDS);
        } finally {
            emu.faults().reset();
        }
        int present = remoteFiles().size();
        assertThat(present).isBetween(3, n - 1);

        SyncResult rerun = upload(b -> { });
        // What was there is not sent again. A PUT whose bytes had all reached the server when the cancel
        // came can still be stored just after the job stopped (the server finishes the request on its
        // own), so a file in flight may join the unchanged ones between the count above and the rerun.
        assertThat(rerun.unchanged()).isGreaterThanOrEqualTo(present);
        assertThat(rerun.uploaded() + rerun.unchanged()).isEqualTo(n);
        assertThat(rerun.failed()).isZero();
        assertThat(remoteFiles()).hasSize(n);
    }

    @Test
    void interruptedSync_rerunContinuesFromItsJournal_andFinishedFilesCompareUnchanged() throws Exception {
        manager.close();
        IcaClient client = IcaClient.builder().baseUrl(emu.baseUrl()).apiKey(emu.apiKey())
                .defaultProjectId(emu.projectId()).build();
        manager = TransferManager.builder().icaClient(client).journalDirectory(tmp.resolve("journals"))
                .s3EndpointOverride(emu.s3Endpoint()).partSizeInBytes(5L << 20).maxFilesInFlight(2)
                .maxRequestsInFlight(1).build(); // one part at a time: the cancel comes between parts
        byte[] big = new byte[24 << 20];
        new java.util.Random(42).nextBytes(big);
        Files.write(local.resolve("big.bin"), big);
        write("small.txt", "small");
        cancelAfter(SyncDirection.UPLOAD, 11L << 20, 6L << 20);
        assertThat(data.findByPath(remote + "big.bin").filter(d -> d.status().name().equals("AVAILABLE"))).isEmpty();

        SyncResult rerun = upload(b -> { });
        FileResult bigResult = rerun.files().stream().filter(f -> f.remotePath().endsWith("big.bin")).findFirst().orElseThrow();
        assertThat(bigResult.outcome()).isEqualTo(FileOutcome.SUCCESS);
        assertThat(bigResult.resumed()).isTrue();
        assertThat(bigResult.bytesTransferred()).isLessThanOrEqualTo(big.length - (10L << 20));
        assertThat(emu.seed().readFile(emu.projectId(), remote + "big.bin").orElseThrow()).isEqualTo(big);
        assertThat(acting(upload(b -> { }))).isEmpty();
    }

    @Test
    void listeners_hearStartEveryFileAndTheEnd_andProgressCountsFilesAndBytes() throws IOException {
        write("a.txt", "12345");
        write("b/c.txt", "123");
        List<String> events = new CopyOnWriteArrayList<>();
        TransferListener listener = new TransferListener() {
            @Override
            public void onStarted(TransferProgress p) {
                events.add(p.totalsFinal() ? "started, planned" : "started");
            }

            @Override
            public void onFileCompleted(FileResult r) {
                events.add("file " + r.remotePath() + " " + r.outcome());
            }

            @Override
            public void onCompleted(TransferResult r) {
                events.add("completed " + r.files().size() + " " + r.bytesTransferred());
            }
        };
        SyncHandle h = start(SyncDirection.UPLOAD, b -> b.listener(listener));
        SyncResult r = h.join();
        assertThat(events).hasSize(4);
        assertThat(events.get(0)).isEqualTo("started");
        assertThat(events.subList(1, 3)).containsExactlyInAnyOrder("file " + remote + "a.txt SUCCESS",
                "file " + remote + "b/c.txt SUCCESS");
        assertThat(events.get(3)).isEqualTo("completed 2 8");
        assertThat(r.bytesTransferred()).isEqualTo(8);
        TransferProgress p = h.progress();
        assertThat(p.filesTotal()).isEqualTo(2);
        assertThat(p.filesDone()).isEqualTo(2);
        assertThat(p.bytesTotal()).isEqualTo(8);
        assertThat(p.bytesTransferred()).isEqualTo(8);
        assertThat(p.totalsFinal()).as("planned").isTrue();
    }

    /**
     * Listeners hear a sync as {@link TransferListener} promises, as they hear an upload: on one thread of the sync's
     * (never a transfer's), one call at a time, in order, onCompleted last and before the handle completes; a
     * listener held up does not hold the transfers up, and one that throws is ignored. They were called on each
     * transfer's thread, up to a dozen at once, and a slow one held a slot each (found by a review).
     */
    @Test
    void listeners_areToldOnOneThreadInOrder_andOneHeldUpDoesNotHoldTheTransfersUp() throws Exception {
        int n = 12;
        for (int i = 0; i < n; i++) {
            write("f" + i + ".txt", "file " + i);
        }
        CountDownLatch release = new CountDownLatch(1);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<String> events = new CopyOnWriteArrayList<>();
        TransferListener heldUp = new TransferListener() {
            private void enter(String event) {
                threads.add(Thread.currentThread());
                mostAtOnce.accumulateAndGet(inside.incrementAndGet(), Math::max);
                events.add(event);
            }

            @Override
            public void onStarted(TransferProgress p) {
                enter("started");
                inside.decrementAndGet();
            }

            @Override
            public void onProgress(TransferProgress p) {
                enter("progress " + p.filesDone());
                inside.decrementAndGet();
            }

            @Override
            public void onFileCompleted(FileResult r) {
                enter("file");
                try {
                    release.await(2, TimeUnit.MINUTES); // the first call holds the listener up; the others pass
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    inside.decrementAndGet();
                }
                throw new IllegalStateException("a listener that throws is ignored");
            }

            @Override
            public void onCompleted(TransferResult r) {
                enter("completed " + r.files().size());
                inside.decrementAndGet();
            }
        };

        SyncHandle h = start(SyncDirection.UPLOAD, b -> b.listener(heldUp));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (h.progress().filesDone() < n && System.nanoTime() < deadline) {
                Thread.sleep(20); // polling state the sync's threads change, bounded by the deadline
            }
            assertThat(h.progress().filesDone()).as("files done while the listener is held up").isEqualTo(n);
            assertThat(events.stream().filter("file"::equals)).as(events.toString()).hasSize(1);
            assertThat(h.completion()).as("the result waits for the events").isNotDone();
        } finally {
            release.countDown();
        }
        SyncResult r = h.join();

        assertThat(r.failed()).isZero();
        assertThat(r.uploaded()).isEqualTo(n);
        assertThat(events.get(0)).isEqualTo("started");
        assertThat(events.subList(events.size() - 2, events.size())).as("told before the result")
                .containsExactly("progress " + n, "completed " + n);
        assertThat(events.stream().filter("file"::equals)).hasSize(n);
        List<Integer> done = events.stream().filter(e -> e.startsWith("progress "))
                .map(e -> Integer.parseInt(e.substring("progress ".length()))).toList();
        assertThat(done).isSorted();
        assertThat(threads).singleElement().satisfies(t -> assertThat(t.getName()).startsWith("ica-sync-")
                .endsWith("-listener"));
        assertThat(mostAtOnce.get()).as("calls at once").isEqualTo(1);
    }

    /**
     * A listener may close the transfer manager: the sync stops, cancelled, and the close does not wait for the
     * listener that called it (it waited the full 10 s, as the sync's worker waited for that listener's transfer).
     */
    @Test
    void aListenerThatClosesTheManager_cancelsTheSync_andTheCloseSeesItStopped() throws Exception {
        for (int i = 0; i < 8; i++) {
            write("f" + i + ".txt", "file " + i);
        }
        CompletableFuture<SyncHandle> handle = new CompletableFuture<>();
        CompletableFuture<Boolean> stoppedWhenClosed = new CompletableFuture<>();
        TransferListener closes = new TransferListener() {
            @Override
            public void onFileCompleted(FileResult r) {
                if (!stoppedWhenClosed.isDone()) {
                    manager.close();
                    stoppedWhenClosed.complete(SyncJob.terminated(handle.join()).isDone());
                }
            }
        };

        SyncHandle h = start(SyncDirection.UPLOAD, b -> b.listener(closes));
        handle.complete(h);

        assertThat(stoppedWhenClosed.get(60, TimeUnit.SECONDS)).as("the sync had stopped when close returned").isTrue();
        assertThatThrownBy(h::join).isInstanceOf(CancellationException.class);
    }

    @Test
    void emptyFolders_areCreatedInTheProject_andLocally_whenAsked() throws IOException {
        Files.createDirectories(local.resolve("empty/inner"));
        write("full/f.txt", "f");
        SyncResult up = upload(b -> b.createEmptyFolders(true));
        assertThat(acting(up)).containsExactlyEntriesOf(new TreeMap<>(Map.of("empty/inner/", SyncAction.UPLOAD,
                "full/f.txt", SyncAction.UPLOAD)));
        assertThat(data.findByPath(remote + "empty/inner/")).isPresent();
        assertThat(acting(upload(b -> b.createEmptyFolders(true)))).isEmpty();

        local = Files.createDirectories(tmp.resolve("mirror"));
        SyncResult down = sync(SyncDirection.DOWNLOAD, b -> b.createEmptyFolders(true));
        assertThat(local.resolve("empty/inner")).isDirectory();
        assertThat(local.resolve("full/f.txt")).hasContent("f");
        assertThat(down.failed()).isZero();
        assertThat(acting(sync(SyncDirection.DOWNLOAD, b -> b.createEmptyFolders(true)))).isEmpty();
    }

    private List<String> remoteFolders() {
        List<String> folders = new java.util.ArrayList<>();
        for (ProjectData d : data.listRecursive(remote)) {
            if (d.isFolder()) {
                folders.add(d.path().substring(remote.length()));
            }
        }
        return folders;
    }

    /** A folder deleted locally goes from the project with what it held; one that holds a file left out stays. */
    @Test
    void upload_deleteExtra_deletesTheProjectFoldersTheLocalFolderNoLongerHas() throws IOException {
        write("keep/a.txt", "a");
        write("gone/sub/x.txt", "x");
        write("held/y.tmp", "y");
        write("held/z.txt", "z");
        upload(b -> { });
        assertThat(remoteFolders()).containsExactlyInAnyOrder("keep/", "gone/", "gone/sub/", "held/");
        deleteTree(local.resolve("gone"));
        deleteTree(local.resolve("held"));

        SyncResult r = upload(b -> b.deleteExtra(true).exclude("*.tmp"));
        assertThat(acting(r)).containsExactlyEntriesOf(new TreeMap<>(Map.of("gone/", SyncAction.DELETE,
                "gone/sub/", SyncAction.DELETE, "gone/sub/x.txt", SyncAction.DELETE, "held/z.txt", SyncAction.DELETE)));
        assertThat(r.deleted()).isEqualTo(4);
        assertThat(r.failed()).isZero();
        assertThat(remoteFolders()).containsExactlyInAnyOrder("keep/", "held/");
        assertThat(remoteFiles()).containsOnlyKeys("keep/a.txt", "held/y.tmp");
        assertThat(acting(upload(b -> b.deleteExtra(true).exclude("*.tmp")))).isEmpty();
    }

    /**
     * ICA deletes a folder with all it holds: a file added to a folder after the plan (here while the sync uploads)
     * keeps the folder, which the result says, and the file stays.
     */
    @Test
    void upload_deleteExtra_keepsAProjectFolderThatGotAFileSinceThePlan() throws IOException {
        write("gone/x.txt", "x");
        upload(b -> { });
        deleteTree(local.resolve("gone"));
        write("new.txt", "n");
        Runnable addsAFile = () -> emu.seed().putFile(emu.projectId(), remote + "gone/late.txt",
                "late".getBytes(StandardCharsets.UTF_8));

        SyncResult r = upload(addsAFile, b -> b.deleteExtra(true));
        assertThat(r.failed()).isZero();
        assertThat(remoteFiles()).containsOnlyKeys("new.txt", "gone/late.txt");
        SyncItem kept = r.plan().stream().filter(i -> i.relativePath().equals("gone/")).findFirst().orElseThrow();
        assertThat(kept.action()).isEqualTo(SyncAction.SKIP);
        assertThat(kept.reason()).isEqualTo("folder not in the local folder; kept: it holds " + remote + "gone/late.txt,"
                + " which this sync does not delete");
    }

    /**
     * ICA deletes a folder by id: a folder that no longer has the planned one's id at its path (replaced there while
     * the sync uploads; moved, in ICA) is kept, and so is what the path holds now.
     */
    @Test
    void upload_deleteExtra_keepsAProjectFolderReplacedSinceThePlan() throws IOException {
        write("gone/x.txt", "x");
        upload(b -> { });
        deleteTree(local.resolve("gone"));
        write("new.txt", "n");
        Runnable replacesTheFolder = () -> {
            data.delete(data.findByPath(remote + "gone/").orElseThrow().id());
            data.createFolder(f -> f.name("gone").folderPath(remote));
        };

        SyncResult r = upload(replacesTheFolder, b -> b.deleteExtra(true));
        assertThat(r.failed()).as(r.files().toString()).isZero();
        assertThat(data.findByPath(remote + "gone/")).isPresent();
        SyncItem kept = r.plan().stream().filter(i -> i.relativePath().equals("gone/")).findFirst().orElseThrow();
        assertThat(kept.action()).isEqualTo(SyncAction.SKIP);
        assertThat(kept.reason()).endsWith("kept: ICA no longer has it at this path (moved, deleted or replaced since"
                + " the plan)");
    }

    /**
     * ICA deletes a file by id: one no longer where the plan saw it (moved since, by others in a long sync; here
     * replaced there, as the emulator has no move) is kept, and what its path holds now stays. With more than 20
     * files to delete in a folder, the folder is listed once (fewer are looked up by id).
     */
    @Test
    void upload_deleteExtra_keepsAProjectFileNoLongerWhereThePlanSawIt() throws IOException {
        write("moved/keep.txt", "k");
        write("moved/x.txt", "x");
        for (int i = 0; i < 20; i++) {
            write("moved/y" + i + ".txt", "y");
        }
        upload(b -> { });
        deleteTree(local.resolve("moved"));
        write("moved/keep.txt", "k");
        write("new.txt", "n");
        Runnable replacesX = () -> {
            data.delete(data.findByPath(remote + "moved/x.txt").orElseThrow().id());
            putRemote("moved/x.txt", "theirs");
        };

        SyncResult r = upload(replacesX, b -> b.deleteExtra(true));
        assertThat(r.failed()).as(r.files().toString()).isZero();
        assertThat(remoteFiles()).containsOnlyKeys("moved/keep.txt", "moved/x.txt", "new.txt")
                .containsEntry("moved/x.txt", "theirs");
        assertThat(r.plan()).filteredOn(i -> i.relativePath().equals("moved/x.txt")).singleElement()
                .satisfies(i -> assertThat(i.reason()).endsWith("kept: ICA no longer lists it in " + remote + "moved/"
                        + " (moved or deleted since the plan)"));
        assertThat(r.deleted()).isEqualTo(20);
    }

    /** The mirror: a folder gone from the project goes locally; one holding a file left out, or a link, stays. */
    @Test
    void download_deleteExtra_deletesTheLocalFoldersTheProjectNoLongerHas() throws IOException {
        emu.seed().putFile(emu.projectId(), remote + "keep/a.txt", "a".getBytes(StandardCharsets.UTF_8));
        write("gone/sub/x.txt", "x");
        Files.createDirectories(local.resolve("gone-empty/inner"));
        write("held/y.tmp", "y");
        Files.createDirectories(local.resolve("linked"));
        Files.createSymbolicLink(local.resolve("linked/link"), local.resolve("keep"));

        SyncResult r = sync(SyncDirection.DOWNLOAD, b -> b.deleteExtra(true).exclude("*.tmp"));
        assertThat(acting(r)).containsExactlyEntriesOf(new TreeMap<>(Map.of("keep/a.txt", SyncAction.DOWNLOAD,
                "gone/", SyncAction.DELETE, "gone/sub/", SyncAction.DELETE, "gone/sub/x.txt", SyncAction.DELETE,
                "gone-empty/", SyncAction.DELETE, "gone-empty/inner/", SyncAction.DELETE)));
        assertThat(r.failed()).isZero();
        try (Stream<Path> left = Files.list(local)) {
            assertThat(left.map(x -> x.getFileName().toString())).containsExactlyInAnyOrder("keep", "held", "linked");
        }
        assertThat(acting(sync(SyncDirection.DOWNLOAD, b -> b.deleteExtra(true).exclude("*.tmp")))).isEmpty();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * On a file system that ignores case (macOS's by default), ICA's A.txt and a.txt are one local file: neither a
     * download of the folder nor a download sync lets one replace the other, nor a file of the local folder.
     */
    @Test
    void onAFileSystemIgnoringCase_namesOfOneLocalFile_areNotWrittenOverEachOther() throws IOException {
        String p = emu.projectId();
        emu.seed().putFile(p, remote + "A.txt", "upper".getBytes(StandardCharsets.UTF_8));
        emu.seed().putFile(p, remote + "a.txt", "lower".getBytes(StandardCharsets.UTF_8));
        emu.seed().putFile(p, remote + "b.txt", "b".getBytes(StandardCharsets.UTF_8));
        try (var folding = io.icasdk.transfer.internal.FoldingFileSystem.ignoringCase()) {
            TransferResult down = manager.download(d -> d.remotePath(remote).target(tmp.resolve("down"))).join();
            assertThat(down.failures()).singleElement().satisfies(f -> {
                assertThat(f.reason()).startsWith("Not downloaded: " + remote).contains("is written to the same local"
                        + " file, as this file system ignores case");
                assertThat(f.localPath().getFileName().toString()).isEqualToIgnoringCase("a.txt");
            });
            try (Stream<Path> files = Files.list(tmp.resolve("down"))) {
                assertThat(files.map(f -> f.getFileName().toString().toLowerCase(java.util.Locale.ROOT)))
                        .containsExactlyInAnyOrder("a.txt", "b.txt");
            }

            Files.writeString(local.resolve("stale.txt"), "deleted only when every step succeeded");
            SyncResult sync = sync(SyncDirection.DOWNLOAD, b -> b.deleteExtra(true));
            assertThat(sync.files()).filteredOn(f -> f.outcome() == FileOutcome.FAILED).singleElement()
                    .satisfies(f -> assertThat(f.reason()).contains("is written to the same local file"));
            assertThat(sync.downloaded()).isEqualTo(2);
            assertThat(local.resolve("stale.txt")).exists();
        }
    }

    /**
     * A download sync that followed a local link to a folder outside the local folder had its deletes reach through
     * the link: the user's files and folders out there, which the sync never owned, were deleted. The request is now
     * refused, as ica refuses --follow-symlinks for a download; without it the link is left alone.
     */
    @Test
    void download_deleteExtra_deletesNothingOutsideTheLocalFolder_throughALink() throws IOException {
        emu.seed().putFile(emu.projectId(), remote + "keep.txt", "k".getBytes(StandardCharsets.UTF_8));
        Path outside = Files.createDirectories(tmp.resolve("photos"));
        Path photo = Files.createDirectories(outside.resolve("2024")).resolve("beach.jpg");
        Files.writeString(photo, "my photo");
        Path emptyAlbum = Files.createDirectories(outside.resolve("album-to-fill"));
        Files.createSymbolicLink(local.resolve("photos"), outside);

        assertThatThrownBy(() -> sync(SyncDirection.DOWNLOAD, b -> b.deleteExtra(true).followSymlinks(true)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("followSymlinks is for upload syncs");
        SyncResult r = sync(SyncDirection.DOWNLOAD, b -> b.deleteExtra(true));

        assertThat(emptyAlbum).as("an empty folder outside the local folder, behind a link: " + r.plan()).isDirectory();
        assertThat(photo).as("a file outside the local folder, behind a link").hasContent("my photo");
        assertThat(r.itemsWith(SyncAction.DELETE)).as(r.plan().toString()).isEmpty();
        assertThat(local.resolve("keep.txt")).hasContent("k");
    }

    /**
     * A download sync interrupted inside a folder keeps the file's temporary file there; the folder is then deleted
     * in ICA. The rerun with deleteExtra removes the temporary file (no run could finish it) but had already decided
     * to keep the folder because of it (LocalWalker reports it 'ignored', which holds the folder): the emptied folder
     * is left behind, and only the run after deletes it.
     */
    @Test
    void download_interruptedInAFolderThatIsThenDeletedInIca_theRerunWithDeleteExtra_leavesNoEmptyFolder() throws Exception {
        byte[] big = new byte[(17 << 20) + 1]; // three ranges of 8 MiB
        new java.util.Random(7).nextBytes(big);
        emu.seed().putFile(emu.projectId(), remote + "gone/big.bin", big);
        emu.seed().putFile(emu.projectId(), remote + "keep.txt", "kept".getBytes(StandardCharsets.UTF_8));
        emu.faults().s3BandwidthBytesPerSecond(4L << 20);
        try {
            SyncHandle first = start(SyncDirection.DOWNLOAD, b -> { });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (first.progress().bytesTransferred() < (5L << 20) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            first.cancel();
            assertThatThrownBy(first::join).isInstanceOf(CancellationException.class);
            SyncJob.terminated(first).get(60, TimeUnit.SECONDS);
        } finally {
            emu.faults().reset();
        }
        try (Stream<Path> s = Files.list(local.resolve("gone"))) {
            assertThat(s.filter(p -> PartialFiles.isPartial(p.getFileName().toString())).toList())
                    .as("kept for a resume").isNotEmpty();
        }
        data.delete(data.findByPath(remote + "gone/").orElseThrow().id());

        SyncResult r = sync(SyncDirection.DOWNLOAD, b -> b.deleteExtra(true));

        assertThat(r.failed()).isZero();
        assertThat(local.resolve("keep.txt")).hasContent("kept");
        assertThat(local.resolve("gone")).as("the folder ICA no longer has, emptied by this run: " + r.plan())
                .doesNotExist();
    }

    /**
     * A sync of the project root: an interrupted run left a multipart upload journaled in the top-level folder
     * gone/, whose credentials are the only ones that reach it; the local gone/ is then removed. The rerun with
     * deleteExtra cannot abort the upload (refused once), keeps it in the journal for the next run (3662ad7), and
     * then deletes the project folder gone/ (eaead5b). The next run has no folder to ask credentials for, so the
     * upload can never be aborted: its parts stay in the bucket, unseen and billed, and every run says so again.
     */
    @Test
    void rootSync_anUploadWhoseAbortFailed_isStillAbortedByTheNextRun_afterItsTopFolderWasDeleted() throws Exception {
        String project = emu.seed().createProject("root-abandon");
        manager.close();
        IcaClient client = IcaClient.builder().baseUrl(emu.baseUrl()).apiKey(emu.apiKey()).defaultProjectId(project).build();
        manager = TransferManager.builder().icaClient(client).journalDirectory(tmp.resolve("journals"))
                .s3EndpointOverride(emu.s3Endpoint()).maxFilesInFlight(4).build();
        data = client.projectData(project);
        remote = "/";
        write("keep.txt", "k");
        write("gone/small.txt", "s");
        assertThat(sync(SyncDirection.UPLOAD, b -> { }).failed()).isZero();
        JobKey key = new JobKey("SYNC_UPLOAD", local.toAbsolutePath(), client.baseUrl().toString(), project, "/");
        var aws = awsFor("/gone/");
        try (var s3 = s3With(aws); Journal journal = Journal.open(tmp.resolve("journals"), key)) {
            String uploadId = s3.createMultipartUpload(b -> b.bucket(aws.bucket()).key(aws.objectPrefix() + "denied.bin"))
                    .join().uploadId();
            journal.fileStarted("gone/denied.bin", "fp", null); // what an interrupted run leaves
            journal.multipartStarted("gone/denied.bin", "fp", uploadId, 8L << 20);
        }
        assertThat(openUploads("/gone/")).isEqualTo(1);
        Files.delete(local.resolve("gone/small.txt"));
        Files.delete(local.resolve("gone"));

        emu.faults().s3DenyAborts("denied.bin");
        SyncResult refused;
        try {
            refused = sync(SyncDirection.UPLOAD, b -> b.deleteExtra(true));
        } finally {
            emu.faults().reset();
        }
        assertThat(refused.itemsWith(SyncAction.SKIP)).anySatisfy(i -> assertThat(i.reason()).contains("tries again"));

        SyncResult next = sync(SyncDirection.UPLOAD, b -> b.deleteExtra(true));
        assertThat(next.itemsWith(SyncAction.SKIP)).as(refused.plan() + "\n" + next.plan()).singleElement()
                .satisfies(i -> assertThat(i.reason()).contains("were discarded"));
        emu.seed().createFolder(project, "/gone/"); // to look into the bucket under that prefix
        assertThat(openUploads("/gone/")).as("the interrupted run's multipart upload").isZero();
    }

    private void putRemote(String rel, String content) {
        emu.seed().putFile(emu.projectId(), remote + rel, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A download held back by a local folder in its way (it runs after the deletes) is checked for names of one local
     * file too: on a folding file system ICA's A.txt and a.txt both found the folder a.txt/ in their way and both were
     * written into one file after the deletes, the second replacing the first (found by a review).
     */
    @Test
    void deleteExtra_aDownloadHeldBackByAFolderInTheWay_isStillCheckedForAnotherSpelling() throws IOException {
        putRemote("A.txt", "upper");
        putRemote("a.txt", "lower");
        Files.createDirectories(local.resolve("a.txt"));
        Files.writeString(local.resolve("a.txt/old"), "stale");
        try (var folding = io.icasdk.transfer.internal.FoldingFileSystem.ignoringCase()) {
            SyncResult r = sync(SyncDirection.DOWNLOAD, b -> b.deleteExtra(true));

            assertThat(r.files()).as(r.files().toString()).filteredOn(f -> f.outcome() == FileOutcome.FAILED)
                    .singleElement().satisfies(f -> assertThat(f.reason()).contains("is written to the same local file"));
            assertThat(r.downloaded()).isEqualTo(1);
        }
    }

    /**
     * ICA's folders Data/ and data/ are one local folder on a folding file system: the rerun pairs the local Data/y
     * with ICA's data/y and has nothing to do. It did not pair them, and on such a file system failed data/y as
     * "another spelling" of the file the first run wrote, on every run (found by a review).
     */
    @Test
    void rerun_ofFoldersDifferingOnlyInCase_mergedLocally_hasNothingToDo() throws IOException {
        putRemote("Data/x", "x");
        putRemote("data/y", "y");
        try (var folding = io.icasdk.transfer.internal.FoldingFileSystem.ignoringCase()) {
            SyncResult first = sync(SyncDirection.DOWNLOAD, b -> { });
            assertThat(first.failed()).as(first.files().toString()).isZero();
            assertThat(first.downloaded()).isEqualTo(2);
            // what the folding file system holds after the first run: one folder, spelled as first created
            Files.move(local.resolve("data/y"), local.resolve("Data/y"));
            Files.delete(local.resolve("data"));

            SyncResult second = sync(SyncDirection.DOWNLOAD, b -> { });

            assertThat(second.failed()).as(second.files().toString()).isZero();
            assertThat(second.downloaded()).as(second.plan().toString()).isZero();
        }
    }

    /** A file not AVAILABLE writes nothing, so it does not take the local name from another spelling. */
    @Test
    void onAFoldingFileSystem_aFileNotAvailable_leavesTheNameToItsOtherSpelling() throws IOException {
        data.createFile(new io.icasdk.core.CreateFileRequest("A.txt", remote, null, null)); // PARTIAL, listed first
        putRemote("a.txt", "lower");
        try (var folding = io.icasdk.transfer.internal.FoldingFileSystem.ignoringCase()) {
            SyncResult r = sync(SyncDirection.DOWNLOAD, b -> { });
            assertThat(r.failed()).as(r.plan().toString()).isZero();
            assertThat(r.downloaded()).isEqualTo(1);
            assertThat(local.resolve("a.txt")).hasContent("lower");

            TransferResult down = manager.download(d -> d.remotePath(remote).target(tmp.resolve("down"))).join();
            assertThat(down.failures()).as(down.files().toString()).singleElement()
                    .satisfies(f -> assertThat(f.reason()).contains("not AVAILABLE"));
            assertThat(tmp.resolve("down/a.txt")).hasContent("lower");
        }
    }

    /** A dry run asks the file system too, and says which of ICA's names of one local file the run fails. */
    @Test
    void dryRun_saysWhatTheRunDoes_withNamesOfOneLocalFile() throws IOException {
        putRemote("A.txt", "upper");
        putRemote("a.txt", "lower");
        try (var folding = io.icasdk.transfer.internal.FoldingFileSystem.ignoringCase()) {
            SyncResult dry = sync(SyncDirection.DOWNLOAD, b -> b.dryRun(true));
            SyncResult real = sync(SyncDirection.DOWNLOAD, b -> { });
            assertThat(real.failed()).isEqualTo(1);

            assertThat(dry.failed()).as(dry.plan().toString()).isEqualTo(real.failed());
            assertThat(dry.downloaded()).isEqualTo(real.downloaded());
        }
    }

    /**
     * As an upload or download, a sync tells its listeners its final totals before onCompleted, also when it
     * transferred nothing: their last word was onStarted's "still counting" (found by a review).
     */
    @Test
    void aSyncWithNothingToTransfer_tellsItsListenerThatTheTotalsAreFinal() {
        putRemote("a.txt", "a");
        assertThat(sync(SyncDirection.DOWNLOAD, b -> { }).downloaded()).isEqualTo(1);
        List<TransferProgress> seen = new CopyOnWriteArrayList<>();
        TransferListener listener = new TransferListener() {
            @Override
            public void onStarted(TransferProgress p) {
                seen.add(p);
            }

            @Override
            public void onProgress(TransferProgress p) {
                seen.add(p);
            }
        };

        SyncResult r = sync(SyncDirection.DOWNLOAD, b -> b.listener(listener));

        assertThat(r.unchanged()).isEqualTo(1);
        assertThat(seen).as(seen.toString()).last().satisfies(p -> assertThat(p.totalsFinal()).isTrue());
    }
    /**
     * An empty source with deleteExtra would empty the destination: most often a drive not mounted, or a wrong folder.
     * Without a maxDelete nothing is deleted and the sync fails saying so (its dry run says so too); with one, as asked.
     */
    @Test
    void deleteExtra_fromAnEmptySource_deletesNothing_unlessAMaxDeleteIsGiven() throws IOException {
        write("a.txt", "a");
        write("sub/b.txt", "b");
        upload(b -> { });
        deleteTree(local);
        Files.createDirectories(local);

        SyncResult dry = upload(b -> b.deleteExtra(true).dryRun(true));
        assertThat(dry.itemsWith(SyncAction.DELETE)).hasSize(3).allSatisfy(i -> {
            assertThat(i.refusedByARealRun()).isTrue();
            assertThat(i.reason()).contains("the source folder holds no file");
        });
        assertThatThrownBy(() -> upload(b -> b.deleteExtra(true))).isInstanceOfSatisfying(SyncDeleteLimitException.class,
                e -> {
                    assertThat(e.sourceEmpty()).isTrue();
                    assertThat(e.plannedDeletes()).isEqualTo(3);
                    assertThat(e.getMessage()).startsWith("The source folder holds no file (that the filters take), and"
                            + " the sync would have deleted all 3 files and folders at the destination").contains("set maxDelete");
                });
        assertThat(remoteFiles()).containsOnlyKeys("a.txt", "sub/b.txt");

        // the mirror: an empty project folder does not empty the local one either
        local = Files.createDirectories(tmp.resolve("other"));
        write("mine.txt", "m");
        remote = remote + "empty/";
        data.createFolder(f -> f.name("empty").folderPath(remote.substring(0, remote.length() - "empty/".length())));
        assertThatThrownBy(() -> sync(SyncDirection.DOWNLOAD, b -> b.deleteExtra(true)))
                .isInstanceOf(SyncDeleteLimitException.class);
        assertThat(local.resolve("mine.txt")).exists();

        SyncResult asked = sync(SyncDirection.DOWNLOAD, b -> b.deleteExtra(true).maxDelete(1));
        assertThat(asked.deleted()).isEqualTo(1);
        assertThat(local.resolve("mine.txt")).doesNotExist();
    }

    /** The state's folder unusable: the message names it, not the local folder, which is fine. */
    @Test
    void aSyncStateThatCannotBeOpened_failsNamingTheStateFile_notTheLocalFolder() throws IOException {
        write("a.txt", "a");
        Files.createDirectories(stateDir);
        Files.writeString(stateDir.resolve("sync-state"), "a file where the state folder should be");

        assertThatThrownBy(() -> upload(b -> { })).isInstanceOf(TransferException.class)
                .hasMessageStartingWith("Cannot open the sync state " + stateDir.resolve("sync-state"))
                .hasMessageContaining("check that it is a writable folder").hasMessageNotContaining("local folder");
        assertThat(remoteFiles()).isEmpty();
    }

    @Test
    void twentyThousandFiles_noOpSyncIsFast_andChangesAreFoundExactly() throws IOException {
        int n = 20_000;
        String p = emu.projectId();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String rel = "d" + (i % 50) + "/f" + i + ".txt";
            byte[] content = ("file " + i).getBytes(StandardCharsets.UTF_8);
            Files.createDirectories(local.resolve(rel).getParent());
            Files.write(local.resolve(rel), content);
        }
        long t1 = System.nanoTime();
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> emu.seed().putFile(p,
                remote + "d" + (i % 50) + "/f" + i + ".txt", ("file " + i).getBytes(StandardCharsets.UTF_8)));
        long t2 = System.nanoTime();

        SyncResult first = upload(b -> { });
        long t3 = System.nanoTime();
        assertThat(acting(first)).isEmpty();
        assertThat(first.unchanged()).isEqualTo(n);

        write("d1/f1.txt", "file 1 changed");
        write("d7/new.txt", "new");
        Files.delete(local.resolve("d3/f3.txt"));
        SyncResult second = upload(b -> b.deleteExtra(true).maxDelete(10));
        long t4 = System.nanoTime();
        assertThat(acting(second)).containsExactlyEntriesOf(new TreeMap<>(Map.of("d1/f1.txt", SyncAction.UPLOAD,
                "d7/new.txt", SyncAction.UPLOAD, "d3/f3.txt", SyncAction.DELETE)));
        assertThat(second.unchanged()).isEqualTo(n - 2);

        System.out.printf("20k files: write local %d ms, seed %d ms, no-op sync %d ms, sync with 3 changes %d ms%n",
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000);
    }

    /**
     * A sync state file whose last record was cut short (a crash, a full disk): runs that do not compact (with
     * filters, cancelled, or with a failure) append behind the torn bytes, and the next run reads none of it. A
     * file such a run uploaded is then "changed since the last sync" again and uploaded again, on every run.
     */
    @Test
    void aStateFileWithATornTail_stillRemembersWhatLaterSyncsUploaded() throws IOException {
        Path a = write("a.txt", "one");
        write("b.txt", "two");
        upload(b -> { });
        try (Stream<Path> s = Files.list(stateDir.resolve("sync-state"))) {
            for (Path state : s.filter(p -> p.toString().endsWith(".state")).toList()) {
                Files.write(state, new byte[30], java.nio.file.StandardOpenOption.APPEND); // a record cut short
            }
        }
        write("a.txt", "ONE!");
        Files.setLastModifiedTime(a, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertThat(acting(upload(b -> b.include("*.txt")))).containsExactly(Map.entry("a.txt", SyncAction.UPLOAD));

        SyncResult again = upload(b -> b.include("*.txt"));
        assertThat(acting(again)).as(again.plan().toString()).isEmpty();
    }

    /** The download temporary files in a folder. */
    private static List<Path> partials(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> PartialFiles.isPartial(p.getFileName().toString())).sorted().toList();
        }
    }

    private List<Path> journalFiles() throws IOException {
        try (Stream<Path> s = Files.list(stateDir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".journal")).toList();
        }
    }

    private static Map<Path, FileTime> snapshot(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return Map.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            Map<Path, FileTime> m = new TreeMap<>();
            for (Path p : (Iterable<Path>) s::iterator) {
                m.put(p, Files.getLastModifiedTime(p));
            }
            return m;
        }
    }
    /**
     * On a folding file system the sync state of a file is kept under its folded name: ICA's data/y, downloaded new,
     * and the local Data/y it became are one record, so a local edit made since is kept as for Data/x. It was recorded
     * under one spelling and looked up under the other, and the edit overwritten (found by a review).
     */
    @Test
    void onAFoldingFileSystem_aLocalEdit_ofAFileDownloadedIntoAFolderSpelledOtherwise_isKept() throws IOException {
        putRemote("Data/x", "x");
        putRemote("data/y", "y");
        try (var folding = io.icasdk.transfer.internal.FoldingFileSystem.ignoringCase()) {
            downloadDataAndDataSpelledOtherwise();
            FileTime later = FileTime.fromMillis(System.currentTimeMillis() + 60_000);
            Files.setLastModifiedTime(Files.writeString(local.resolve("Data/x"), "my edit of x"), later);
            Files.setLastModifiedTime(Files.writeString(local.resolve("Data/y"), "my edit of y"), later);

            SyncResult r = sync(SyncDirection.DOWNLOAD, b -> { });

            assertThat(local.resolve("Data/x")).as(r.plan().toString()).hasContent("my edit of x");
            assertThat(local.resolve("Data/y")).as(r.plan().toString()).hasContent("my edit of y");
        }
    }

    /**
     * Downloads ICA's Data/x and data/y, then leaves the local folder as a folding file system holds it after such a
     * run: one folder, spelled as first created (Data/x, Data/y).
     */
    private void downloadDataAndDataSpelledOtherwise() throws IOException {
        assertThat(sync(SyncDirection.DOWNLOAD, b -> { }).downloaded()).isEqualTo(2);
        Files.move(local.resolve("data/y"), local.resolve("Data/y"));
        Files.delete(local.resolve("data"));
    }

    /**
     * On a file system that ignores case, include and exclude globs ignore case too: the local Data/y, which is ICA's
     * data/y, was left out by include data/** while ICA's was taken, and every rerun planned it anew (found by a
     * review).
     */
    @Test
    void onAFoldingFileSystem_aRerunWithAnInclude_ofFoldersDifferingOnlyInCase_hasNothingToDo() throws IOException {
        putRemote("Data/x", "x");
        putRemote("data/y", "y");
        try (var folding = io.icasdk.transfer.internal.FoldingFileSystem.ignoringCase()) {
            downloadDataAndDataSpelledOtherwise();

            SyncResult second = sync(SyncDirection.DOWNLOAD, b -> b.include("data/**"));

            assertThat(acting(second)).as(second.plan().toString()).isEmpty();
            assertThat(second.failed()).isZero();
        }
    }

    /**
     * A source holding only empty folders (mount points of drives not mounted, say) is empty too: deleteExtra without
     * a maxDelete deletes nothing (found by a review).
     */
    @Test
    void deleteExtra_fromASourceHoldingOnlyEmptyFolders_deletesNoFileWithoutAMaxDelete() throws IOException {
        write("disk1/a.txt", "a");
        write("disk2/b.txt", "b");
        upload(b -> { });
        Files.delete(local.resolve("disk1/a.txt"));
        Files.delete(local.resolve("disk2/b.txt"));

        assertThatThrownBy(() -> upload(b -> b.deleteExtra(true))).isInstanceOf(SyncDeleteLimitException.class);
        assertThat(remoteFiles()).containsOnlyKeys("disk1/a.txt", "disk2/b.txt");
    }

    /** The refusal of one deletion is said in the singular. */
    @Test
    void deleteExtra_fromAnEmptySource_oneDeletion_isSaidInTheSingular() throws IOException {
        write("a.txt", "a");
        upload(b -> { });
        Files.delete(local.resolve("a.txt"));

        assertThatThrownBy(() -> upload(b -> b.deleteExtra(true))).isInstanceOf(SyncDeleteLimitException.class)
                .hasMessageNotContaining("1 files");
    }
}
