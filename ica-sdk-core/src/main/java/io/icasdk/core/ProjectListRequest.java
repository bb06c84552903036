package io.icasdk.core;

import java.util.List;

/**
 * Filters for listing projects ({@code GET /api/projects}). Unset filters are not sent; list filters
 * are sent as repeated query parameters.
 *
 * <pre>{@code
 * client.listProjects(r -> r.search("demo").includeHidden(true));
 * client.listProjects(r -> r.regionId(region.id()).userTags("oncology").workgroupIds(workgroupId));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ProjectListRequest {
  private final String search;
  private final boolean includeHidden;
  private final String regionId;
  private final List<String> userTags;
  private final List<String> technicalTags;
  private final List<String> workgroupIds;
  private final Integer pageSize;

  private ProjectListRequest(Builder b) {
    this.search = b.search;
    this.includeHidden = b.includeHidden;
    this.regionId = b.regionId;
    this.userTags = b.userTags;
    this.technicalTags = b.technicalTags;
    this.workgroupIds = b.workgroupIds;
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

  /** Only projects in this region (a {@link io.icasdk.core.model.Region#id()}), or null. */
  public String regionId() {
    return regionId;
  }

  /** User tags to filter on ({@code userTags}); empty when unset. */
  public List<String> userTags() {
    return userTags;
  }

  /** Technical tags to filter on ({@code technicalTags}); empty when unset. */
  public List<String> technicalTags() {
    return technicalTags;
  }

  /** Workgroup ids to filter on ({@code workgroups}); empty when unset. */
  public List<String> workgroupIds() {
    return workgroupIds;
  }

  /** Rows per page, or null for the client default. */
  public Integer pageSize() {
    return pageSize;
  }

  @Override
  public String toString() {
    return "ProjectListRequest[search=" + search + ", includeHidden=" + includeHidden
        + ", regionId=" + regionId + ", userTags=" + userTags + ", technicalTags=" + technicalTags
        + ", workgroupIds=" + workgroupIds + ", pageSize=" + pageSize + "]";
  }

  /**
   * Builder of {@link ProjectListRequest}; not thread-safe. Setters without a {@code @throws} never
   * throw.
   *
   * <p>{@code ProjectListRequest.builder().search("demo").includeHidden(true).build()}
   */
  public static final class Builder {
    private String search;
    private boolean includeHidden;
    private String regionId;
    private List<String> userTags = List.of();
    private List<String> technicalTags = List.of();
    private List<String> workgroupIds = List.of();
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

    /** Only projects in the region with this id ({@code region}); null clears it. */
    public Builder regionId(String regionId) {
      this.regionId = regionId;
      return this;
    }

    /**
     * Only projects with these user tags ({@code userTags}); replaces earlier values.
     *
     * @throws NullPointerException if the array or a value is null
     */
    public Builder userTags(String... tags) {
      this.userTags = Requests.noNulls(tags, "userTags");
      return this;
    }

    /**
     * Only projects with these technical tags ({@code technicalTags}); replaces earlier values.
     *
     * @throws NullPointerException if the array or a value is null
     */
    public Builder technicalTags(String... tags) {
      this.technicalTags = Requests.noNulls(tags, "technicalTags");
      return this;
    }

    /**
     * Only projects of these workgroups, by id ({@code workgroups}); replaces earlier values.
     *
     * @throws NullPointerException if the array or a value is null
     */
    public Builder workgroupIds(String... ids) {
      this.workgroupIds = Requests.noNulls(ids, "workgroupIds");
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
