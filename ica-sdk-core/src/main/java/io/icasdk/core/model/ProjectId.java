package io.icasdk.core.model;

import java.util.Objects;

/**
 * Identifier of an ICA project (a UUID string).
 *
 * <p>{@code ProjectId id = new ProjectId("11111111-2222-3333-4444-555555555555");}
 *
 * @param value the id as ICA prints it; never blank
 */
public record ProjectId(String value) {
  /**
   * @throws NullPointerException if value is null
   * @throws IllegalArgumentException if value is blank
   */
  public ProjectId {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("project id must not be blank");
    }
  }

  /**
   * Shorthand for {@code new ProjectId(value)}.
   *
   * @throws NullPointerException if value is null
   * @throws IllegalArgumentException if value is blank
   */
  public static ProjectId of(String value) {
    return new ProjectId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
