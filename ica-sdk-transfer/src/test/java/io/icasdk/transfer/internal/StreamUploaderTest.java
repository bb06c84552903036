package io.icasdk.transfer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamUploaderTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void partsDoubleEveryThousand_upToOneGiB() {
        assertThat(StreamUploader.partSize(8 * MIB, 1)).isEqualTo(8 * MIB);
        assertThat(StreamUploader.partSize(8 * MIB, 1000)).isEqualTo(8 * MIB);
        assertThat(StreamUploader.partSize(8 * MIB, 1001)).isEqualTo(16 * MIB);
        assertThat(StreamUploader.partSize(8 * MIB, 7001)).isEqualTo(1024 * MIB);
        assertThat(StreamUploader.partSize(8 * MIB, 10_000)).isEqualTo(1024 * MIB);
        assertThat(StreamUploader.partSize(1024 * MIB, 5000)).isEqualTo(1024 * MIB);
    }

    @Test
    void tenThousandPartsFromEightMiB_holdAboutFourTiB() {
        long total = 0;
        for (int n = 1; n <= PartPlan.MAX_PARTS; n++) {
            total += StreamUploader.partSize(8 * MIB, n);
        }
        assertThat(total).isGreaterThan(3L * 1024 * 1024 * MIB).isLessThan(5L * 1024 * 1024 * MIB);
    }
}
