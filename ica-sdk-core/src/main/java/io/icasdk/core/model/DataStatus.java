package io.icasdk.core.model;

/**
 * Lifecycle status of a file or folder. A freshly created file is {@link #PARTIAL}; it becomes
 * {@link #AVAILABLE} asynchronously after its content lands in storage.
 *
 * <p>{@code boolean ready = data.status() == DataStatus.AVAILABLE;}
 */
public enum DataStatus {
  /** Record created, content not (yet) complete. */
  PARTIAL,
  /** Content complete and readable. */
  AVAILABLE,
  /** Archival in progress. */
  ARCHIVING,
  /** Archived. */
  ARCHIVED,
  /** Unarchival in progress. */
  UNARCHIVING,
  /** Deletion scheduled or in progress. */
  DELETING,
  /** A value sent by the server that this SDK version does not know. */
  UNKNOWN
}
