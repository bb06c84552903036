package io.icasdk.core.model;

import java.util.Objects;

/**
 * Identifier of a file ({@code fil.<32 hex>}) or folder ({@code fol.<32 hex>}) in ICA.
 *
 * <p>{@code DataId id = DataId.of("fil.0123456789abcdef0123456789abcdef"); id.isFile(); // true}
 *
 * @param value the id as ICA prints it; never blank
 */
public record DataId(String value) {
  /**
   * @throws NullPointerException if value is null
   * @throws IllegalArgumentException if value is blank
   */
  public DataId {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("data id must not be blank");
    }
  }

  /**
   * Shorthand for {@code new DataId(value)}.
   *
   * @throws NullPointerException if value is null
   * @throws IllegalArgumentException if value is blank
   */
  public static DataId of(String value) {
    return new DataId(value);
  }

  /** True when the id has the file prefix {@code fil.}. */
  public boolean isFile() {
    return value.startsWith("fil.");
  }

  /** True when the id has the folder prefix {@code fol.}. */
  public boolean isFolder() {
    return value.startsWith("fol.");
  }

  @Override
  public String toString() {
    return value;
  }
}
