package io.icasdk.transfer.internal;

/**
 * The CRC of two byte strings one after the other, from their two CRCs and the second one's length, for
 * the reflected CRCs that S3 keeps (CRC32, CRC32C, CRC64NVME; all start from and end with all ones). So a
 * file downloaded in ranges is checked against S3's whole-object CRC without reading it again.
 *
 * <p>The arithmetic is zlib's {@code crc32_combine}: {@code crc(A B) = crc(A) * x^(8 |B|) mod P xor crc(B)},
 * with polynomials in reflected bit order (the highest power in the lowest bit) and {@code x^(8 |B|) mod P}
 * taken by squaring. Immutable and thread-safe.
 */
final class CrcCombine {
    /** CRC-32 (zip, S3's CRC32), reflected. */
    static final CrcCombine CRC32 = new CrcCombine(0xEDB88320L, 32);
    /** CRC-32C (Castagnoli, S3's CRC32C), reflected. */
    static final CrcCombine CRC32C = new CrcCombine(0x82F63B78L, 32);
    /** CRC-64/NVME (S3's CRC64NVME), reflected. */
    static final CrcCombine CRC64NVME = new CrcCombine(0x9A6C9329AC4BC9B5L, 64);

    private final long poly;
    private final int width;
    /** {@code x^(2^k) mod P} for k = 0..66: enough for lengths up to 2^63 bytes (2^66 bits). */
    private final long[] powers = new long[67];

    private CrcCombine(long poly, int width) {
        this.poly = poly;
        this.width = width;
        powers[0] = 1L << (width - 2); // x^1
        for (int k = 1; k < powers.length; k++) {
            powers[k] = multiply(powers[k - 1], powers[k - 1]);
        }
    }

    /** The CRC of A then B, given CRC(A), CRC(B) and B's length in bytes. */
    long combine(long crcA, long crcB, long lengthB) {
        if (lengthB < 0) {
            throw new IllegalArgumentException("negative length: " + lengthB);
        }
        return multiply(xPowerOfBits(lengthB), crcA) ^ crcB;
    }

    /** {@code x^(8 n) mod P}. */
    private long xPowerOfBits(long bytes) {
        long p = 1L << (width - 1); // x^0
        int k = 3; // 8 n bits = n * 2^3
        for (long n = bytes; n != 0; n >>>= 1, k++) {
            if ((n & 1) != 0) {
                p = multiply(powers[k], p);
            }
        }
        return p;
    }

    /** {@code a * b mod P}, both in reflected order. */
    private long multiply(long a, long b) {
        long product = 0;
        for (long m = 1L << (width - 1); m != 0 && (a & (m | (m - 1))) != 0; m >>>= 1) {
            if ((a & m) != 0) {
                product ^= b;
            }
            b = (b & 1) != 0 ? (b >>> 1) ^ poly : b >>> 1;
        }
        return product;
    }
}
