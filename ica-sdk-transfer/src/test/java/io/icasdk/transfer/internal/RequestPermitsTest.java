package io.icasdk.transfer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class RequestPermitsTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void requestsWeighTheirShareOfAPart_betweenOneAndAWholePart() {
        RequestPermits p = new RequestPermits(8, 8 * MIB);
        assertThat(p.sharesFor(0)).isEqualTo(1);
        assertThat(p.sharesFor(64 * 1024)).isEqualTo(1);
        assertThat(p.sharesFor(MIB / 2 + 1)).isEqualTo(2);
        assertThat(p.sharesFor(8 * MIB)).isEqualTo(RequestPermits.SHARES);
        assertThat(p.sharesFor(50 * MIB)).isEqualTo(RequestPermits.SHARES);
    }

    @Test
    void manySmallRequests_fitWhereOnlyTwoPartsFit() throws Exception {
        RequestPermits p = new RequestPermits(2, 8 * MIB);
        Cancellation cancel = new Cancellation();
        List<Integer> held = new ArrayList<>();
        for (int i = 0; i < 2 * RequestPermits.SHARES; i++) {
            held.add(p.acquire(64 * 1024, cancel));
        }
        // The budget is spent: the next request waits until one finishes, and a cancel ends the wait.
        cancel.cancel();
        assertThatThrownBy(() -> p.acquire(64 * 1024, cancel)).isInstanceOf(CancellationException.class);
        held.forEach(p::release);
        assertThat(p.acquire(8 * MIB, new Cancellation())).isEqualTo(RequestPermits.SHARES);
        assertThat(p.acquire(8 * MIB, new Cancellation())).isEqualTo(RequestPermits.SHARES);
    }

    @Test
    void bytesHeldInMemory_weighEveryPartTheyHold_atMostTheWholeBudget() throws Exception {
        RequestPermits p = new RequestPermits(4, 8 * MIB);
        Cancellation cancel = new Cancellation();
        assertThat(p.acquireHeld(1000, cancel)).isEqualTo(RequestPermits.SHARES);
        assertThat(p.acquireHeld(16 * MIB + 1, cancel)).isEqualTo(3 * RequestPermits.SHARES);
        cancel.cancel();
        assertThatThrownBy(() -> p.acquireHeld(1, cancel)).as("the budget is spent")
                .isInstanceOf(CancellationException.class);
        p.release(4 * RequestPermits.SHARES);
        assertThat(p.acquireHeld(1L << 30, new Cancellation())).as("a 1 GiB part takes the whole budget, no more")
                .isEqualTo(4 * RequestPermits.SHARES);
    }
}
