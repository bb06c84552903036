package io.icasdk.transfer.internal.credentials;

import io.icasdk.core.Secret;
import java.time.Instant;
import java.util.Objects;

/**
 * One set of temporary S3 credentials issued by ICA, with where they may be used. Secrets stay in
 * {@link Secret}s, so {@code toString()} never shows them.
 *
 * @param accessKeyId   the S3 access key id (not secret)
 * @param secretKey     the S3 secret key
 * @param sessionToken  the session token
 * @param region        the bucket's region
 * @param bucket        the bucket
 * @param objectPrefix  the key prefix the credentials grant (a folder's ends with {@code /}; a file's is the full key)
 * @param sseAlgorithm  value for {@code x-amz-server-side-encryption}, or null
 * @param sseKmsKeyId   KMS key for {@code aws:kms}, or null
 * @param issuedAt      when they were received (local clock)
 * @param expiresAt     when ICA says they expire, or null when it did not say (AWS format)
 */
public record IssuedCredentials(String accessKeyId, Secret secretKey, Secret sessionToken, String region,
                                String bucket, String objectPrefix, String sseAlgorithm, String sseKmsKeyId,
                                Instant issuedAt, Instant expiresAt) {
    public IssuedCredentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretKey, "secretKey");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(objectPrefix, "objectPrefix");
        Objects.requireNonNull(issuedAt, "issuedAt");
    }

    /** Whether the prefix names a folder (keys are prefix + relative path) rather than one object. */
    public boolean isFolderPrefix() {
        return objectPrefix.isEmpty() || objectPrefix.endsWith("/");
    }

    /** The object key of a path relative to the credential's scope ({@code ""} for a file scope). */
    public String keyFor(String relativePath) {
        if (!isFolderPrefix()) {
            return objectPrefix;
        }
        return objectPrefix + relativePath;
    }

    /** Whether objects are encrypted with a KMS key (their ETags are then not MD5s). */
    public boolean usesKms() {
        return sseAlgorithm != null && sseAlgorithm.toLowerCase(java.util.Locale.ROOT).contains("kms");
    }
}
