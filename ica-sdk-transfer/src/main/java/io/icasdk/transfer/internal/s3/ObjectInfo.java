package io.icasdk.transfer.internal.s3;

/**
 * An object's size, ETag and S3 checksum (from HEAD).
 *
 * @param size     the size in bytes
 * @param etag     the ETag as S3 sent it
 * @param checksum the CRC S3 keeps for the object, or null when it keeps none that is cheap to check
 */
public record ObjectInfo(long size, String etag, ObjectChecksum checksum) {}
