package io.icasdk.transfer.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icasdk.core.IcaClient;
import io.icasdk.core.ProjectDataClient;
import io.icasdk.core.model.ProjectData;
import io.icasdk.testkit.IcaEmulator;
import io.icasdk.testkit.IcaEmulatorExtension;
import io.icasdk.transfer.SyncAction;
import io.icasdk.transfer.SyncDirection;
import io.icasdk.transfer.SyncHandle;
import io.icasdk.transfer.SyncItem;
import io.icasdk.transfer.SyncRequest;
import io.icasdk.transfer.SyncResult;
import io.icasdk.transfer.TransferManager;
import io.icasdk.transfer.internal.PartialFiles;
import io.icasdk.transfer.internal.journal.JobKey;
import io.icasdk.transfer.internal.journal.Journal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The deletes of a sync with deleteExtra where links, interrupted runs and the project root meet them. */
class SyncFolderDeletesIT {
    @RegisterExtension
    static IcaEmulatorExtension ica = new IcaEmulatorExtension();

    @TempDir
    Path tmp;

    private IcaEmulator emu;
    private ProjectDataClient data;
    private Path local;
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
        remote = "/" + info.getTestMethod().orElseThrow().getName() + "/";
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private SyncHandle start(SyncDirection direction, Consumer<SyncRequest.Builder> options) {
        SyncRequest.Builder b = SyncRequest.builder().direction(direction).localRoot(local).remoteFolder(remote);
        options.accept(b);
        return manager.sync(b.build());
    }

    private SyncResult sync(SyncDirection direction, Consumer<SyncRequest.Builder> options) {
        return start(direction, options).join();
    }

    private Path write(Path root, String rel, String content) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private static Map<String, SyncAction> acting(SyncResult r) {
        return r.plan().stream().filter(i -> i.action() != SyncAction.SKIP && i.action() != SyncAction.UNCHANGED)
                .collect(Collectors.toMap(SyncItem::relativePath, SyncItem::action, (a, b) -> a, TreeMap::new));
    }

    private Map<String, String> remoteEntries() {
        Map<String, String> m = new TreeMap<>();
        for (ProjectData d : data.listRecursive(remote)) {
            m.put(d.path().substring(remote.length()), d.isFile()
                    ? new String(emu.seed().readFile(emu.projectId(), d.path()).orElseThrow(), StandardCharsets.UTF_8)
                    : "<folder>");
        }
        return m;
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
        Path photo = write(outside, "2024/beach.jpg", "my photo");
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
        write(local, "keep.txt", "k");
        write(local, "gone/small.txt", "s");
        assertThat(sync(SyncDirection.UPLOAD, b -> { }).failed()).isZero();
        JobKey key = new JobKey("SYNC_UPLOAD", local.toAbsolutePath(), client.baseUrl().toString(), project, "/");
        try (var s3 = s3For("/gone/"); Journal journal = Journal.open(tmp.resolve("journals"), key)) {
            var aws = awsFor("/gone/");
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

    private software.amazon.awssdk.services.s3.S3AsyncClient s3For(String folder) {
        var aws = awsFor(folder);
        return software.amazon.awssdk.services.s3.S3AsyncClient.builder().endpointOverride(emu.s3Endpoint())
                .forcePathStyle(true).region(software.amazon.awssdk.regions.Region.of(aws.region()))
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(aws.accessKey(),
                                aws.secretKey().reveal(), aws.sessionToken().reveal()))).build();
    }

    private io.icasdk.core.model.AwsCredentials awsFor(String folder) {
        return data.createTemporaryCredentials(data.findByPath(folder).orElseThrow().id(),
                io.icasdk.core.CredentialsRequest.aws()).aws();
    }

    private int openUploads(String folder) {
        var aws = awsFor(folder);
        try (var s3 = s3For(folder)) {
            return s3.listMultipartUploads(b -> b.bucket(aws.bucket()).prefix(aws.objectPrefix())).join().uploads().size();
        }
    }
}
