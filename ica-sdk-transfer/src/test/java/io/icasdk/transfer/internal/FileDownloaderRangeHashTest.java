package io.icasdk.transfer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Ranges are MD5-hashed only when their hashes can check the object's ETag. */
class FileDownloaderRangeHashTest {
    private static final long MIB = 1024 * 1024;
    private static final String PLAIN_MD5 = "\"9e107d9d372bb6826bd81d3542a419d6\"";
    private static final String MULTIPART_3 = "\"9e107d9d372bb6826bd81d3542a419d6-3\"";

    @Test
    void multipartEtag_hashesRanges_onlyWhenTheyLineUpWithItsParts() {
        assertThat(FileDownloader.rangeMd5sUsed(MULTIPART_3, PartPlan.of(15 * MIB, 5 * MIB))).isTrue();
        assertThat(FileDownloader.rangeMd5sUsed(MULTIPART_3, PartPlan.of(15 * MIB, 8 * MIB))).isFalse();
    }

    @Test
    void plainMd5Etag_hashesTheRange_onlyWhenOneRangeCoversTheObject() {
        assertThat(FileDownloader.rangeMd5sUsed(PLAIN_MD5, PartPlan.of(4 * MIB, 8 * MIB))).isTrue();
        assertThat(FileDownloader.rangeMd5sUsed(PLAIN_MD5, PartPlan.of(20 * MIB, 8 * MIB))).isFalse();
    }

    @Test
    void unknownEtagForm_hashesNothing() {
        assertThat(FileDownloader.rangeMd5sUsed("\"not-an-md5\"", PartPlan.of(20 * MIB, 8 * MIB))).isFalse();
    }
}
