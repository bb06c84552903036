package io.icasdk.core;

import io.icasdk.core.model.DataId;
import io.icasdk.core.model.DataStatus;
import io.icasdk.core.model.DataType;
import java.util.List;

/**
 * Filters for listing project data ({@code GET /api/projects/{projectId}/data}). Unset filters are not
 * sent. Array filters are sent as repeated query parameters.
 *
 * <p>{@code data.list(r -> r.parentFolderPath("/runs/").type(DataType.FILE).pageSize(500))}
 *
 * <p>Immutable and thread-safe.
 */
public final class DataListRequest {
  private final List<String> filePaths;
  private final PathMatchMode filePathMatchMode;
  private final List<String> filenames;
  private final NameMatchMode filenameMatchMode;
  private final List<DataId> parentFolderIds;
  private final String parentFolderPath;
  private final DataType type;
  private final List<DataStatus> statuses;
  private final Integer pageSize;

  private DataListRequest(Builder b) {
    this.filePaths = List.copyOf(b.filePaths);
    this.filePathMatchMode = b.filePathMatchMode;
    this.filenames = List.copyOf(b.filenames);
    this.filenameMatchMode = b.filenameMatchMode;
    this.parentFolderIds = List.copyOf(b.parentFolderIds);
    this.parentFolderPath = b.parentFolderPath;
    this.type = b.type;
    this.statuses = List.copyOf(b.statuses);
    this.pageSize = b.pageSize;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Path filters ({@code filePath}). */
  public List<String> filePaths() {
    return filePaths;
  }

  /** Path match mode, or null for ICA's default (starts with). */
  public PathMatchMode filePathMatchMode() {
    return filePathMatchMode;
  }

  /** Name filters ({@code filename}). */
  public List<String> filenames() {
    return filenames;
  }

  /** Name match mode, or null for ICA's default. */
  public NameMatchMode filenameMatchMode() {
    return filenameMatchMode;
  }

  /** Parent folder ids (direct children only). */
  public List<DataId> parentFolderIds() {
    return parentFolderIds;
  }

  /** Parent folder path (direct children only), or null. */
  public String parentFolderPath() {
    return parentFolderPath;
  }

  /** Type filter, or null. */
  public DataType type() {
    return type;
  }

  /** Status filters. */
  public List<DataStatus> statuses() {
    return statuses;
  }

  /** Rows per page, or null for the client default (1000). */
  public Integer pageSize() {
    return pageSize;
  }

  @Override
  public String toString() {
    return "DataListRequest[filePaths=" + filePaths + ", filePathMatchMode=" + filePathMatchMode
        + ", filenames=" + filenames + ", filenameMatchMode=" + filenameMatchMode
        + ", parentFolderIds=" + parentFolderIds + ", parentFolderPath=" + parentFolderPath
        + ", type=" + type + ", statuses=" + statuses + ", pageSize=" + pageSize + "]";
  }

  /**
   * Builder of {@link DataListRequest}; not thread-safe. Setters without a {@code @throws} never throw.
   *
   * <p>{@code DataListRequest.builder().filePath("/runs/").filePathMatchMode(PathMatchMode.STARTS_WITH).build()}
   */
  public static final class Builder {
    private List<String> filePaths = List.of();
    private PathMatchMode filePathMatchMode;
    private List<String> filenames = List.of();
    private NameMatchMode filenameMatchMode;
    private List<DataId> parentFolderIds = List.of();
    private String parentFolderPath;
    private DataType type;
    private List<DataStatus> statuses = List.of();
    private Integer pageSize;

    private Builder() {}

    /**
     * Paths to match (see {@link #filePathMatchMode}); replaces earlier values.
     *
     * @throws NullPointerException if the array or a value is null
     */
    public Builder filePath(String... filePaths) {
      this.filePaths = Requests.noNulls(filePaths, "filePath");
      return this;
    }

    /** How paths match. */
    public Builder filePathMatchMode(PathMatchMode mode) {
      this.filePathMatchMode = mode;
      return this;
    }

    /**
     * Names to match (see {@link #filenameMatchMode}); replaces earlier values.
     *
     * @throws NullPointerException if the array or a value is null
     */
    public Builder filename(String... filenames) {
      this.filenames = Requests.noNulls(filenames, "filename");
      return this;
    }

    /** How names match. */
    public Builder filenameMatchMode(NameMatchMode mode) {
      this.filenameMatchMode = mode;
      return this;
    }

    /**
     * Direct children of these folders; replaces earlier values.
     *
     * @throws NullPointerException if the array or a value is null
     */
    public Builder parentFolderId(DataId... ids) {
      this.parentFolderIds = Requests.noNulls(ids, "parentFolderId");
      return this;
    }

    /**
     * Direct children of the folder at this path.
     *
     * @throws IllegalArgumentException if the path does not start and end with {@code /}
     */
    public Builder parentFolderPath(String path) {
      if (path != null) {
        Requests.checkFolderPath(path, "parentFolderPath");
      }
      this.parentFolderPath = path;
      return this;
    }

    /**
     * Only files or only folders; null clears the filter.
     *
     * @throws IllegalArgumentException for {@link DataType#UNKNOWN}
     */
    public Builder type(DataType type) {
      if (type == DataType.UNKNOWN) {
        throw new IllegalArgumentException("type UNKNOWN cannot be used as a filter");
      }
      this.type = type;
      return this;
    }

    /**
     * Only data in these statuses; replaces earlier values.
     *
     * @throws NullPointerException if the array or a value is null
     * @throws IllegalArgumentException for {@link DataStatus#UNKNOWN}
     */
    public Builder status(DataStatus... statuses) {
      List<DataStatus> list = Requests.noNulls(statuses, "status");
      if (list.contains(DataStatus.UNKNOWN)) {
        throw new IllegalArgumentException("status UNKNOWN cannot be used as a filter");
      }
      this.statuses = list;
      return this;
    }

    /**
     * Rows per page.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder pageSize(int pageSize) {
      Requests.checkPageSize(pageSize);
      this.pageSize = pageSize;
      return this;
    }

    /** Builds the request. */
    public DataListRequest build() {
      return new DataListRequest(this);
    }

  }
}
