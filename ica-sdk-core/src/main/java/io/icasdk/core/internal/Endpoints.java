package io.icasdk.core.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.icasdk.core.CreateFileRequest;
import io.icasdk.core.CreateFolderRequest;
import io.icasdk.core.CredentialsRequest;
import io.icasdk.core.DataListRequest;
import io.icasdk.core.IcaException;
import io.icasdk.core.PagedIterable;
import io.icasdk.core.ProjectListRequest;
import io.icasdk.core.model.DataId;
import io.icasdk.core.model.DataStatus;
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
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The ICA endpoints: request shapes per the OpenAPI spec, responses mapped to public models. Every
 * method throws what {@link IcaHttp#execute} throws. Thread-safe.
 */
public final class Endpoints {
  private static final TypeFactory TF = Json.MAPPER.getTypeFactory();
  private static final JavaType PROJECT_PAGE =
      TF.constructParametricType(Wire.PagedList.class, Wire.Project.class);
  private static final JavaType DATA_PAGE =
      TF.constructParametricType(Wire.PagedList.class, Wire.ProjectData.class);
  private static final JavaType REGION_LIST =
      TF.constructParametricType(Wire.ItemList.class, Wire.Region.class);
  private static final JavaType URL_LIST =
      TF.constructParametricType(Wire.ItemList.class, Wire.DataUrlWithPath.class);
  /** Ids or paths per bulk download-URL call (production clients use 50; ICA's limit is undocumented). */
  static final int DOWNLOAD_URL_BATCH = 100;

  private final IcaHttp http;

  /** @param http the pipeline */
  public Endpoints(IcaHttp http) {
    this.http = http;
  }

  // ---------------------------------------------------------------- projects, regions

  /** GET /api/projects with filters, cursor paged. */
  public PagedIterable<Project> listProjects(ProjectListRequest r, int defaultPageSize) {
    List<Map.Entry<String, String>> query = new ArrayList<>();
    if (r.search() != null && !r.search().isBlank()) {
      query.add(Map.entry("search", r.search()));
    }
    r.userTags().forEach(t -> query.add(Map.entry("userTags", t)));
    r.technicalTags().forEach(t -> query.add(Map.entry("technicalTags", t)));
    if (r.includeHidden()) {
      query.add(Map.entry("includeHiddenProjects", "true"));
    }
    if (r.regionId() != null) {
      query.add(Map.entry("region", r.regionId()));
    }
    r.workgroupIds().forEach(w -> query.add(Map.entry("workgroups", w)));
    int pageSize = r.pageSize() == null ? defaultPageSize : r.pageSize();
    Call base = Call.get("/api/projects").withQuery(query);
    return new Paged<>(token -> {
      Wire.PagedList<Wire.Project> page = http.send(paging(base, pageSize, token), PROJECT_PAGE);
      return new Paged.Page<>(
          items(page).stream().map(Mapper::project).toList(), page.nextPageToken());
    });
  }

  /** GET /api/projects/{projectId}. */
  public Project getProject(ProjectId id) {
    return Mapper.project(http.send(Call.get("/api/projects/" + seg(id.value())), Wire.Project.class));
  }

  /** GET /api/regions. */
  public List<Region> listRegions() {
    Wire.ItemList<Wire.Region> list = http.send(Call.get("/api/regions"), REGION_LIST);
    return list == null || list.items() == null ? List.of()
        : list.items().stream().map(Mapper::region).toList();
  }

  // ---------------------------------------------------------------- project data

  /** GET /api/projects/{projectId}/data with filters, cursor paged; filter refines client-side. */
  public PagedIterable<ProjectData> listData(
      ProjectId projectId, DataListRequest r, int defaultPageSize, Predicate<ProjectData> filter) {
    List<Map.Entry<String, String>> q = new ArrayList<>();
    r.filePaths().forEach(p -> q.add(Map.entry("filePath", p)));
    if (r.filePathMatchMode() != null) {
      q.add(Map.entry("filePathMatchMode", r.filePathMatchMode().wireValue()));
    }
    r.filenames().forEach(n -> q.add(Map.entry("filename", n)));
    if (r.filenameMatchMode() != null) {
      q.add(Map.entry("filenameMatchMode", r.filenameMatchMode().name()));
    }
    r.parentFolderIds().forEach(id -> q.add(Map.entry("parentFolderId", id.value())));
    if (r.parentFolderPath() != null) {
      q.add(Map.entry("parentFolderPath", r.parentFolderPath()));
    }
    if (r.type() != null) {
      q.add(Map.entry("type", r.type().name()));
    }
    for (DataStatus s : r.statuses()) {
      q.add(Map.entry("status", s.name()));
    }
    int pageSize = r.pageSize() == null ? defaultPageSize : r.pageSize();
    Call base = Call.get(projectPath(projectId) + "/data").withQuery(q);
    return new Paged<>(token -> {
      Wire.PagedList<Wire.ProjectData> page = http.send(paging(base, pageSize, token), DATA_PAGE);
      return new Paged.Page<>(
          items(page).stream().map(pd -> Mapper.projectData(pd, projectId)).toList(),
          page.nextPageToken());
    }, filter);
  }

  /** GET /api/projects/{projectId}/data/{dataId}. */
  public ProjectData getData(ProjectId projectId, DataId id) {
    return Mapper.projectData(
        http.send(Call.get(dataPath(projectId, id)), Wire.ProjectData.class), projectId);
  }

  /** POST .../data:createFile (with Idempotency-Key). */
  public ProjectData createFile(ProjectId projectId, CreateFileRequest r) {
    return create(projectId, "createFile", fileBody(r, null, null, null));
  }

  /** POST .../data:createFolder (with Idempotency-Key). */
  public ProjectData createFolder(ProjectId projectId, CreateFolderRequest r) {
    return create(projectId, "createFolder", folderBody(r, null));
  }

  /** POST .../data:createFileWithUploadUrl (with Idempotency-Key). */
  public FileWithUploadUrl createFileWithUploadUrl(
      ProjectId projectId, CreateFileRequest r, String fileType, String md5Hash) {
    Wire.ProjectFileAndUploadUrl res = http.send(
        createCall(projectId, "createFileWithUploadUrl", fileBody(r, fileType, md5Hash, null)),
        Wire.ProjectFileAndUploadUrl.class);
    return new FileWithUploadUrl(
        Mapper.data(res.projectId(), res.data(), projectId), Mapper.uri(res.uploadUrl()));
  }

  /** POST .../data:createFileWithTemporaryCredentials (with Idempotency-Key). */
  public DataWithCredentials createFileWithTemporaryCredentials(
      ProjectId projectId, CreateFileRequest r, CredentialsRequest c) {
    return withCredentials(projectId, createCall(projectId, "createFileWithTemporaryCredentials",
        fileBody(r, null, null, Mapper.credentialsBody(c))));
  }

  /** POST .../data:createFolderWithTemporaryCredentials (with Idempotency-Key). */
  public DataWithCredentials createFolderWithTemporaryCredentials(
      ProjectId projectId, CreateFolderRequest r, CredentialsRequest c) {
    return withCredentials(projectId, createCall(projectId, "createFolderWithTemporaryCredentials",
        folderBody(r, Mapper.credentialsBody(c))));
  }

  /** POST .../data:createFolderWithUploadSession (with Idempotency-Key). */
  public FolderWithUploadSession createFolderWithUploadSession(
      ProjectId projectId, CreateFolderRequest r, CredentialsRequest c) {
    Wire.ProjectFolderAndUploadSession res = http.send(
        createCall(projectId, "createFolderWithUploadSession", folderBody(r, Mapper.credentialsBody(c))),
        Wire.ProjectFolderAndUploadSession.class);
    return new FolderWithUploadSession(Mapper.data(res.projectId(), res.data(), projectId),
        Mapper.session(res.uploadSession(), now()));
  }

  /** POST .../data/{dataId}:createUploadUrl with optional fileType and hash (mints a URL; retry-safe). */
  public URI createUploadUrl(ProjectId projectId, DataId id, String fileType, String md5Hash) {
    List<Map.Entry<String, String>> q = new ArrayList<>();
    if (fileType != null) {
      q.add(Map.entry("fileType", fileType));
    }
    if (md5Hash != null) {
      q.add(Map.entry("hash", md5Hash));
    }
    Call call = Call.post(dataPath(projectId, id) + ":createUploadUrl", null).safe().withQuery(q);
    return Mapper.uri(http.send(call, Wire.Url.class).url());
  }

  /** POST .../data/{dataId}:createDownloadUrl (mints a URL; retry-safe). */
  public URI createDownloadUrl(ProjectId projectId, DataId id) {
    Call call = Call.post(dataPath(projectId, id) + ":createDownloadUrl", null).safe();
    return Mapper.uri(http.send(call, Wire.Url.class).url());
  }

  /** POST .../data:createDownloadUrls in batches (mints URLs; retry-safe). */
  public List<DownloadUrl> createDownloadUrls(ProjectId projectId, List<String> ids, List<String> paths) {
    List<String> all = ids != null ? ids : paths;
    List<DownloadUrl> out = new ArrayList<>(all.size());
    for (int i = 0; i < all.size(); i += DOWNLOAD_URL_BATCH) {
      List<String> chunk = List.copyOf(all.subList(i, Math.min(all.size(), i + DOWNLOAD_URL_BATCH)));
      Wire.DataIdOrPathList body = ids != null
          ? new Wire.DataIdOrPathList(chunk, null) : new Wire.DataIdOrPathList(null, chunk);
      Call call = Call.post(projectPath(projectId) + "/data:createDownloadUrls", body).safe();
      Wire.ItemList<Wire.DataUrlWithPath> res = http.send(call, URL_LIST);
      if (res != null && res.items() != null) {
        res.items().forEach(u -> out.add(Mapper.downloadUrl(u)));
      }
    }
    return out;
  }

  /** POST .../data/{dataId}:createTemporaryCredentials (mints credentials; retry-safe). */
  public TemporaryCredentials createTemporaryCredentials(ProjectId projectId, DataId id, CredentialsRequest c) {
    Call call = Call.post(dataPath(projectId, id) + ":createTemporaryCredentials",
        Mapper.credentialsBody(c)).safe();
    return Mapper.credentials(http.send(call, Wire.TempCredentials.class), now());
  }

  /** POST .../data/{dataId}/folderUploadSessions (creates a session; not retried on 503/IO). */
  public FolderUploadSession createFolderUploadSession(ProjectId projectId, DataId folderId, CredentialsRequest c) {
    return session(Call.post(dataPath(projectId, folderId) + "/folderUploadSessions", Mapper.credentialsBody(c)));
  }

  /** GET .../data/{dataId}/folderUploadSessions/{sessionId}. */
  public FolderUploadSession getFolderUploadSession(ProjectId projectId, DataId folderId, String sessionId) {
    return session(Call.get(sessionPath(projectId, folderId, sessionId)));
  }

  /** POST .../folderUploadSessions/{sessionId}:complete. */
  public FolderUploadSession completeFolderUploadSession(
      ProjectId projectId, DataId folderId, String sessionId, int expectedFiles) {
    return session(Call.post(sessionPath(projectId, folderId, sessionId) + ":complete",
        new Wire.CompleteFolderUploadSession(expectedFiles)));
  }

  /** POST .../data/{dataId}:delete|:archive|:unarchive (204). */
  public void lifecycle(ProjectId projectId, DataId id, String action) {
    // ICA's spec declares only problem+json for these 204 calls, but ICA checks every call's Accept for its
    // API version (a problem+json alone gets 400 ICA_API_004 "Invalid Accept Header"): both, then.
    http.send(Call.post(dataPath(projectId, id) + ":" + action, null)
        .withAccept(IcaHttp.V3 + ", " + IcaHttp.PROBLEM), Void.class);
  }

  // ---------------------------------------------------------------- helpers

  private DataWithCredentials withCredentials(ProjectId projectId, Call call) {
    Wire.ProjectDataAndTemporaryCredentials res =
        http.send(call, Wire.ProjectDataAndTemporaryCredentials.class);
    return new DataWithCredentials(Mapper.data(res.projectId(), res.data(), projectId),
        Mapper.credentials(res.tempCredentials(), now()));
  }

  /** A data:create* call with its Idempotency-Key, answered by a ProjectData. */
  private ProjectData create(ProjectId projectId, String operation, Object body) {
    return Mapper.projectData(http.send(createCall(projectId, operation, body), Wire.ProjectData.class), projectId);
  }

  private static Call createCall(ProjectId projectId, String operation, Object body) {
    return Call.create(projectPath(projectId) + "/data:" + operation, body);
  }

  /** The CreateFileData family of bodies (plain, with upload URL hints, with credentials). */
  private static Wire.CreateFileData fileBody(
      CreateFileRequest r, String fileType, String md5Hash, Wire.CreateTemporaryCredentials credentials) {
    return new Wire.CreateFileData(r.name(), idOf(r.folderId()), r.folderPath(), r.formatCode(),
        fileType, md5Hash, credentials);
  }

  /** The CreateFolder family of bodies (plain, with credentials). */
  private static Wire.CreateFolder folderBody(CreateFolderRequest r, Wire.CreateTemporaryCredentials credentials) {
    return new Wire.CreateFolder(r.name(), idOf(r.folderId()), r.folderPath(), credentials);
  }

  private FolderUploadSession session(Call call) {
    return Mapper.session(http.send(call, Wire.FolderUploadSession.class), now());
  }

  private Instant now() {
    return http.settings().clock().instant();
  }

  private static <T> List<T> items(Wire.PagedList<T> page) {
    if (page == null) {
      throw new IcaException("ICA returned an empty page; try again later");
    }
    return page.items() == null ? List.of() : page.items();
  }

  static Call paging(Call base, int pageSize, String token) {
    List<Map.Entry<String, String>> q = new ArrayList<>();
    q.add(Map.entry("pageSize", Integer.toString(pageSize)));
    if (token != null) {
      q.add(Map.entry("pageToken", token));
    }
    return base.withQuery(q);
  }

  private static String projectPath(ProjectId projectId) {
    return "/api/projects/" + seg(projectId.value());
  }

  private static String dataPath(ProjectId projectId, DataId id) {
    return projectPath(projectId) + "/data/" + seg(id.value());
  }

  private static String sessionPath(ProjectId projectId, DataId folderId, String sessionId) {
    return dataPath(projectId, folderId) + "/folderUploadSessions/" + seg(sessionId);
  }

  private static String seg(String s) {
    return UrlEncoding.pathSegment(s);
  }

  private static String idOf(DataId id) {
    return id == null ? null : id.value();
  }
}
