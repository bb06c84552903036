package io.icasdk.transfer;

/**
 * End-to-end integrity checks.
 *
 * <p>Uploads send a checksum of the chosen algorithm with every part (and every single-request upload),
 * so S3 refuses corrupted bytes; with CRC32 or CRC32C, S3 then keeps one CRC of the whole object, whatever
 * the part size. Downloads are checked, whatever the mode but {@link #NONE}, against the CRC that S3 keeps
 * for the object (CRC32, CRC32C or CRC64NVME, of the whole object or of its parts; S3 gives every object
 * uploaded without a checksum a CRC64NVME), else against its ETag where that is computable (an MD5 or a
 * multipart ETag, not under SSE-KMS): a download that does not match is discarded and reported as failed.
 * With {@link #NONE} only sizes are compared.
 *
 * <p>{@code TransferManager.builder().icaClient(client).checksumMode(ChecksumMode.SHA256).build()}
 */
public enum ChecksumMode {
    /** No checksums beyond sizes (fastest; relies on TLS and TCP alone). */
    NONE,
    /** CRC32 per part. */
    CRC32,
    /** CRC32C per part (the default: hardware-accelerated, and what S3 recommends). */
    CRC32C,
    /** SHA-256 per part (slowest). */
    SHA256
}
