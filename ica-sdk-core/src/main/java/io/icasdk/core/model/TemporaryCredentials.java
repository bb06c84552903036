package io.icasdk.core.model;

import java.time.Duration;
import java.time.Instant;

/**
 * Temporary storage credentials returned by ICA: AWS form or rclone form (one of them is set).
 *
 * <p>{@code TemporaryCredentials c = data.createTemporaryCredentials(folderId, CredentialsRequest.aws());
 * AwsCredentials aws = c.aws();}
 *
 * @param aws AWS-format credentials; null when the rclone form was returned
 * @param rclone rclone-format credentials; null when the AWS form was returned
 * @param issuedAt when this client received the credentials (local clock)
 */
public record TemporaryCredentials(AwsCredentials aws, RcloneCredentials rclone, Instant issuedAt) {

  /** ICA documents that temporary credentials expire 36 hours after they are issued. */
  public static final Duration DOCUMENTED_LIFETIME = Duration.ofHours(36);

  /**
   * When the credentials expire: the rclone {@code expirationTime} when present, else
   * {@code issuedAt + 36h} (the AWS form carries no expiry).
   */
  public Instant expiresAt() {
    if (rclone != null && rclone.expirationTime() != null) {
      return rclone.expirationTime();
    }
    return issuedAt.plus(DOCUMENTED_LIFETIME);
  }
}
