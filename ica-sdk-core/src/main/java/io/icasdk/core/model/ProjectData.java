package io.icasdk.core.model;

import java.time.Instant;

/**
 * A file or folder as seen from one project.
 *
 * <p>{@code ProjectData d = data.get(DataId.of("fil...")); System.out.println(d.path() + " " + d.fileSizeInBytes());}
 *
 * @param projectId the project this view belongs to
 * @param id file or folder id
 * @param urn data URN; may be null
 * @param name file or folder name
 * @param path full path: {@code "/a/b/x.txt"}; folders end with {@code "/"}
 * @param type file or folder
 * @param status lifecycle status
 * @param fileSizeInBytes size of a file; null for folders (and files whose size is unknown)
 * @param objectETag the storage object's ETag; may be null
 * @param formatCode format code such as {@code FASTQ}; may be null
 * @param owningProjectId the owning project (differs from projectId for linked data); may be null
 * @param timeCreated creation time; may be null
 * @param timeModified last modification time; may be null
 */
public record ProjectData(
    ProjectId projectId,
    DataId id,
    String urn,
    String name,
    String path,
    DataType type,
    DataStatus status,
    Long fileSizeInBytes,
    String objectETag,
    String formatCode,
    ProjectId owningProjectId,
    Instant timeCreated,
    Instant timeModified) {

  /** True for files (by type, or by id prefix when the type is unknown). */
  public boolean isFile() {
    return type == DataType.FILE || (type == DataType.UNKNOWN && id != null && id.isFile());
  }

  /** True for folders (by type, or by id prefix when the type is unknown). */
  public boolean isFolder() {
    return type == DataType.FOLDER || (type == DataType.UNKNOWN && id != null && id.isFolder());
  }
}
