package io.icasdk.core.model;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Temporary credentials in rclone remote-config form. {@code toString()} masks secret values
 * (keys containing {@code secret}, {@code token}, {@code password} or {@code key} other than
 * {@code access_key_id}).
 *
 * <p>{@code String prefix = creds.rclone().filePathPrefix(); String type = creds.rclone().config().get("type");}
 *
 * @param config rclone remote configuration (immutable copy); holds secrets in plain text
 * @param filePathPrefix {@code <bucket>/<key prefix>}
 * @param storageType storage type, e.g. {@code s3}
 * @param expirationTime when the credentials expire; may be null
 * @param uploadSessionId folder upload session id to complete afterwards; may be null
 */
public record RcloneCredentials(
    Map<String, String> config,
    String filePathPrefix,
    String storageType,
    Instant expirationTime,
    String uploadSessionId) {

  /** Copies config into an immutable map. */
  public RcloneCredentials {
    config = config == null ? Map.of() : Map.copyOf(config);
  }

  @Override
  public String toString() {
    Map<String, String> masked = new TreeMap<>();
    config.forEach((k, v) -> masked.put(k, isSecretKey(k) ? "****" : v));
    return "RcloneCredentials[config=" + masked + ", filePathPrefix=" + filePathPrefix
        + ", storageType=" + storageType + ", expirationTime=" + expirationTime
        + ", uploadSessionId=" + uploadSessionId + "]";
  }

  private static boolean isSecretKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    if (k.equals("access_key_id")) {
      return false;
    }
    return k.contains("secret") || k.contains("token") || k.contains("password") || k.contains("key");
  }
}
