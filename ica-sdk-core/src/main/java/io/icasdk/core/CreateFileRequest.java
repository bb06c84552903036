package io.icasdk.core;

import io.icasdk.core.model.DataId;

/**
 * What file to create: a name, and where (a folder path, created when missing, or a folder id).
 * When neither folder path nor folder id is given the file goes to the project root {@code "/"}.
 *
 * <p>{@code data.createFile(CreateFileRequest.forPath("/runs/r1/s1.fastq.gz"));}
 * <br>{@code data.createFile(r -> r.name("s1.fastq.gz").folderPath("/runs/r1/").formatCode("FASTQ"));}
 *
 * @param name file name; not blank, no {@code /}
 * @param folderPath absolute folder path starting and ending with {@code /}; null when folderId is used
 * @param folderId parent folder id; null when folderPath is used
 * @param formatCode ICA format code such as {@code FASTQ}; null lets ICA detect it
 */
public record CreateFileRequest(String name, String folderPath, DataId folderId, String formatCode) {

  /**
   * @throws IllegalArgumentException if the name is blank or contains {@code /}, the folder path does
   *     not start and end with {@code /}, or both folder path and folder id are given
   */
  public CreateFileRequest {
    Requests.checkName(name, "file");
    folderPath = Requests.folderPathOrRoot(folderPath, folderId);
  }

  /**
   * A request for the file at a full path such as {@code "/runs/r1/s1.fastq.gz"}.
   *
   * @throws IllegalArgumentException if the path is not absolute or ends with {@code /}
   */
  public static CreateFileRequest forPath(String path) {
    String[] split = Requests.splitFilePath(path);
    return new CreateFileRequest(split[1], split[0], null, null);
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builder of {@link CreateFileRequest}; not thread-safe. Setters never throw; {@link #build()}
   * validates.
   *
   * <p>{@code CreateFileRequest.builder().name("s1.fastq.gz").folderPath("/runs/r1/").build()}
   */
  public static final class Builder {
    private String name;
    private String folderPath;
    private DataId folderId;
    private String formatCode;

    private Builder() {}

    /** File name (required). */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Absolute folder path ending with {@code /}; created when missing. */
    public Builder folderPath(String folderPath) {
      this.folderPath = folderPath;
      return this;
    }

    /** Parent folder id (instead of a folder path). */
    public Builder folderId(DataId folderId) {
      this.folderId = folderId;
      return this;
    }

    /** ICA format code; omit to let ICA detect it. */
    public Builder formatCode(String formatCode) {
      this.formatCode = formatCode;
      return this;
    }

    /**
     * Builds the request.
     *
     * @throws IllegalArgumentException if the settings are invalid (see {@link CreateFileRequest})
     */
    public CreateFileRequest build() {
      return new CreateFileRequest(name, folderPath, folderId, formatCode);
    }
  }
}
