package io.icasdk.core;

/**
 * How {@code filename} filters match when listing data.
 *
 * <p>{@code data.list(r -> r.filename("x.txt").filenameMatchMode(NameMatchMode.EXACT))}
 */
public enum NameMatchMode {
  /** Name equal to the value. */
  EXACT,
  /** Names other than the value. */
  EXCLUDE,
  /** Fuzzy match. */
  FUZZY
}
