package io.icasdk.transfer.internal;

/**
 * How an object is cut into parts (uploads) or ranges (downloads): equal parts of {@code partSize}
 * bytes and a shorter last one, never more than {@link #MAX_PARTS}.
 *
 * @param objectSize bytes in the object
 * @param partSize   bytes per part (the last part may be shorter)
 * @param partCount  number of parts (1 for an empty object)
 */
public record PartPlan(long objectSize, long partSize, int partCount) {
    /** S3's limit on parts per multipart upload. */
    public static final int MAX_PARTS = 10_000;
    /** S3's smallest part (all but the last). */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    /** S3's largest part. */
    public static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;
    private static final long MIB = 1024 * 1024;

    /**
     * Plans parts of the preferred size, raised (to a whole MiB) when the object would otherwise need
     * more than 10,000 parts.
     *
     * @throws IllegalArgumentException for a negative size, a non-positive part size, or an object
     *                                  too large for S3 (over 10,000 x 5 GiB)
     */
    public static PartPlan of(long objectSize, long preferredPartSize) {
        if (objectSize < 0 || preferredPartSize <= 0) {
            throw new IllegalArgumentException("sizes must be positive: " + objectSize + ", " + preferredPartSize);
        }
        long partSize = preferredPartSize;
        if (ceilDiv(objectSize, partSize) > MAX_PARTS) {
            partSize = ceilDiv(ceilDiv(objectSize, MAX_PARTS), MIB) * MIB;
        }
        if (partSize > MAX_PART_SIZE) {
            throw new IllegalArgumentException("An object of " + objectSize
                    + " bytes is larger than S3 allows (10,000 parts of 5 GiB)");
        }
        int count = (int) Math.max(1, ceilDiv(objectSize, partSize));
        return new PartPlan(objectSize, partSize, count);
    }

    /** First byte of part {@code number} (1-based). */
    public long offset(int number) {
        checkNumber(number);
        return (number - 1) * partSize;
    }

    /** Bytes in part {@code number} (1-based). */
    public long length(int number) {
        checkNumber(number);
        return Math.min(partSize, objectSize - offset(number));
    }

    private void checkNumber(int number) {
        if (number < 1 || number > partCount) {
            throw new IllegalArgumentException("part " + number + " of " + partCount);
        }
    }

    static long ceilDiv(long a, long b) {
        return a == 0 ? 0 : (a + b - 1) / b;
    }
}
