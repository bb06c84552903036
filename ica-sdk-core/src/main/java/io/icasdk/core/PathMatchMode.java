package io.icasdk.core;

/**
 * How {@code filePath} filters match when listing data. ICA matches paths case-insensitively.
 *
 * <p>{@code data.list(r -> r.filePath("/runs/").filePathMatchMode(PathMatchMode.STARTS_WITH))}
 */
public enum PathMatchMode {
  /** Paths starting with the value (lists a folder recursively); wire {@code STARTS_WITH_CASE_INSENSITIVE}. */
  STARTS_WITH("STARTS_WITH_CASE_INSENSITIVE"),
  /** Whole path equal to the value (may return items differing only in case); wire {@code FULL_CASE_INSENSITIVE}. */
  FULL("FULL_CASE_INSENSITIVE");

  private final String wireValue;

  PathMatchMode(String wireValue) {
    this.wireValue = wireValue;
  }

  /** The value ICA expects in the {@code filePathMatchMode} query parameter. */
  public String wireValue() {
    return wireValue;
  }
}
