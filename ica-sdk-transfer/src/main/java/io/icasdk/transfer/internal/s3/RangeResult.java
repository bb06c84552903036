package io.icasdk.transfer.internal.s3;

/**
 * What one GET delivered.
 *
 * @param etag       the object's ETag as S3 sent it
 * @param objectSize the object's full size (from Content-Range, or Content-Length without a range)
 * @param bytes      bytes written
 * @param digestKind what {@code digest} is (MD5, CRC32, CRC32C, CRC64NVME), or NONE
 * @param digest     the digest of the bytes written (MD5 in hex, CRCs in base64), or null when not computed
 * @param checksum   the CRC S3 keeps for the object, when the response named one
 */
public record RangeResult(String etag, long objectSize, long bytes, Digest digestKind, String digest,
                          ObjectChecksum checksum) {}
