package io.icasdk.transfer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PartPlanTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void partsOfPreferredSize_withShorterLastPart() {
        PartPlan p = PartPlan.of(10 * MIB + 1, 5 * MIB);
        assertThat(p.partCount()).isEqualTo(3);
        assertThat(p.offset(3)).isEqualTo(10 * MIB);
        assertThat(p.length(3)).isEqualTo(1);
        assertThat(p.length(1)).isEqualTo(5 * MIB);
    }

    @Test
    void exactMultiple_andEmptyObject() {
        assertThat(PartPlan.of(10 * MIB, 5 * MIB).partCount()).isEqualTo(2);
        assertThat(PartPlan.of(0, 5 * MIB).partCount()).isEqualTo(1);
        assertThat(PartPlan.of(0, 5 * MIB).length(1)).isZero();
    }

    @Test
    void hugeObject_getsLargerPartsToStayUnder10000() {
        long size = 1024L * 1024 * MIB; // 1 TiB
        PartPlan p = PartPlan.of(size, 8 * MIB);
        assertThat(p.partCount()).isLessThanOrEqualTo(PartPlan.MAX_PARTS);
        assertThat(p.partSize() % MIB).isZero();
        assertThat(p.partSize()).isGreaterThan(8 * MIB);
        assertThat(p.offset(p.partCount()) + p.length(p.partCount())).isEqualTo(size);
        assertThat(PartPlan.of(10_000 * 8 * MIB, 8 * MIB).partSize()).isEqualTo(8 * MIB);
        assertThat(PartPlan.of(10_000 * 8 * MIB + 1, 8 * MIB).partCount()).isLessThanOrEqualTo(10_000);
    }

    @Test
    void tooLargeForS3_isRefused() {
        assertThatThrownBy(() -> PartPlan.of(PartPlan.MAX_PART_SIZE * 10_001, 8 * MIB))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("larger than S3 allows");
    }
}
