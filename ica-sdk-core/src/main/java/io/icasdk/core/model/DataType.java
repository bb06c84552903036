package io.icasdk.core.model;

/**
 * Kind of a data object. {@link #UNKNOWN} stands for any value this SDK version does not know.
 *
 * <p>{@code if (data.type() == DataType.FOLDER) { ... }}
 */
public enum DataType {
  /** A file. */
  FILE,
  /** A folder. */
  FOLDER,
  /** A value sent by the server that this SDK version does not know. */
  UNKNOWN
}
