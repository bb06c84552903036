package io.icasdk.core;

import io.icasdk.core.model.DataId;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** Validation shared by the request types. */
final class Requests {
  private Requests() {}

  static void checkName(String name, String what) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("the " + what + " name is missing; set name(...)");
    }
    if (name.contains("/")) {
      throw new IllegalArgumentException(
          "the " + what + " name '" + name + "' contains '/'; put the folders in folderPath(...)");
    }
  }

  /**
   * Checks a create request's placement and returns its folder path: the given one, or the root
   * {@code "/"} when neither a folder path nor a folder id is given.
   */
  static String folderPathOrRoot(String folderPath, DataId folderId) {
    String path = folderPath == null && folderId == null ? "/" : folderPath;
    checkFolderPlacement(path, folderId);
    return path;
  }

  /** An immutable copy of varargs filter values; NPE naming the filter for a null array or value. */
  static <T> List<T> noNulls(T[] values, String what) {
    Objects.requireNonNull(values, what);
    for (T v : values) {
      Objects.requireNonNull(v, what + " value");
    }
    return List.copyOf(Arrays.asList(values));
  }

  static void checkPageSize(int pageSize) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be positive, was " + pageSize);
    }
  }

  private static void checkFolderPlacement(String folderPath, DataId folderId) {
    if (folderPath != null && folderId != null) {
      throw new IllegalArgumentException("give either folderPath or folderId, not both");
    }
    if (folderPath != null) {
      checkFolderPath(folderPath, "folderPath");
    }
  }

  static void checkFolderPath(String folderPath, String what) {
    if (!folderPath.startsWith("/") || !folderPath.endsWith("/")) {
      throw new IllegalArgumentException(
          what + " '" + folderPath + "' must start and end with '/', e.g. \"/runs/r1/\"");
    }
  }

  /** Splits "/a/b/x" into {"/a/b/", "x"}. */
  static String[] splitFilePath(String path) {
    if (path == null || !path.startsWith("/") || path.endsWith("/")) {
      throw new IllegalArgumentException(
          "path '" + path + "' must be absolute and name an item, e.g. \"/runs/r1/s1.fastq.gz\"");
    }
    int slash = path.lastIndexOf('/');
    return new String[] {path.substring(0, slash + 1), path.substring(slash + 1)};
  }
}
