package io.icasdk.transfer.internal.s3;

/**
 * What one GET delivered.
 *
 * @param etag          the object's ETag as S3 sent it
 * @param objectSize    the object's full size (from Content-Range, or Content-Length without a range)
 * @param bytes         bytes written
 * @param md5Hex        MD5 of the bytes written, or null when not computed
 */
public record RangeResult(String etag, long objectSize, long bytes, String md5Hex) {}
