package io.icasdk.core;

/**
 * Form of temporary credentials to request.
 *
 * <p>{@code CredentialsRequest r = CredentialsRequest.of(CredentialsFormat.RCLONE, true);}
 */
public enum CredentialsFormat {
  /** AWS access key, secret key and session token (ICA's default, cloud-specific form). */
  AWS,
  /** An rclone remote configuration. */
  RCLONE
}
