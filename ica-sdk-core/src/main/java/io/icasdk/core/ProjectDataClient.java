package io.icasdk.core;

import io.icasdk.core.internal.Endpoints;
import io.icasdk.core.model.DataId;
import io.icasdk.core.model.DataType;
import io.icasdk.core.model.DataWithCredentials;
import io.icasdk.core.model.DownloadUrl;
import io.icasdk.core.model.FileWithUploadUrl;
import io.icasdk.core.model.FolderUploadSession;
import io.icasdk.core.model.FolderWithUploadSession;
import io.icasdk.core.model.ProjectData;
import io.icasdk.core.model.ProjectId;
import io.icasdk.core.model.TemporaryCredentials;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Files and folders of one project: list, look up, create, mint upload/download URLs and temporary
 * credentials, folder upload sessions, delete/archive/unarchive.
 *
 * <pre>{@code
 * ProjectDataClient data = ica.projectData(projectId);
 * ProjectData folder = data.createFolder(CreateFolderRequest.forPath("/runs/r1/"));
 * TemporaryCredentials creds = data.createTemporaryCredentials(folder.id(), CredentialsRequest.aws());
 * data.findByPath("/runs/r1/s1.fastq.gz").ifPresent(f -> System.out.println(f.fileSizeInBytes()));
 * }</pre>
 *
 * <p>Every method may throw the {@link IcaException} subtypes listed on {@link IcaClient};
 * {@link IcaNotFoundException} when the project or data does not exist. Creates carry a fresh
 * {@code Idempotency-Key} reused across their retries, so a retried create never makes a duplicate.
 *
 * <p>Thread-safe; cheap to create (a view bound to one project of an {@link IcaClient}).
 */
public final class ProjectDataClient {
  private final Endpoints api;
  private final ProjectId projectId;

  ProjectDataClient(Endpoints api, ProjectId projectId) {
    this.api = api;
    this.projectId = projectId;
  }

  /** The project this view is bound to. */
  public ProjectId projectId() {
    return projectId;
  }

  /**
   * Data matching the filters, fetched lazily page by page (default page size 1000).
   *
   * @throws IllegalArgumentException when the filters are invalid
   * @throws IcaException (while iterating) when a page cannot be fetched
   */
  public PagedIterable<ProjectData> list(Consumer<DataListRequest.Builder> request) {
    DataListRequest.Builder b = DataListRequest.builder();
    request.accept(b);
    return list(b.build());
  }

  /**
   * Data matching the filters, fetched lazily page by page.
   *
   * @throws IcaException (while iterating) when a page cannot be fetched
   */
  public PagedIterable<ProjectData> list(DataListRequest request) {
    return list(Objects.requireNonNull(request, "request"), d -> true);
  }

  /**
   * Direct children (files and folders) of the folder at {@code folderPath}, e.g. {@code "/a/b/"}
   * ({@code "/"} for the project root).
   *
   * @throws IllegalArgumentException if the path does not start and end with {@code /}
   * @throws IcaException (while iterating) when a page cannot be fetched
   */
  public PagedIterable<ProjectData> listFolder(String folderPath) {
    Requests.checkFolderPath(Objects.requireNonNull(folderPath, "folderPath"), "folderPath");
    return list(r -> r.parentFolderPath(folderPath));
  }

  /**
   * Everything below the folder at {@code folderPath} (not the folder itself), at any depth. ICA
   * matches the prefix case-insensitively; this method keeps only paths that start with
   * {@code folderPath} exactly.
   *
   * @throws IllegalArgumentException if the path does not start and end with {@code /}
   * @throws IcaException (while iterating) when a page cannot be fetched
   */
  public PagedIterable<ProjectData> listRecursive(String folderPath) {
    Requests.checkFolderPath(Objects.requireNonNull(folderPath, "folderPath"), "folderPath");
    DataListRequest r = DataListRequest.builder()
        .filePath(folderPath).filePathMatchMode(PathMatchMode.STARTS_WITH).build();
    return list(r, d -> d.path() != null && d.path().startsWith(folderPath) && !d.path().equals(folderPath));
  }

  /**
   * One file or folder by id.
   *
   * @throws IcaNotFoundException when it does not exist in this project
   */
  public ProjectData get(DataId id) {
    return api.getData(projectId, Objects.requireNonNull(id, "id"));
  }

  /**
   * The file ({@code "/a/b/x.txt"}) or folder ({@code "/a/b/"}) at exactly this path
   * (case-sensitive), or empty.
   *
   * @throws IllegalArgumentException if the path is not absolute, or is the root (which is not a
   *     data object in ICA)
   * @throws IcaException on failure
   */
  public Optional<ProjectData> findByPath(String path) {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/") || path.equals("/")) {
      throw new IllegalArgumentException("path '" + path
          + "' must be absolute and name a file or folder below the root, e.g. \"/a/b/x.txt\" or \"/a/b/\"");
    }
    boolean folder = path.endsWith("/");
    String[] split = Requests.splitFilePath(folder ? path.substring(0, path.length() - 1) : path);
    DataListRequest r = DataListRequest.builder()
        .parentFolderPath(split[0]).filename(split[1]).filenameMatchMode(NameMatchMode.EXACT)
        .type(folder ? DataType.FOLDER : DataType.FILE).build();
    return list(r, d -> path.equals(d.path())).stream().findFirst();
  }

  /**
   * Creates a file record (status PARTIAL); its folder path is created when missing.
   *
   * @throws IcaConflictException when it already exists or a concurrent update conflicts
   */
  public ProjectData createFile(CreateFileRequest request) {
    return api.createFile(projectId, Objects.requireNonNull(request, "request"));
  }

  /**
   * Creates a file record.
   *
   * @throws IllegalArgumentException when the request is invalid
   * @throws IcaConflictException when it already exists
   */
  public ProjectData createFile(Consumer<CreateFileRequest.Builder> request) {
    CreateFileRequest.Builder b = CreateFileRequest.builder();
    request.accept(b);
    return createFile(b.build());
  }

  /**
   * Creates a folder; its parent path is created when missing.
   *
   * @throws IcaConflictException when it already exists or a concurrent update conflicts
   */
  public ProjectData createFolder(CreateFolderRequest request) {
    return api.createFolder(projectId, Objects.requireNonNull(request, "request"));
  }

  /**
   * Creates a folder.
   *
   * @throws IllegalArgumentException when the request is invalid
   * @throws IcaConflictException when it already exists
   */
  public ProjectData createFolder(Consumer<CreateFolderRequest.Builder> request) {
    CreateFolderRequest.Builder b = CreateFolderRequest.builder();
    request.accept(b);
    return createFolder(b.build());
  }

  /**
   * Creates a file and a pre-signed URL to {@code PUT} its content to (single PUT, at most 5 GB).
   *
   * @param fileType expected content type to bind into the URL, or null
   * @param md5Hash expected MD5 to bind into the URL, or null
   * @throws IcaConflictException when the file already exists
   */
  public FileWithUploadUrl createFileWithUploadUrl(CreateFileRequest request, String fileType, String md5Hash) {
    return api.createFileWithUploadUrl(projectId, Objects.requireNonNull(request, "request"), fileType, md5Hash);
  }

  /**
   * Creates a file and a pre-signed upload URL.
   *
   * @throws IcaConflictException when the file already exists
   */
  public FileWithUploadUrl createFileWithUploadUrl(CreateFileRequest request) {
    return createFileWithUploadUrl(request, null, null);
  }

  /**
   * Creates a file and temporary credentials for its storage object (for multipart uploads).
   *
   * @throws IcaConflictException when the file already exists
   */
  public DataWithCredentials createFileWithTemporaryCredentials(CreateFileRequest request, CredentialsRequest credentials) {
    return api.createFileWithTemporaryCredentials(projectId, Objects.requireNonNull(request, "request"),
        Objects.requireNonNull(credentials, "credentials"));
  }

  /**
   * Creates a folder and temporary credentials for its storage prefix.
   *
   * @throws IcaConflictException when the folder already exists
   */
  public DataWithCredentials createFolderWithTemporaryCredentials(CreateFolderRequest request, CredentialsRequest credentials) {
    return api.createFolderWithTemporaryCredentials(projectId, Objects.requireNonNull(request, "request"),
        Objects.requireNonNull(credentials, "credentials"));
  }

  /**
   * Creates a folder with an open upload session (with credentials).
   *
   * @throws IcaConflictException when the folder already exists
   */
  public FolderWithUploadSession createFolderWithUploadSession(CreateFolderRequest request, CredentialsRequest credentials) {
    return api.createFolderWithUploadSession(projectId, Objects.requireNonNull(request, "request"),
        Objects.requireNonNull(credentials, "credentials"));
  }

  /**
   * A pre-signed URL to {@code PUT} the content of a new or PARTIAL file (owning project only).
   *
   * @throws IcaException e.g. 400 when the file is AVAILABLE already
   */
  public URI createUploadUrl(DataId fileId) {
    return createUploadUrl(fileId, null, null);
  }

  /**
   * A pre-signed upload URL bound to a content type and/or MD5 hash.
   *
   * @param fileType expected content type, or null
   * @param md5Hash expected MD5, or null
   * @throws IcaException e.g. 400 when the file is AVAILABLE already
   */
  public URI createUploadUrl(DataId fileId, String fileType, String md5Hash) {
    return api.createUploadUrl(projectId, Objects.requireNonNull(fileId, "fileId"), fileType, md5Hash);
  }

  /**
   * A pre-signed URL for a plain {@code GET} of a file's content (files only).
   *
   * @throws IcaNotFoundException when the file does not exist
   */
  public URI createDownloadUrl(DataId fileId) {
    return api.createDownloadUrl(projectId, Objects.requireNonNull(fileId, "fileId"));
  }

  /**
   * Pre-signed download URLs for many files (bulk call, batched). Ids ICA does not return a URL for
   * are missing from the result.
   *
   * @throws IllegalArgumentException when the list is empty
   */
  public List<DownloadUrl> createDownloadUrls(List<DataId> fileIds) {
    return api.createDownloadUrls(projectId, nonEmpty(fileIds, "fileIds").stream().map(DataId::value).toList(), null);
  }

  /**
   * Pre-signed download URLs for files given by path (bulk call, batched).
   *
   * @throws IllegalArgumentException when the list is empty
   */
  public List<DownloadUrl> createDownloadUrlsByPath(List<String> paths) {
    return api.createDownloadUrls(projectId, null, List.copyOf(nonEmpty(paths, "paths")));
  }

  /**
   * Temporary storage credentials for a file or folder (not the root). They expire after 36 hours.
   *
   * @throws IcaNotFoundException when the data does not exist
   */
  public TemporaryCredentials createTemporaryCredentials(DataId fileOrFolderId, CredentialsRequest request) {
    return api.createTemporaryCredentials(projectId, Objects.requireNonNull(fileOrFolderId, "fileOrFolderId"),
        Objects.requireNonNull(request, "request"));
  }

  /**
   * Opens an upload session on a folder.
   *
   * @throws IcaNotFoundException when the folder does not exist
   */
  public FolderUploadSession createFolderUploadSession(DataId folderId, CredentialsRequest request) {
    return api.createFolderUploadSession(projectId, Objects.requireNonNull(folderId, "folderId"),
        Objects.requireNonNull(request, "request"));
  }

  /**
   * The current state of an upload session.
   *
   * @throws IcaNotFoundException when the session does not exist
   */
  public FolderUploadSession getFolderUploadSession(DataId folderId, String sessionId) {
    return api.getFolderUploadSession(projectId, Objects.requireNonNull(folderId, "folderId"),
        Objects.requireNonNull(sessionId, "sessionId"));
  }

  /**
   * Completes an upload session, telling ICA how many files were uploaded.
   *
   * @throws IllegalArgumentException if expectedFiles is negative
   * @throws IcaNotFoundException when the session does not exist
   */
  public FolderUploadSession completeFolderUploadSession(DataId folderId, String sessionId, int expectedFiles) {
    if (expectedFiles < 0) {
      throw new IllegalArgumentException("expectedFiles must not be negative, was " + expectedFiles);
    }
    return api.completeFolderUploadSession(projectId, Objects.requireNonNull(folderId, "folderId"),
        Objects.requireNonNull(sessionId, "sessionId"), expectedFiles);
  }

  /**
   * Schedules deletion of a file, or of a folder and everything in it.
   *
   * @throws IcaNotFoundException when the data does not exist
   */
  public void delete(DataId id) {
    api.lifecycle(projectId, Objects.requireNonNull(id, "id"), "delete");
  }

  /**
   * Schedules archival (recursive for folders).
   *
   * @throws IcaNotFoundException when the data does not exist
   */
  public void archive(DataId id) {
    api.lifecycle(projectId, Objects.requireNonNull(id, "id"), "archive");
  }

  /**
   * Schedules unarchival (recursive for folders).
   *
   * @throws IcaNotFoundException when the data does not exist
   */
  public void unarchive(DataId id) {
    api.lifecycle(projectId, Objects.requireNonNull(id, "id"), "unarchive");
  }

  /** Lists with the client's default page size; {@code keep} refines ICA's answer client-side. */
  private PagedIterable<ProjectData> list(DataListRequest request, Predicate<ProjectData> keep) {
    return api.listData(projectId, request, IcaClient.DEFAULT_PAGE_SIZE, keep);
  }

  private static <T> List<T> nonEmpty(List<T> list, String name) {
    if (Objects.requireNonNull(list, name).isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    return list;
  }

  @Override
  public String toString() {
    return "ProjectDataClient[projectId=" + projectId + "]";
  }
}
