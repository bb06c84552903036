package io.icasdk.transfer.internal.s3;

/**
 * An object's size and ETag (from HEAD).
 *
 * @param size the size in bytes
 * @param etag the ETag as S3 sent it
 */
public record ObjectInfo(long size, String etag) {}
