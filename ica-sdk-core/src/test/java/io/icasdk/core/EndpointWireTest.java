package io.icasdk.core;

import static io.icasdk.core.Fixtures.FILE_ID;
import static io.icasdk.core.Fixtures.FOLDER_ID;
import static io.icasdk.core.Fixtures.PROJECT_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.icasdk.core.model.Region;
import io.icasdk.core.model.TemporaryCredentials;
import io.icasdk.core.model.UploadSessionStatus;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Exact wire format of every endpoint: method, path, query, headers, body; and response parsing. */
class EndpointWireTest extends WireTestSupport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String P = "/api/projects/" + PROJECT_ID;

  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s);
  }

  private void assertJsonBody(RecordedRequest r, String expected) throws Exception {
    assertThat(r.getHeaders().get("Content-Type")).isEqualTo(V3);
    assertThat(json(body(r))).isEqualTo(json(expected));
  }

  @Test
  void listProjects_sendsPagingAndFilters_andParsesUnknownFields() throws Exception {
    enqueue(200, Fixtures.page(null, Fixtures.project(PROJECT_ID, "demo")));
    IcaClient ica = client();

    List<Project> projects = ica.listProjects(r -> r.search("de mo&x").includeHidden(true).pageSize(50))
        .stream().toList();

    RecordedRequest r = take();
    assertThat(r.getMethod()).isEqualTo("GET");
    assertThat(apiPath(r)).isEqualTo("/api/projects");
    assertThat(r.getUrl().encodedQuery())
        .isEqualTo("search=de%20mo%26x&includeHiddenProjects=true&pageSize=50");
    assertCommonHeaders(r);
    assertThat(r.getHeaders().get("Content-Type")).isNull();
    assertThat(projects).singleElement().satisfies(p -> {
      assertThat(p.id()).isEqualTo(new ProjectId(PROJECT_ID));
      assertThat(p.name()).isEqualTo("demo");
      assertThat(p.active()).isTrue();
      assertThat(p.region().countryCode()).isEqualTo("US");
      assertThat(p.timeCreated()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    });
  }

  @Test
  void listProjects_sendsRegionTagsAndWorkgroups_asRepeatedParameters() throws Exception {
    enqueue(200, Fixtures.page(null, Fixtures.project(PROJECT_ID, "demo")));
    String region = "c39b1feb-3e94-4440-805e-45e0c76462bf";
    String workgroup = "9b3f1c2a-1111-4222-8333-444455556666";

    List<Project> projects = client().listProjects(ProjectListRequest.builder()
        .regionId(region).userTags("oncology", "rare disease").technicalTags("wgs")
        .workgroupIds(workgroup).build()).stream().toList();

    RecordedRequest r = take();
    assertThat(r.getMethod()).isEqualTo("GET");
    assertThat(apiPath(r)).isEqualTo("/api/projects");
    assertThat(r.getUrl().encodedQuery()).isEqualTo("userTags=oncology&userTags=rare%20disease"
        + "&technicalTags=wgs&region=" + region + "&workgroups=" + workgroup + "&pageSize=1000");
    assertCommonHeaders(r);
    assertThat(projects).singleElement().extracting(Project::name).isEqualTo("demo");
  }

  @Test
  void projectListRequest_rejectsNullFilterValues() {
    assertThatThrownBy(() -> ProjectListRequest.builder().userTags("a", null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("userTags");
    assertThat(ProjectListRequest.builder().build().workgroupIds()).isEmpty();
  }

  @Test
  void getProject_getsById() throws Exception {
    enqueue(200, Fixtures.project(PROJECT_ID, "demo"));
    Project p = client().getProject(new ProjectId(PROJECT_ID));
    RecordedRequest r = take();
    assertThat(r.getMethod()).isEqualTo("GET");
    assertThat(apiPath(r)).isEqualTo(P);
    assertCommonHeaders(r);
    assertThat(p.urn()).isEqualTo("urn:ilmn:ica:project:" + PROJECT_ID + "#demo");
  }

  @Test
  void listRegions_returnsAllItems() throws Exception {
    enqueue(200, """
        {"items": [{"id": "c39b1feb-3e94-4440-805e-45e0c76462bf", "code": "US", "cityName": "Virginia",
                    "country": {"code": "US"}, "new": 1},
                   {"id": "r2", "code": "EU", "cityName": "Frankfurt", "country": {"code": "DE"}}]}
        """);
    List<Region> regions = client().listRegions();
    RecordedRequest r = take();
    assertThat(r.getMethod()).isEqualTo("GET");
    assertThat(apiPath(r)).isEqualTo("/api/regions");
    assertThat(regions).extracting(Region::code).containsExactly("US", "EU");
    assertThat(regions.get(1).countryCode()).isEqualTo("DE");
  }

  @Test
  void list_sendsEveryFilter_withRepeatedArrayParameters() throws Exception {
    enqueue(200, Fixtures.page("", Fixtures.file("/a/x.txt")));
    List<ProjectData> items = data().list(r -> r
        .filePath("/a/", "/b c/")
        .filePathMatchMode(PathMatchMode.STARTS_WITH)
        .filename("x.txt", "y+z.txt")
        .filenameMatchMode(NameMatchMode.EXACT)
        .parentFolderId(DataId.of(FOLDER_ID), DataId.of("fol.2"))
        .type(DataType.FILE)
        .status(DataStatus.AVAILABLE, DataStatus.PARTIAL)
        .pageSize(200)).stream().toList();

    RecordedRequest r = take();
    assertThat(r.getMethod()).isEqualTo("GET");
    assertThat(apiPath(r)).isEqualTo(P + "/data");
    assertThat(r.getUrl().encodedQuery()).isEqualTo(
        "filePath=/a/&filePath=/b%20c/&filePathMatchMode=STARTS_WITH_CASE_INSENSITIVE"
            + "&filename=x.txt&filename=y%2Bz.txt&filenameMatchMode=EXACT"
            + "&parentFolderId=" + FOLDER_ID + "&parentFolderId=fol.2"
            + "&type=FILE&status=AVAILABLE&status=PARTIAL&pageSize=200");
    assertThat(r.getUrl().queryParameterValues("filename")).containsExactly("x.txt", "y+z.txt");
    assertCommonHeaders(r);
    assertThat(items).singleElement().satisfies(d -> {
      assertThat(d.projectId().value()).isEqualTo(PROJECT_ID);
      assertThat(d.id().value()).isEqualTo(FILE_ID);
      assertThat(d.path()).isEqualTo("/a/x.txt");
      assertThat(d.name()).isEqualTo("x.txt");
      assertThat(d.type()).isEqualTo(DataType.FILE);
      assertThat(d.status()).isEqualTo(DataStatus.AVAILABLE);
      assertThat(d.fileSizeInBytes()).isEqualTo(123456789L);
      assertThat(d.objectETag()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
      assertThat(d.formatCode()).isEqualTo("FASTQ");
      assertThat(d.owningProjectId().value()).isEqualTo(PROJECT_ID);
      assertThat(d.timeModified()).isEqualTo(Instant.parse("2025-01-30T07:35:00.123Z"));
      assertThat(d.isFile()).isTrue();
    });
  }

  @Test
  void list_mapsUnknownEnumValuesToUnknown() throws Exception {
    enqueue(200, Fixtures.page(null,
        Fixtures.projectData(FILE_ID, "/a/x.txt", "SYMLINK", "QUANTUM_SUPERPOSED")));
    ProjectData d = data().list(r -> { }).iterator().next();
    take();
    assertThat(d.type()).isEqualTo(DataType.UNKNOWN);
    assertThat(d.status()).isEqualTo(DataStatus.UNKNOWN);
    assertThat(d.isFile()).as("falls back to the id prefix").isTrue();
  }

  @Test
  void listFolder_usesParentFolderPath() throws Exception {
    enqueue(200, Fixtures.page(null, Fixtures.file("/a/b/x.txt"),
        Fixtures.projectData(FOLDER_ID, "/a/b/c/", "FOLDER", "AVAILABLE")));
    List<ProjectData> items = data().listFolder("/a/b/").stream().toList();
    RecordedRequest r = take();
    assertThat(apiPath(r)).isEqualTo(P + "/data");
    assertThat(r.getUrl().encodedQuery()).isEqualTo("parentFolderPath=/a/b/&pageSize=1000");
    assertThat(items).extracting(ProjectData::path).containsExactly("/a/b/x.txt", "/a/b/c/");
    assertThat(items.get(1).fileSizeInBytes()).isNull();
    assertThat(items.get(1).isFolder()).isTrue();
  }

  @Test
  void listRecursive_usesFilePathStartsWith_andDropsTheFolderItselfAndCaseMismatches() throws Exception {
    enqueue(200, Fixtures.page(null,
        Fixtures.projectData(FOLDER_ID, "/a/", "FOLDER", "AVAILABLE"),
        Fixtures.file("/a/b/x.txt"),
        Fixtures.file("/A/y.txt")));
    List<ProjectData> items = data().listRecursive("/a/").stream().toList();
    RecordedRequest r = take();
    assertThat(r.getUrl().encodedQuery())
        .isEqualTo("filePath=/a/&filePathMatchMode=STARTS_WITH_CASE_INSENSITIVE&pageSize=1000");
    assertThat(items).extracting(ProjectData::path).containsExactly("/a/b/x.txt");
  }

  @Test
  void get_getsByDataId() throws Exception {
    enqueue(200, Fixtures.file("/a/x.txt"));
    ProjectData d = data().get(DataId.of(FILE_ID));
    RecordedRequest r = take();
    assertThat(r.getMethod()).isEqualTo("GET");
    assertThat(apiPath(r)).isEqualTo(P + "/data/" + FILE_ID);
    assertCommonHeaders(r);
    assertThat(d.id().value()).isEqualTo(FILE_ID);
  }

  @Test
  void get_encodesTheDataIdAsOnePathSegment() throws Exception {
    enqueue(200, Fixtures.file("/a/x.txt"));
    data().get(DataId.of("fil.a/b c?d"));
    RecordedRequest r = server.takeRequest();
    assertThat(apiPath(r)).isEqualTo(P + "/data/fil.a%2Fb%20c%3Fd");
    assertThat(r.getUrl().encodedQuery()).isNull();
  }

  @Test
  void findByPath_file_queriesParentAndExactName_andComparesThePathExactly() throws Exception {
    enqueue(200, Fixtures.page(null, Fixtures.file("/A/x.txt"), Fixtures.file("/a/x.txt")));
    Optional<ProjectData> found = data().findByPath("/a/x.txt");
    RecordedRequest r = take();
    assertThat(r.getUrl().encodedQuery()).isEqualTo(
        "filename=x.txt&filenameMatchMode=EXACT&parentFolderPath=/a/&type=FILE&pageSize=1000");
    assertThat(found).get().extracting(ProjectData::path).isEqualTo("/a/x.txt");
  }

  @Test
  void findByPath_folder_queriesTypeFolder_andReturnsEmptyWhenNothingMatchesExactly() throws Exception {
    enqueue(200, Fixtures.page(null, Fixtures.projectData(FOLDER_ID, "/A/B/", "FOLDER", "AVAILABLE")));
    Optional<ProjectData> found = data().findByPath("/a/b/");
    RecordedRequest r = take();
    assertThat(r.getUrl().encodedQuery()).isEqualTo(
        "filename=b&filenameMatchMode=EXACT&parentFolderPath=/a/&type=FOLDER&pageSize=1000");
    assertThat(found).isEmpty();
  }

  @Test
  void createFile_postsBody_withIdempotencyKey() throws Exception {
    enqueue(201, Fixtures.projectData(FILE_ID, "/runs/r1/s1.fastq.gz", "FILE", "PARTIAL"));
    ProjectData d = data().createFile(r -> r.name("s1.fastq.gz").folderPath("/runs/r1/").formatCode("FASTQ"));
    RecordedRequest r = take();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(apiPath(r)).isEqualTo(P + "/data:createFile");
    assertCommonHeaders(r);
    assertThat(r.getHeaders().get("Idempotency-Key")).matches("[0-9a-f-]{36}");
    assertJsonBody(r, "{\"name\":\"s1.fastq.gz\",\"folderPath\":\"/runs/r1/\",\"formatCode\":\"FASTQ\"}");
    assertThat(d.status()).isEqualTo(DataStatus.PARTIAL);
  }

  @Test
  void createFile_eachLogicalCreateGetsItsOwnIdempotencyKey() throws Exception {
    enqueue(201, Fixtures.file("/x.txt"));
    enqueue(201, Fixtures.file("/x.txt"));
    ProjectDataClient data = data();
    data.createFile(CreateFileRequest.forPath("/x.txt"));
    data.createFile(CreateFileRequest.forPath("/x.txt"));
    String first = take().getHeaders().get("Idempotency-Key");
    String second = take().getHeaders().get("Idempotency-Key");
    assertThat(first).isNotNull().isNotEqualTo(second);
  }

  @Test
  void createFolder_postsBody_withFolderId() throws Exception {
    enqueue(201, Fixtures.projectData(FOLDER_ID, "/a/r1/", "FOLDER", "AVAILABLE"));
    ProjectData d = data().createFolder(r -> r.name("r1").folderId(DataId.of("fol.parent")));
    RecordedRequest r = take();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(apiPath(r)).isEqualTo(P + "/data:createFolder");
    assertThat(r.getHeaders().get("Idempotency-Key")).isNotBlank();
    assertJsonBody(r, "{\"name\":\"r1\",\"folderId\":\"fol.parent\"}");
    assertThat(d.isFolder()).isTrue();
  }

  @Test
  void createFileWithUploadUrl_sendsFileTypeAndHash_andReturnsTheUrl() throws Exception {
    enqueue(201, "{\"projectId\":\"" + PROJECT_ID + "\",\"data\":" + Fixtures.data(FILE_ID, "/x.txt", "FILE", "PARTIAL")
        + ",\"uploadUrl\":\"https://bucket.s3.amazonaws.com/p/x.txt?X-Amz-Signature=abc\"}");
    FileWithUploadUrl f = data().createFileWithUploadUrl(CreateFileRequest.forPath("/x.txt"), "text/plain",
        "d41d8cd98f00b204e9800998ecf8427e");
    RecordedRequest r = take();
    assertThat(apiPath(r)).isEqualTo(P + "/data:createFileWithUploadUrl");
    assertThat(r.getHeaders().get("Idempotency-Key")).isNotBlank();
    assertJsonBody(r, "{\"name\":\"x.txt\",\"folderPath\":\"/\",\"fileType\":\"text/plain\","
        + "\"hash\":\"d41d8cd98f00b204e9800998ecf8427e\"}");
    assertThat(f.uploadUrl()).isEqualTo(URI.create("https://bucket.s3.amazonaws.com/p/x.txt?X-Amz-Signature=abc"));
    assertThat(f.data().projectId().value()).isEqualTo(PROJECT_ID);
    assertThat(f.toString()).doesNotContain("X-Amz-Signature");
  }

  @Test
  void createFileWithTemporaryCredentials_aws() throws Exception {
    enqueue(201, "{\"projectId\":\"" + PROJECT_ID + "\",\"data\":" + Fixtures.data(FILE_ID, "/x.txt", "FILE", "PARTIAL")
        + ",\"tempCredentials\":" + Fixtures.awsCredentials("SECRET1", "TOKEN1") + "}");
    DataWithCredentials d = data().createFileWithTemporaryCredentials(
        CreateFileRequest.forPath("/runs/x.txt"), CredentialsRequest.aws());
    RecordedRequest r = take();
    assertThat(apiPath(r)).isEqualTo(P + "/data:createFileWithTemporaryCredentials");
    assertThat(r.getHeaders().get("Idempotency-Key")).isNotBlank();
    assertJsonBody(r, "{\"name\":\"x.txt\",\"folderPath\":\"/runs/\","
        + "\"temporaryCredentials\":{\"readOnlyCredentials\":false}}");
    assertThat(d.credentials().aws().secretKey().reveal()).isEqualTo("SECRET1");
    assertThat(d.credentials().aws().sessionToken().reveal()).isEqualTo("TOKEN1");
    assertThat(d.credentials().aws().objectPrefix()).isEqualTo("p1/runs/r1/");
    assertThat(d.credentials().aws().serverSideEncryptionAlgorithm()).isEqualTo("AES256");
    assertThat(d.credentials().issuedAt()).isEqualTo(clock.instant());
    assertThat(d.credentials().expiresAt()).isEqualTo(clock.instant().plusSeconds(36 * 3600));
  }

  @Test
  void createFolderWithTemporaryCredentials_rcloneReadOnly() throws Exception {
    enqueue(201, "{\"projectId\":\"" + PROJECT_ID + "\",\"data\":" + Fixtures.data(FOLDER_ID, "/runs/", "FOLDER", "AVAILABLE")
        + ",\"tempCredentials\":" + Fixtures.rcloneCredentials("SECRET2") + "}");
    DataWithCredentials d = data().createFolderWithTemporaryCredentials(
        CreateFolderRequest.forPath("/runs/"), CredentialsRequest.rclone().readOnly());
    RecordedRequest r = take();
    assertThat(apiPath(r)).isEqualTo(P + "/data:createFolderWithTemporaryCredentials");
    assertThat(r.getHeaders().get("Idempotency-Key")).isNotBlank();
    assertJsonBody(r, "{\"name\":\"runs\",\"folderPath\":\"/\","
        + "\"temporaryCredentials\":{\"credentialsFormat\":\"RCLONE\",\"readOnlyCredentials\":true}}");
    assertThat(d.credentials().aws()).isNull();
    assertThat(d.credentials().rclone().config()).containsEntry("secret_access_key", "SECRET2");
    assertThat(d.credentials().expiresAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(d.credentials().rclone().toString()).doesNotContain("SECRET2").contains("ASIAEXAMPLE");
  }

  @Test
  void createFolderWithUploadSession_returnsFolderAndSession() throws Exception {
    enqueue(201, "{\"projectId\":\"" + PROJECT_ID + "\",\"data\":" + Fixtures.data(FOLDER_ID, "/up/", "FOLDER", "PARTIAL")
        + ",\"uploadSession\":" + Fixtures.session("s-1", "OPEN", Fixtures.awsCredentials("S", "T")) + "}");
    FolderWithUploadSession f = data().createFolderWithUploadSession(
        CreateFolderRequest.forPath("/up/"), CredentialsRequest.aws());
    RecordedRequest r = take();
    assertThat(apiPath(r)).isEqualTo(P + "/data:createFolderWithUploadSession");
    assertThat(r.getHeaders().get("Idempotency-Key")).isNotBlank();
    assertJsonBody(r, "{\"name\":\"up\",\"folderPath\":\"/\",\"temporaryCredentials\":{\"readOnlyCredentials\":false}}");
    assertThat(f.data().isFolder()).isTrue();
    assertThat(f.session().id()).isEqualTo("s-1");
    assertThat(f.session().status()).isEqualTo(UploadSessionStatus.OPEN);
    assertThat(f.session().credentials().aws().bucket()).isEqualTo("stratus-gds-use1");
    assertThat(f.session().timeSessionExpires()).isEqualTo(Instant.parse("2025-02-01T08:30:00Z"));
  }

  @Test
  void createUploadUrl_postsWithoutBody_andQueryParameters() throws Exception {
    enqueue(200, "{\"url\":\"https://b.s3.amazonaws.com/k?sig=1\"}");
    enqueue(200, "{\"url\":\"https://b.s3.amazonaws.com/k?sig=2\"}");
    ProjectDataClient data = data();
    URI plain = data.createUploadUrl(DataId.of(FILE_ID));
    URI bound = data.createUploadUrl(DataId.of(FILE_ID), "application/gzip", "abc123");
    RecordedRequest r1 = take();
    RecordedRequest r2 = take();
    assertThat(r1.getMethod()).isEqualTo("POST");
    assertThat(apiPath(r1)).isEqualTo(P + "/data/" + FILE_ID + ":createUploadUrl");
    assertThat(r1.getUrl().encodedQuery()).isNull();
    assertThat(r1.getBodySize()).isZero();
    assertThat(r1.getHeaders().get("Content-Type")).isNull();
    assertThat(r1.getHeaders().get("Idempotency-Key")).isNull();
    assertCommonHeaders(r1);
    assertThat(r2.getUrl().encodedQuery()).isEqualTo("fileType=application/gzip&hash=abc123");
    assertThat(plain.getQuery()).isEqualTo("sig=1");
    assertThat(bound.getQuery()).isEqualTo("sig=2");
  }

  @Test
  void createDownloadUrl_postsWithoutBody() throws Exception {
    enqueue(200, "{\"url\":\"https://b.s3.amazonaws.com/k?sig=d\"}");
    URI u = data().createDownloadUrl(DataId.of(FILE_ID));
    RecordedRequest r = take();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(apiPath(r)).isEqualTo(P + "/data/" + FILE_ID + ":createDownloadUrl");
    assertThat(r.getBodySize()).isZero();
    assertThat(u.toString()).isEqualTo("https://b.s3.amazonaws.com/k?sig=d");
  }

  @Test
  void createDownloadUrls_byIds_andByPaths() throws Exception {
    String items = "{\"items\":[{\"dataId\":\"fil.a\",\"dataUrn\":\"urn:a\",\"dataPath\":\"/x/a.txt\","
        + "\"url\":\"https://b/a?sig=1\",\"more\":1}]}";
    enqueue(200, items);
    enqueue(200, items);
    ProjectDataClient data = data();
    List<DownloadUrl> byId = data.createDownloadUrls(List.of(DataId.of("fil.a"), DataId.of("fil.b")));
    List<DownloadUrl> byPath = data.createDownloadUrlsByPath(List.of("/x/a.txt"));
    RecordedRequest r1 = take();
    RecordedRequest r2 = take();
    assertThat(r1.getMethod()).isEqualTo("POST");
    assertThat(apiPath(r1)).isEqualTo(P + "/data:createDownloadUrls");
    assertJsonBody(r1, "{\"dataIds\":[\"fil.a\",\"fil.b\"]}");
    assertJsonBody(r2, "{\"dataPaths\":[\"/x/a.txt\"]}");
    assertThat(byId).singleElement().satisfies(u -> {
      assertThat(u.dataId().value()).isEqualTo("fil.a");
      assertThat(u.dataPath()).isEqualTo("/x/a.txt");
      assertThat(u.url()).isEqualTo(URI.create("https://b/a?sig=1"));
      assertThat(u.toString()).doesNotContain("sig=1");
    });
    assertThat(byPath).hasSize(1);
  }

  @Test
  void createDownloadUrls_splitsLargeRequestsIntoBatches() throws Exception {
    List<DataId> ids = java.util.stream.IntStream.range(0, 150).mapToObj(i -> DataId.of("fil." + i)).toList();
    enqueue(200, "{\"items\":[]}");
    enqueue(200, "{\"items\":[]}");
    data().createDownloadUrls(ids);
    assertThat(json(body(take())).get("dataIds")).hasSize(100);
    assertThat(json(body(take())).get("dataIds")).hasSize(50);
  }

  @Test
  void createTemporaryCredentials_awsReadOnly() throws Exception {
    enqueue(200, Fixtures.awsCredentials("SECRET3", "TOKEN3"));
    TemporaryCredentials c = data().createTemporaryCredentials(DataId.of(FOLDER_ID), CredentialsRequest.aws().readOnly());
    RecordedRequest r = take();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(apiPath(r)).isEqualTo(P + "/data/" + FOLDER_ID + ":createTemporaryCredentials");
    assertJsonBody(r, "{\"readOnlyCredentials\":true}");
    assertThat(c.aws().accessKey()).isEqualTo("ASIAEXAMPLE");
    assertThat(c.aws().region()).isEqualTo("us-east-1");
    assertThat(c.toString()).doesNotContain("SECRET3").doesNotContain("TOKEN3");
  }

  @Test
  void folderUploadSession_createGetComplete() throws Exception {
    enqueue(201, Fixtures.session("s-9", "OPEN", Fixtures.awsCredentials("S", "T")));
    enqueue(200, Fixtures.session("s-9", "CLOSED", null));
    enqueue(200, Fixtures.session("s-9", "BRAND_NEW_STATUS", null));
    ProjectDataClient data = data();
    FolderUploadSession created = data.createFolderUploadSession(DataId.of(FOLDER_ID), CredentialsRequest.rclone());
    FolderUploadSession got = data.getFolderUploadSession(DataId.of(FOLDER_ID), "s-9");
    FolderUploadSession done = data.completeFolderUploadSession(DataId.of(FOLDER_ID), "s-9", 3);

    RecordedRequest create = take();
    assertThat(create.getMethod()).isEqualTo("POST");
    assertThat(apiPath(create)).isEqualTo(P + "/data/" + FOLDER_ID + "/folderUploadSessions");
    assertJsonBody(create, "{\"credentialsFormat\":\"RCLONE\",\"readOnlyCredentials\":false}");
    RecordedRequest get = take();
    assertThat(get.getMethod()).isEqualTo("GET");
    assertThat(apiPath(get)).isEqualTo(P + "/data/" + FOLDER_ID + "/folderUploadSessions/s-9");
    RecordedRequest complete = take();
    assertThat(complete.getMethod()).isEqualTo("POST");
    assertThat(apiPath(complete)).isEqualTo(P + "/data/" + FOLDER_ID + "/folderUploadSessions/s-9:complete");
    assertJsonBody(complete, "{\"numberOfExpectedUploadedFiles\":3}");

    assertThat(created.credentials().aws()).isNotNull();
    assertThat(got.status()).isEqualTo(UploadSessionStatus.CLOSED);
    assertThat(got.credentials()).isNull();
    assertThat(done.status()).isEqualTo(UploadSessionStatus.UNKNOWN);
  }

  @Test
  void deleteArchiveUnarchive_postWithoutBody_andAccept204() throws Exception {
    enqueue(new mockwebserver3.MockResponse.Builder().code(204).build());
    enqueue(new mockwebserver3.MockResponse.Builder().code(204).build());
    enqueue(new mockwebserver3.MockResponse.Builder().code(204).build());
    ProjectDataClient data = data();
    data.delete(DataId.of(FILE_ID));
    data.archive(DataId.of(FOLDER_ID));
    data.unarchive(DataId.of(FOLDER_ID));
    for (String expected : List.of(FILE_ID + ":delete", FOLDER_ID + ":archive", FOLDER_ID + ":unarchive")) {
      RecordedRequest r = take();
      assertThat(r.getMethod()).isEqualTo("POST");
      assertThat(apiPath(r)).isEqualTo(P + "/data/" + expected);
      assertThat(r.getBodySize()).isZero();
      assertThat(r.getHeaders().get("Accept"))
          .as("the API version ICA checks on every call, and the problem+json the spec declares for these")
          .isEqualTo("application/vnd.illumina.v3+json, application/problem+json");
      assertThat(r.getHeaders().get("X-API-Key")).isEqualTo(API_KEY);
    }
  }

  @Test
  void bearerToken_isSentAsAuthorization_insteadOfApiKey() throws Exception {
    enqueue(200, "{\"items\":[]}");
    builder().accessToken("jwt-abc").build().listRegions();
    RecordedRequest r = take();
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer jwt-abc");
    assertThat(r.getHeaders().get("X-API-Key")).isNull();
  }
}
