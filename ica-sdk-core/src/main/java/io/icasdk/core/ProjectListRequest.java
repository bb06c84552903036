package io.icasdk.core;

/**
 * Filters for listing projects ({@code GET /api/projects}).
 *
 * <p>{@code client.listProjects(r -> r.search("demo").includeHidden(true))}
 *
 * <p>Immutable and thread-safe.
 */
public final class ProjectListRequest {
  private final String search;
  private final boolean includeHidden;
  private final Integer pageSize;

  private ProjectListRequest(Builder b) {
    this.search = b.search;
    this.includeHidden = b.includeHidden;
    this.pageSize = b.pageSize;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Search text, or null. */
  public String search() {
    return search;
  }

  /** True to include hidden (inactive) projects. */
  public boolean includeHidden() {
    return includeHidden;
  }

  /** Rows per page, or null for the client default. */
  public Integer pageSize() {
    return pageSize;
  }

  @Override
  public String toString() {
    return "ProjectListRequest[search=" + search + ", includeHidden=" + includeHidden
        + ", pageSize=" + pageSize + "]";
  }

  /** Builder of {@link ProjectListRequest}; not thread-safe. */
  public static final class Builder {
    private String search;
    private boolean includeHidden;
    private Integer pageSize;

    private Builder() {}

    /** Search text. */
    public Builder search(String search) {
      this.search = search;
      return this;
    }

    /** Include hidden projects (default false). */
    public Builder includeHidden(boolean includeHidden) {
      this.includeHidden = includeHidden;
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
    public ProjectListRequest build() {
      return new ProjectListRequest(this);
    }
  }
}
