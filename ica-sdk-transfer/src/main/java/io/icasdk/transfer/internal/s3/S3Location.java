package io.icasdk.transfer.internal.s3;

import io.icasdk.transfer.internal.credentials.RefreshingCredentialsProvider;

/**
 * One object: its key, and the credentials (whose scope also names the bucket and encryption).
 *
 * @param credentials the scope's credentials
 * @param key         the object key
 */
public record S3Location(RefreshingCredentialsProvider credentials, String key) {
    /** The bucket (from the credentials). */
    public String bucket() {
        return credentials.current().bucket();
    }

    @Override
    public String toString() {
        return key;
    }
}
