package io.icasdk.core.model;

/**
 * Status of a folder upload session.
 *
 * <p>{@code if (session.status() == UploadSessionStatus.COMPLETED) { ... }}
 */
public enum UploadSessionStatus {
  /** Accepting uploads. */
  OPEN,
  /** Closed; may still be reconciled by ICA. */
  CLOSED,
  /** Completed; all files accounted for. */
  COMPLETED,
  /** A value sent by the server that this SDK version does not know. */
  UNKNOWN
}
