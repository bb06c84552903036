package io.icasdk.transfer.internal.s3;

import io.icasdk.transfer.internal.Checksums;
import java.util.List;

/**
 * A CRC that S3 keeps for an object (sent in {@code x-amz-checksum-crc32} / {@code -crc32c} when a GET or
 * HEAD asks with {@code x-amz-checksum-mode: ENABLED}): of the whole object, or, for an object uploaded in
 * parts with per-part checksums, the CRC of its parts' CRCs ({@code <value>-<parts>}, "composite").
 *
 * @param digest CRC32 or CRC32C
 * @param value  the CRC in base64, as S3 writes it
 * @param parts  the part count of a composite checksum; 0 for a checksum of the whole object
 */
public record ObjectChecksum(Digest digest, String value, int parts) {

    /**
     * The checksum a response carries, or null when it carries none that can be checked cheaply (SHA
     * checksums and CRC64NVME are left to the ETag).
     *
     * @param crc32  the {@code x-amz-checksum-crc32} header, or null
     * @param crc32c the {@code x-amz-checksum-crc32c} header, or null
     */
    public static ObjectChecksum from(String crc32, String crc32c) {
        ObjectChecksum c = parse(Digest.CRC32C, crc32c);
        return c != null ? c : parse(Digest.CRC32, crc32);
    }

    /** Whether CRCs of this many consecutive pieces of the object can be checked against it. */
    public boolean checkable(int pieces) {
        return parts == 0 ? pieces == 1 : parts == pieces;
    }

    /**
     * Whether the CRCs of the object's consecutive pieces match: the whole object's CRC (one piece), or
     * the composite of the upload's parts (one piece per part).
     */
    public boolean matches(List<String> pieceCrcs) {
        if (!checkable(pieceCrcs.size())) {
            return false;
        }
        return parts == 0 ? value.equals(pieceCrcs.get(0))
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
        // A CRC of 4 bytes is 8 characters of base64 ending in "==".
        return parts >= 0 && h.length() == 8 && h.endsWith("==") ? new ObjectChecksum(digest, h, parts) : null;
    }
}
