package io.icasdk.transfer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.icasdk.transfer.internal.s3.Digest;
import io.icasdk.transfer.internal.s3.ObjectChecksum;
import org.junit.jupiter.api.Test;

/**
 * Ranges are hashed with S3's own CRC when they line up with it, else with MD5 only when their hashes can
 * check the object's ETag; journaled CRCs are tagged so that a resumed download never mistakes one kind
 * for another.
 */
class FileDownloaderRangeHashTest {
    private static final long MIB = 1024 * 1024;
    private static final String PLAIN_MD5 = "\"9e107d9d372bb6826bd81d3542a419d6\"";
    private static final String MULTIPART_3 = "\"9e107d9d372bb6826bd81d3542a419d6-3\"";
    private static final ObjectChecksum COMPOSITE_3 = ObjectChecksum.from(null, "AAAAAA==-3", null);
    private static final ObjectChecksum WHOLE_CRC32 = ObjectChecksum.from("AAAAAA==", null, null);

    @Test
    void multipartEtag_hashesRanges_onlyWhenTheyLineUpWithItsParts() {
        assertThat(FileDownloader.rangeDigest(null, MULTIPART_3, PartPlan.of(15 * MIB, 5 * MIB)))
                .isEqualTo(Digest.MD5);
        assertThat(FileDownloader.rangeDigest(null, MULTIPART_3, PartPlan.of(15 * MIB, 8 * MIB)))
                .isEqualTo(Digest.NONE);
    }

    @Test
    void plainMd5Etag_hashesTheRange_onlyWhenOneRangeCoversTheObject() {
        assertThat(FileDownloader.rangeDigest(null, PLAIN_MD5, PartPlan.of(4 * MIB, 8 * MIB)))
                .isEqualTo(Digest.MD5);
        assertThat(FileDownloader.rangeDigest(null, PLAIN_MD5, PartPlan.of(20 * MIB, 8 * MIB)))
                .isEqualTo(Digest.NONE);
    }

    @Test
    void unknownEtagForm_hashesNothing() {
        assertThat(FileDownloader.rangeDigest(null, "\"not-an-md5\"", PartPlan.of(20 * MIB, 8 * MIB)))
                .isEqualTo(Digest.NONE);
    }

    @Test
    void s3Crc_isPreferred_whenTheRangesLineUpWithIt() {
        assertThat(FileDownloader.rangeDigest(COMPOSITE_3, MULTIPART_3, PartPlan.of(15 * MIB, 5 * MIB)))
                .isEqualTo(Digest.CRC32C);
        assertThat(FileDownloader.rangeDigest(WHOLE_CRC32, PLAIN_MD5, PartPlan.of(4 * MIB, 8 * MIB)))
                .isEqualTo(Digest.CRC32);
        // A whole-object CRC is checked over any ranges: their CRCs combine.
        assertThat(FileDownloader.rangeDigest(WHOLE_CRC32, MULTIPART_3, PartPlan.of(15 * MIB, 5 * MIB)))
                .isEqualTo(Digest.CRC32);
        assertThat(FileDownloader.rangeDigest(WHOLE_CRC32, MULTIPART_3, PartPlan.of(15 * MIB, 4 * MIB)))
                .isEqualTo(Digest.CRC32);
        assertThat(FileDownloader.rangeDigest(COMPOSITE_3, MULTIPART_3, PartPlan.of(15 * MIB, 8 * MIB)))
                .isEqualTo(Digest.NONE);
    }

    @Test
    void etagThatIsNoMd5_sseKms_leavesOnlyS3sCrc() {
        // FileDownloader passes no ETag when it is not made of MD5s (SSE-KMS).
        assertThat(FileDownloader.rangeDigest(WHOLE_CRC32, null, PartPlan.of(15 * MIB, 5 * MIB)))
                .isEqualTo(Digest.CRC32);
        assertThat(FileDownloader.rangeDigest(null, null, PartPlan.of(4 * MIB, 8 * MIB))).isEqualTo(Digest.NONE);
        assertThat(Digest.RESPONSE_CRC.resolve(WHOLE_CRC32)).isEqualTo(Digest.CRC32);
        assertThat(Digest.RESPONSE_CRC.resolve(COMPOSITE_3)).isEqualTo(Digest.NONE);
        assertThat(Digest.RESPONSE_CRC.resolve(null)).isEqualTo(Digest.NONE);
        assertThat(Digest.RESPONSE_CRC_OR_MD5.resolve(null)).isEqualTo(Digest.MD5);
        assertThat(Digest.RESPONSE_CRC_OR_MD5.resolve(COMPOSITE_3)).isEqualTo(Digest.MD5);
    }

    @Test
    void rangeSize_isTheFirstPartsSizeFromS3_whenItAgreesWithThePartCount() {
        long size = 12 * MIB + 5; // uploaded in 7 MiB parts: "-2"
        String twoParts = "\"9e107d9d372bb6826bd81d3542a419d6-2\"";
        assertThat(FileDownloader.needsPartSize(twoParts, null)).isTrue();
        assertThat(FileDownloader.rangeSizeFor(size, twoParts, null, 7 * MIB, 8 * MIB)).isEqualTo(7 * MIB);
        // Without S3's answer the part count suggests aws-cli's 8 MiB, which a 7 MiB upload would fail.
        assertThat(FileDownloader.rangeSizeFor(size, twoParts, null, -1, 8 * MIB)).isEqualTo(8 * MIB);
        // An answer that disagrees with the part count is not used.
        assertThat(FileDownloader.rangeSizeFor(size, twoParts, null, 3 * MIB, 8 * MIB)).isEqualTo(8 * MIB);
        ObjectChecksum composite2 = ObjectChecksum.from(null, "AAAAAA==-2", null);
        assertThat(FileDownloader.rangeSizeFor(size, twoParts, composite2, 7 * MIB, 8 * MIB)).isEqualTo(7 * MIB);
        // A whole-object CRC checks any ranges: the configured size, no question asked.
        assertThat(FileDownloader.needsPartSize(twoParts, WHOLE_CRC32)).isFalse();
        assertThat(FileDownloader.rangeSizeFor(size, twoParts, WHOLE_CRC32, 7 * MIB, 5 * MIB)).isEqualTo(5 * MIB);
        assertThat(FileDownloader.needsPartSize(PLAIN_MD5, null)).isFalse();
    }

    @Test
    void journaledDigests_areReadBackOnlyAsTheKindTheyAre() {
        String crc = FileDownloader.tagged(Digest.CRC32C, "AAAAAA==");
        assertThat(crc).isEqualTo("crc32c:AAAAAA==");
        assertThat(FileDownloader.untagged(Digest.CRC32C, crc)).isEqualTo("AAAAAA==");
        assertThat(FileDownloader.untagged(Digest.CRC32, crc)).isNull();
        assertThat(FileDownloader.untagged(Digest.MD5, crc)).isNull();
        String md5 = FileDownloader.tagged(Digest.MD5, "9e107d9d372bb6826bd81d3542a419d6");
        assertThat(FileDownloader.untagged(Digest.MD5, md5)).isEqualTo("9e107d9d372bb6826bd81d3542a419d6");
        assertThat(FileDownloader.untagged(Digest.CRC32C, md5)).isNull();
    }
}
