package io.icasdk.core;

import java.util.Objects;

/**
 * What temporary credentials to ask for: the format and whether they are read-only.
 *
 * <p>{@code data.createTemporaryCredentials(fileId, CredentialsRequest.aws().readOnly())}
 *
 * <p>Immutable and thread-safe.
 */
public final class CredentialsRequest {
  private static final CredentialsRequest AWS = new CredentialsRequest(CredentialsFormat.AWS, false);
  private static final CredentialsRequest RCLONE =
      new CredentialsRequest(CredentialsFormat.RCLONE, false);

  private final CredentialsFormat format;
  private final boolean readOnly;

  private CredentialsRequest(CredentialsFormat format, boolean readOnly) {
    this.format = format;
    this.readOnly = readOnly;
  }

  /** Read-write credentials in AWS form. */
  public static CredentialsRequest aws() {
    return AWS;
  }

  /** Read-write credentials in rclone form. */
  public static CredentialsRequest rclone() {
    return RCLONE;
  }

  /**
   * A request with the given format and read-only flag.
   *
   * @throws NullPointerException if format is null
   */
  public static CredentialsRequest of(CredentialsFormat format, boolean readOnly) {
    return new CredentialsRequest(Objects.requireNonNull(format, "format"), readOnly);
  }

  /** The same request, but for read-only credentials (use for downloads). */
  public CredentialsRequest readOnly() {
    return new CredentialsRequest(format, true);
  }

  /** The requested format. */
  public CredentialsFormat format() {
    return format;
  }

  /** True when read-only credentials are requested. */
  public boolean isReadOnly() {
    return readOnly;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CredentialsRequest r && r.format == format && r.readOnly == readOnly;
  }

  @Override
  public int hashCode() {
    return format.hashCode() * 31 + Boolean.hashCode(readOnly);
  }

  @Override
  public String toString() {
    return "CredentialsRequest[format=" + format + ", readOnly=" + readOnly + "]";
  }
}
