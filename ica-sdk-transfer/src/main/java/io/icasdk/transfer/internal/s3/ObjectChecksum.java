package io.icasdk.transfer.internal.s3;

import io.icasdk.transfer.internal.Checksums;
import java.util.List;

/**
 * A CRC that S3 keeps for an object (sent in {@code x-amz-checksum-crc32} / {@code -crc32c} /
 * {@code -crc64nvme} when a GET or HEAD asks with {@code x-amz-checksum-mode: ENABLED}): of the whole object
 * ("FULL_OBJECT": one PUT, a multipart upload asked for it, and S3's own CRC64NVME of objects uploaded
 * without a checksum), or, for an object uploaded in parts with per-part checksums, the CRC of its parts'
 * CRCs ({@code <value>-<parts>}, "composite").
 *
 * @param digest CRC32, CRC32C or CRC64NVME
 * @param value  the CRC in base64, as S3 writes it
 * @param parts  the part count of a composite checksum; 0 for a checksum of the whole object
 */
public record ObjectChecksum(Digest digest, String value, int parts) {

    /**
     * The checksum a response carries, or null when it carries none that can be checked cheaply (SHA
     * checksums are left to the ETag, and CRC64NVME where the CRT's library does not load).
     *
     * @param crc32     the {@code x-amz-checksum-crc32} header, or null
     * @param crc32c    the {@code x-amz-checksum-crc32c} header, or null
     * @param crc64nvme the {@code x-amz-checksum-crc64nvme} header, or null
     */
    public static ObjectChecksum from(String crc32, String crc32c, String crc64nvme) {
        ObjectChecksum c = parse(Digest.CRC32C, crc32c);
        if (c == null) {
            c = parse(Digest.CRC32, crc32);
        }
        if (c == null && crc64nvme != null && Checksums.crc64nvmeAvailable()) {
            c = parse(Digest.CRC64NVME, crc64nvme);
        }
        return c;
    }

    /**
     * Whether CRCs of this many consecutive pieces of the object can be checked against it: any number for
     * a whole-object CRC, one per part for a composite.
     */
    public boolean checkable(int pieces) {
        return parts == 0 ? pieces >= 1 : parts == pieces;
    }

    /**
     * Whether the CRCs of the object's consecutive pieces match: the whole object's CRC (combined from the
     * pieces' CRCs), or the composite of the upload's parts (one piece per part).
     *
     * @param pieceCrcs    the pieces' CRCs in base64, in order
     * @param pieceLengths the pieces' lengths in bytes, in the same order
     */
    public boolean matches(List<String> pieceCrcs, List<Long> pieceLengths) {
        if (!checkable(pieceCrcs.size())) {
            return false;
        }
        return parts == 0 ? value.equals(Checksums.combine(digest, pieceCrcs, pieceLengths))
                : Checksums.composite(digest, pieceCrcs).equals(value + "-" + parts);
    }

    static ObjectChecksum parse(Digest digest, String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.trim();
        int dash = h.lastIndexOf('-');
        int parts = 0;
        if (dash > 0) {
            try {
                parts = Integer.parseInt(h.substring(dash + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            h = h.substring(0, dash);
        }
        // A CRC of 4 bytes is 8 characters of base64 ending in "=="; one of 8 bytes, 12 ending in "=".
        boolean wellFormed = digest == Digest.CRC64NVME ? h.length() == 12 && h.endsWith("=") && !h.endsWith("==")
                : h.length() == 8 && h.endsWith("==");
        return parts >= 0 && wellFormed ? new ObjectChecksum(digest, h, parts) : null;
    }
}
