package io.icasdk.core;

import io.icasdk.core.model.DataId;

/**
 * What folder to create: a name, and where (a parent folder path, created when missing, or a parent
 * folder id). When neither is given the folder goes to the project root.
 *
 * <p>{@code data.createFolder(CreateFolderRequest.forPath("/runs/r1/"));}
 * <br>{@code data.createFolder(r -> r.name("r1").folderPath("/runs/"));}
 *
 * @param name folder name; not blank, no {@code /}
 * @param folderPath absolute parent folder path starting and ending with {@code /}; null when folderId is used
 * @param folderId parent folder id; null when folderPath is used
 */
public record CreateFolderRequest(String name, String folderPath, DataId folderId) {

  /**
   * @throws IllegalArgumentException if the name is blank or contains {@code /}, the folder path does
   *     not start and end with {@code /}, or both folder path and folder id are given
   */
  public CreateFolderRequest {
    Requests.checkName(name, "folder");
    folderPath = Requests.folderPathOrRoot(folderPath, folderId);
  }

  /**
   * A request for the folder at a full path such as {@code "/runs/r1/"} (trailing {@code /} optional).
   *
   * @throws IllegalArgumentException if the path is not absolute or is the root
   */
  public static CreateFolderRequest forPath(String path) {
    String p = path != null && path.endsWith("/") && path.length() > 1
        ? path.substring(0, path.length() - 1) : path;
    String[] split = Requests.splitFilePath(p);
    return new CreateFolderRequest(split[1], split[0], null);
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builder of {@link CreateFolderRequest}; not thread-safe. Setters never throw; {@link #build()}
   * validates.
   *
   * <p>{@code CreateFolderRequest.builder().name("r1").folderPath("/runs/").build()}
   */
  public static final class Builder {
    private String name;
    private String folderPath;
    private DataId folderId;

    private Builder() {}

    /** Folder name (required). */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Absolute parent folder path ending with {@code /}; created when missing. */
    public Builder folderPath(String folderPath) {
      this.folderPath = folderPath;
      return this;
    }

    /** Parent folder id (instead of a parent folder path). */
    public Builder folderId(DataId folderId) {
      this.folderId = folderId;
      return this;
    }

    /**
     * Builds the request.
     *
     * @throws IllegalArgumentException if the settings are invalid (see {@link CreateFolderRequest})
     */
    public CreateFolderRequest build() {
      return new CreateFolderRequest(name, folderPath, folderId);
    }
  }
}
