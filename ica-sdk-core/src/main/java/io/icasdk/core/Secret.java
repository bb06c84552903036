package io.icasdk.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * A secret string (API key, token, secret key). {@code toString()} is masked, so a secret never
 * leaks through logging or string concatenation; call {@link #reveal()} only where the value is sent.
 *
 * <p>{@code Secret key = Secret.of(System.getenv("ICAV2_X_API_KEY")); String raw = key.reveal();}
 *
 * <p>Immutable and thread-safe.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /**
   * Wraps a secret value.
   *
   * @throws NullPointerException if value is null
   */
  public static Secret of(String value) {
    return new Secret(Objects.requireNonNull(value, "value"));
  }

  /** The secret value itself. */
  public String reveal() {
    return value;
  }

  /** True when the value is empty or blank. */
  public boolean isBlank() {
    return value.isBlank();
  }

  /** Constant-time comparison of the values. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), s.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new byte[] {(byte) value.length()});
  }

  /** Always {@code "****"}. */
  @Override
  public String toString() {
    return "****";
  }
}
