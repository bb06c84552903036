package io.icasdk.testkit;

/**
 * The kind of S3 request a fault applies to.
 *
 * <pre>{@code
 * emulator.faults().s3ResetConnections(1, S3Op.GET);
 * }</pre>
 */
public enum S3Op {
    /** Object downloads (GetObject, ranged or not). */
    GET,
    /** Object uploads (PutObject and UploadPart). */
    PUT,
    /** Any of the above. */
    ANY
}
