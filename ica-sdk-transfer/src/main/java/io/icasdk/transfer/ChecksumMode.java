package io.icasdk.transfer;

/**
 * End-to-end integrity checks.
 *
 * <p>Uploads send a checksum of the chosen algorithm with every part (and every single-request upload),
 * so S3 refuses corrupted bytes. Downloads are checked against the object's ETag where that is
 * computable (an MD5 or a multipart ETag); with {@link #NONE} only sizes are compared.
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
