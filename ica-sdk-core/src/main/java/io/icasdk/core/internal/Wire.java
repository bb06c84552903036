package io.icasdk.core.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;
import java.util.Map;

/**
 * Wire DTOs mirroring the parts of ICA's OpenAPI schemas we use. Enum-like fields stay strings so an
 * unknown server value never breaks parsing; {@link Mapper} turns them into public models.
 */
final class Wire {
  private Wire() {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Problem(String type, String title, Integer status, String detail, String id) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record PagedList<T>(List<T> items, String nextPageToken) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record ItemList<T>(List<T> items) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Country(String code, String name) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Region(String id, String code, String cityName, Country country) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Project(
      String id, String urn, String name, Boolean active, Region region, String timeCreated,
      String timeModified) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Format(String code) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record DataDetails(
      String name, String path, String dataType, String status, Long fileSizeInBytes,
      String objectETag, Format format, String owningProjectId, String timeCreated,
      String timeModified) {}

  /** Read by {@link DataDeserializer} (a listing page holds thousands). */
  @JsonDeserialize(using = DataDeserializer.class)
  record Data(String id, String urn, DataDetails details) {}

  /** Read by {@link DataDeserializer.OfProjectData}. */
  @JsonDeserialize(using = DataDeserializer.OfProjectData.class)
  record ProjectData(String projectId, Data data) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record AwsTempCredentials(
      String accessKey, String secretKey, String sessionToken, String region, String bucket,
      String objectPrefix, String serverSideEncryptionAlgorithm, String serverSideEncryptionKey) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record RcloneTempCredentials(
      Map<String, String> config, String filePathPrefix, String storageType, String expirationTime,
      String uploadSessionId) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record TempCredentials(
      AwsTempCredentials awsTempCredentials, RcloneTempCredentials rcloneTempCredentials) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record FolderUploadSession(
      String id, String status, String timeCreated, String timeSessionExpires,
      String timeCompleted, String timeClosed, TempCredentials tempCredentials) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record ProjectFileAndUploadUrl(String projectId, Data data, String uploadUrl) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record ProjectDataAndTemporaryCredentials(
      String projectId, Data data, TempCredentials tempCredentials) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record ProjectFolderAndUploadSession(
      String projectId, Data data, FolderUploadSession uploadSession) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Url(String url) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record DataUrlWithPath(String dataId, String dataUrn, String dataPath, String url) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Token(String token) {}

  // ---- request bodies (nulls are omitted when serialised) ----

  record CreateTemporaryCredentials(String credentialsFormat, Boolean readOnlyCredentials) {}

  record CreateFileData(
      String name, String folderId, String folderPath, String formatCode, String fileType,
      String hash, CreateTemporaryCredentials temporaryCredentials) {}

  record CreateFolder(
      String name, String folderId, String folderPath,
      CreateTemporaryCredentials temporaryCredentials) {}

  record DataIdOrPathList(List<String> dataIds, List<String> dataPaths) {}

  record CompleteFolderUploadSession(int numberOfExpectedUploadedFiles) {}
}
