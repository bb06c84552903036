package io.icasdk.core.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icasdk.core.CreateFileRequest;
import io.icasdk.core.CreateFolderRequest;
import io.icasdk.core.CredentialsRequest;
import io.icasdk.core.IcaAuthenticationException;
import io.icasdk.core.IcaClient;
import io.icasdk.core.IcaConflictException;
import io.icasdk.core.IcaNotFoundException;
import io.icasdk.core.IcaServiceException;
import io.icasdk.core.IcaThrottledException;
import io.icasdk.core.NameMatchMode;
import io.icasdk.core.PathMatchMode;
import io.icasdk.core.ProjectDataClient;
import io.icasdk.core.RetryPolicy;
import io.icasdk.core.model.AwsCredentials;
import io.icasdk.core.model.DataId;
import io.icasdk.core.model.DataStatus;
import io.icasdk.core.model.DataType;
import io.icasdk.core.model.DataWithCredentials;
import io.icasdk.core.model.DownloadUrl;
import io.icasdk.core.model.FileWithUploadUrl;
import io.icasdk.core.model.FolderUploadSession;
import io.icasdk.core.model.FolderWithUploadSession;
import io.icasdk.core.model.Project;
import io.icasdk.core.model.ProjectData;
import io.icasdk.core.model.ProjectId;
import io.icasdk.core.model.TemporaryCredentials;
import io.icasdk.core.model.UploadSessionStatus;
import io.icasdk.testkit.IcaEmulator;
import io.icasdk.testkit.IcaEmulatorExtension;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The core client end to end against the ICA emulator: every endpoint, every error mapping. */
class CoreClientIT {
    @RegisterExtension
    static IcaEmulatorExtension ica = new IcaEmulatorExtension();

    @TempDir
    Path home;

    private final IcaEmulator emu = ica.emulator();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void resetFaults() {
        emu.faults().reset();
    }

    private IcaClient.Builder clientBuilder() {
        return IcaClient.builder()
                .baseUrl(emu.baseUrl())
                .apiKey(emu.apiKey())
                .allowInsecureHttp(true)
                .defaultProjectId(emu.projectId())
                .userHome(home)
                .environment(Map.of())
                .retryPolicy(RetryPolicy.builder().maxAttempts(4).initialBackoff(Duration.ofMillis(10))
                        .maxBackoff(Duration.ofMillis(50)).maxElapsed(Duration.ofSeconds(20)).build());
    }

    private ProjectDataClient data() {
        return clientBuilder().build().projectData(ProjectId.of(emu.projectId()));
    }

    private S3Client s3(AwsCredentials aws) {
        return S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder())
                .region(Region.of(aws.region()))
                .endpointOverride(emu.s3Endpoint())
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        aws.accessKey(), aws.secretKey().reveal(), aws.sessionToken().reveal())))
                .build();
    }

    @Test
    void projects_regions_andDefaultProject() {
        IcaClient client = clientBuilder().build();
        String other = emu.seed().createProject("core-other");

        assertThat(client.listProjects().stream().map(p -> p.id().value())).contains(emu.projectId(), other);
        assertThat(client.listProjects(r -> r.search("core-oth")).stream().map(Project::name)).containsExactly("core-other");
        Project demo = client.getProject(ProjectId.of(emu.projectId()));
        assertThat(demo.name()).isEqualTo("demo");
        assertThat(demo.region().code()).isEqualTo("US");
        assertThat(client.listRegions()).hasSize(1);
        assertThat(client.defaultProjectId()).contains(ProjectId.of(emu.projectId()));
        assertThatThrownBy(() -> client.getProject(ProjectId.of("00000000-0000-0000-0000-000000000000")))
                .isInstanceOf(IcaNotFoundException.class);
    }

    @Test
    void createGetFindListAndFilter() {
        ProjectDataClient data = data();
        ProjectData file = data.createFile(CreateFileRequest.forPath("/core/list/a.txt"));
        assertThat(file.id().isFile()).isTrue();
        assertThat(file.path()).isEqualTo("/core/list/a.txt");
        assertThat(file.status()).isEqualTo(DataStatus.PARTIAL);
        ProjectData folder = data.createFolder(CreateFolderRequest.forPath("/core/list/sub/"));
        assertThat(folder.isFolder()).isTrue();
        assertThat(folder.path()).isEqualTo("/core/list/sub/");
        for (int i = 0; i < 5; i++) {
            emu.seed().putFile(emu.projectId(), "/core/list/sub/f" + i + ".txt", new byte[] {(byte) i});
        }

        assertThat(data.get(file.id()).name()).isEqualTo("a.txt");
        assertThat(data.findByPath("/core/list/a.txt")).map(ProjectData::id).contains(file.id());
        assertThat(data.findByPath("/core/list/sub/")).map(ProjectData::id).contains(folder.id());
        assertThat(data.findByPath("/core/list/A.txt")).isEmpty();
        assertThat(data.listFolder("/core/list/").stream().map(ProjectData::path))
                .containsExactlyInAnyOrder("/core/list/a.txt", "/core/list/sub/");
        assertThat(data.listRecursive("/core/list/").stream().filter(ProjectData::isFile)).hasSize(6);
        assertThat(data.list(r -> r.filePath("/core/list/").type(DataType.FILE).pageSize(2)).stream())
                .as("cursor paging across 3 pages").hasSize(6);
        assertThat(data.list(r -> r.filePath("/CORE/LIST/SUB/F1.TXT").filePathMatchMode(PathMatchMode.FULL)).stream()
                .map(ProjectData::path)).containsExactly("/core/list/sub/f1.txt");
        assertThat(data.list(r -> r.filePath("/core/list/").filename("f2").filenameMatchMode(NameMatchMode.FUZZY))
                .stream().map(ProjectData::name)).containsExactly("f2.txt");
        assertThat(data.list(r -> r.parentFolderId(folder.id()).status(DataStatus.AVAILABLE)).stream()).hasSize(5);
        assertThat(data.list(r -> r.filePath("/core/list/").status(DataStatus.PARTIAL)).stream().map(ProjectData::id))
                .containsExactly(file.id());
    }

    @Test
    void createExisting_isConflict_withIcaCode() {
        ProjectDataClient data = data();
        data.createFile(CreateFileRequest.forPath("/core/conflict/x.txt"));
        assertThatThrownBy(() -> data.createFile(CreateFileRequest.forPath("/core/conflict/x.txt")))
                .isInstanceOfSatisfying(IcaConflictException.class, e -> {
                    assertThat(e.status()).hasValue(409);
                    assertThat(e.icaCode()).contains("ICA_DATA_105");
                    assertThat(e.problemId()).isPresent();
                });
    }

    @Test
    void uploadUrl_put_thenDownloadUrls() throws Exception {
        ProjectDataClient data = data();
        FileWithUploadUrl created = data.createFileWithUploadUrl(CreateFileRequest.forPath("/core/url/u.txt"));
        byte[] content = "core upload".getBytes(StandardCharsets.UTF_8);
        HttpResponse<Void> put = http.send(HttpRequest.newBuilder(created.uploadUrl())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(put.statusCode()).isEqualTo(200);
        ProjectData after = data.get(created.data().id());
        assertThat(after.fileSizeInBytes()).isEqualTo(content.length);
        assertThat(after.objectETag()).isNotBlank();

        assertThat(get(data.createDownloadUrl(after.id()))).isEqualTo(content);
        List<DownloadUrl> bulk = data.createDownloadUrls(List.of(after.id()));
        assertThat(bulk).singleElement().satisfies(u -> assertThat(u.dataPath()).isEqualTo("/core/url/u.txt"));
        List<DownloadUrl> byPath = data.createDownloadUrlsByPath(List.of("/core/url/u.txt"));
        assertThat(get(byPath.get(0).url())).isEqualTo(content);

        ProjectData partial = data.createFile(CreateFileRequest.forPath("/core/url/later.txt"));
        assertThat(data.createUploadUrl(partial.id()).toString()).startsWith(emu.s3Endpoint().toString());
    }

    private byte[] get(java.net.URI url) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    @Test
    void temporaryCredentials_fileFolderReadOnlyAndRclone() {
        ProjectDataClient data = data();
        emu.faults().partialLag(Duration.ofMillis(300));
        DataWithCredentials file = data.createFileWithTemporaryCredentials(
                CreateFileRequest.forPath("/core/creds/f.bin"), CredentialsRequest.aws());
        AwsCredentials aws = file.credentials().aws();
        assertThat(aws.objectPrefix()).endsWith("/core/creds/f.bin");
        assertThat(aws.toString()).doesNotContain(aws.secretKey().reveal());
        try (S3Client s3 = s3(aws)) {
            s3.putObject(b -> b.bucket(aws.bucket()).key(aws.objectPrefix()), RequestBody.fromBytes(new byte[10]));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (data.get(file.data().id()).status() != DataStatus.AVAILABLE) {
            assertThat(System.nanoTime()).as("file becomes AVAILABLE").isLessThan(deadline);
            pause(50);
        }

        DataWithCredentials folder = data.createFolderWithTemporaryCredentials(
                CreateFolderRequest.forPath("/core/creds/dir/"), CredentialsRequest.aws());
        TemporaryCredentials ro = data.createTemporaryCredentials(folder.data().id(), CredentialsRequest.aws().readOnly());
        try (S3Client s3 = s3(ro.aws())) {
            assertThatThrownBy(() -> s3.putObject(b -> b.bucket(ro.aws().bucket()).key(ro.aws().objectPrefix() + "x"),
                    RequestBody.fromBytes(new byte[1])))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
        TemporaryCredentials rclone = data.createTemporaryCredentials(folder.data().id(), CredentialsRequest.rclone());
        assertThat(rclone.rclone().expirationTime()).isAfter(Instant.now().plus(Duration.ofHours(35)));
        assertThat(rclone.rclone().filePathPrefix()).endsWith("/core/creds/dir/");
    }

    @Test
    void folderUploadSessions_createGetComplete() {
        ProjectDataClient data = data();
        FolderWithUploadSession created = data.createFolderWithUploadSession(
                CreateFolderRequest.forPath("/core/session/"), CredentialsRequest.aws());
        FolderUploadSession session = created.session();
        assertThat(session.status()).isEqualTo(UploadSessionStatus.OPEN);
        AwsCredentials aws = session.credentials().aws();
        try (S3Client s3 = s3(aws)) {
            s3.putObject(b -> b.bucket(aws.bucket()).key(aws.objectPrefix() + "one.txt"), RequestBody.fromBytes(new byte[1]));
        }
        DataId folderId = created.data().id();
        assertThat(data.getFolderUploadSession(folderId, session.id()).status()).isEqualTo(UploadSessionStatus.OPEN);
        FolderUploadSession done = data.completeFolderUploadSession(folderId, session.id(), 1);
        assertThat(done.status()).isEqualTo(UploadSessionStatus.COMPLETED);
        assertThat(done.timeCompleted()).isNotNull();

        FolderUploadSession another = data.createFolderUploadSession(folderId, CredentialsRequest.rclone());
        assertThat(another.credentials().rclone().uploadSessionId()).isEqualTo(another.id());
    }

    @Test
    void deleteArchiveUnarchive() {
        ProjectDataClient data = data();
        DataId a = DataId.of(emu.seed().putFile(emu.projectId(), "/core/life/a.txt", new byte[1]));
        DataId folder = DataId.of(emu.seed().createFolder(emu.projectId(), "/core/life/"));
        data.archive(a);
        assertThat(data.get(a).status()).isEqualTo(DataStatus.ARCHIVED);
        data.unarchive(a);
        assertThat(data.get(a).status()).isEqualTo(DataStatus.AVAILABLE);
        data.delete(folder);
        assertThatThrownBy(() -> data.get(a)).isInstanceOf(IcaNotFoundException.class);
    }

    @Test
    void throttlingAndOutages_areRetried_andSurfaceWhenRetriesAreOff() {
        IcaClient client = clientBuilder().build();
        int before = emu.faults().throttledCount();
        emu.faults().throttle(2, Duration.ofMillis(100));
        assertThat(client.listRegions()).hasSize(1);
        assertThat(emu.faults().throttledCount() - before).isEqualTo(2);

        int unavailable = emu.faults().serviceUnavailableCount();
        emu.faults().serviceUnavailable(1);
        assertThat(client.getProject(ProjectId.of(emu.projectId())).name()).isEqualTo("demo");
        assertThat(emu.faults().serviceUnavailableCount() - unavailable).isEqualTo(1);

        IcaClient noRetry = clientBuilder().retryPolicy(RetryPolicy.none()).build();
        emu.faults().throttle(1, Duration.ofSeconds(3));
        assertThatThrownBy(noRetry::listRegions).isInstanceOfSatisfying(IcaThrottledException.class,
                e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(3)));
        emu.faults().serviceUnavailable(1);
        assertThatThrownBy(noRetry::listRegions).isInstanceOf(IcaServiceException.class);
    }

    @Test
    void wrongApiKey_isAuthenticationError_andTokenExchangeWorks() {
        IcaClient wrong = clientBuilder().apiKey("not-the-key").build();
        assertThatThrownBy(wrong::listRegions).isInstanceOfSatisfying(IcaAuthenticationException.class,
                e -> assertThat(e.icaCode()).contains("ICA_SEC_002"));
        IcaClient jwt = clientBuilder().exchangeApiKeyForToken(true).build();
        assertThat(jwt.listRegions()).hasSize(1);
        assertThat(jwt.getProject(ProjectId.of(emu.projectId())).name()).isEqualTo("demo");
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
