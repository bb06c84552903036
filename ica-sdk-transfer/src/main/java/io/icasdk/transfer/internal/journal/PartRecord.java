package io.icasdk.transfer.internal.journal;

/**
 * One finished piece of a file: an uploaded multipart part or a downloaded byte range.
 *
 * @param number   part number (1-based) for uploads, range index (0-based) for downloads
 * @param length   bytes in the piece
 * @param etag     the part's ETag as S3 returned it (uploads), or null
 * @param checksum the part's checksum (uploads: base64 of the chosen algorithm; downloads: hex MD5), or null
 */
public record PartRecord(int number, long length, String etag, String checksum) {}
