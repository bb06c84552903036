package io.icasdk.transfer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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

    /** A request keeps its place in the line: small requests that come later do not pass a waiting part. */
    @Test
    void aWaitingPart_isNotPassedBySmallRequestsThatCameLater() throws Exception {
        RequestPermits p = new RequestPermits(1, RequestPermits.SHARES); // one byte weighs one share
        Cancellation cancel = new Cancellation();
        List<Integer> held = new ArrayList<>();
        for (int i = 0; i < RequestPermits.SHARES; i++) {
            held.add(p.acquire(1, cancel));
        }
        CompletableFuture<Integer> part = waitFor(p, RequestPermits.SHARES, cancel);
        Thread.sleep(100);
        CompletableFuture<Integer> later = waitFor(p, 1, cancel);
        Thread.sleep(100);
        p.release(held.remove(0));
        Thread.sleep(500); // a share is free, but the part came first and needs them all
        assertThat(later).as("the small request that came after the part").isNotDone();
        held.forEach(p::release);
        assertThat(part.get(5, TimeUnit.SECONDS)).isEqualTo(RequestPermits.SHARES);
        Thread.sleep(300);
        assertThat(later).isNotDone();
        p.release(RequestPermits.SHARES);
        assertThat(later.get(5, TimeUnit.SECONDS)).isEqualTo(1);
    }

    /** Sixteen small requests cycling through the budget do not keep a part waiting. */
    @Test
    void aWholePart_isNotStarved_byAStreamOfSmallRequests() throws Exception {
        RequestPermits p = new RequestPermits(1, RequestPermits.SHARES);
        Cancellation cancel = new Cancellation();
        AtomicBoolean stop = new AtomicBoolean();
        List<CompletableFuture<Void>> smalls = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(RequestPermits.SHARES + 1);
        try {
            for (int i = 0; i < RequestPermits.SHARES; i++) {
                long offset = i * 19L;
                smalls.add(CompletableFuture.runAsync(() -> {
                    try {
                        Thread.sleep(offset); // their releases spread over the 300 ms each one lasts
                        while (!stop.get()) {
                            int h = p.acquire(1, cancel);
                            Thread.sleep(300);
                            p.release(h);
                        }
                    } catch (InterruptedException | CancellationException e) {
                        // done
                    }
                }, pool));
            }
            Thread.sleep(600);
            CompletableFuture<Integer> part = CompletableFuture.supplyAsync(() -> {
                try {
                    return p.acquire(RequestPermits.SHARES, cancel);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, pool);
            assertThat(part.get(10, TimeUnit.SECONDS)).as("waits for the small requests ahead of it only")
                    .isEqualTo(RequestPermits.SHARES);
        } finally {
            stop.set(true);
            cancel.cancel();
            pool.shutdownNow();
        }
    }

    private static CompletableFuture<Integer> waitFor(RequestPermits p, long bytes, Cancellation cancel) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return p.acquire(bytes, cancel);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "permits-test");
            t.setDaemon(true);
            return t;
        }));
    }
}
