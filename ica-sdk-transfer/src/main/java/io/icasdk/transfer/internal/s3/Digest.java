package io.icasdk.transfer.internal.s3;

/** What a GET hashes of the bytes it received, to check them against the object's ETag or S3 checksum. */
public enum Digest {
    /** Nothing. */
    NONE,
    /** MD5 (lower-case hex): an ETag is made of MD5s. About 1.5 s of CPU per GiB. */
    MD5,
    /** CRC32 (base64, as S3 writes it). Hardware-accelerated: a few ms per GiB. */
    CRC32,
    /** CRC32C (base64, as S3 writes it). Hardware-accelerated: a few ms per GiB. */
    CRC32C,
    /**
     * CRC64NVME (base64, as S3 writes it): what S3 itself keeps for objects uploaded without a checksum.
     * Computed natively by the CRT (where its library loads): faster still.
     */
    CRC64NVME,
    /** For a whole-object GET: the CRC that the response says S3 keeps for the object, else MD5. */
    RESPONSE_CRC_OR_MD5,
    /** As {@link #RESPONSE_CRC_OR_MD5} but nothing where MD5 would be: the ETag of an SSE-KMS object is no MD5. */
    RESPONSE_CRC;

    /**
     * The digest to compute once the response named the object's checksum: a request's own choice, or for
     * {@link #RESPONSE_CRC_OR_MD5} the response's CRC when it covers the bytes of one GET (a whole-object
     * CRC, or a composite of one part), else MD5 ({@link #NONE} for {@link #RESPONSE_CRC}). A whole-object
     * CRC over several ranges is {@link ObjectChecksum#matches checked} by combining the ranges' CRCs.
     */
    public Digest resolve(ObjectChecksum checksum) {
        if (this != RESPONSE_CRC_OR_MD5 && this != RESPONSE_CRC) {
            return this;
        }
        if (checksum != null && checksum.parts() <= 1) {
            return checksum.digest();
        }
        return this == RESPONSE_CRC ? NONE : MD5;
    }
}
