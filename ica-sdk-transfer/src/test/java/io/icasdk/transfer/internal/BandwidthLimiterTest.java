package io.icasdk.transfer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BandwidthLimiterTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void unlimited_neverWaits() throws Exception {
        BandwidthLimiter none = BandwidthLimiter.of(0);
        assertThat(none.isLimited()).isFalse();
        long t0 = System.nanoTime();
        none.acquire(Long.MAX_VALUE / 2, new Cancellation());
        assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(1));
    }

    /**
     * Seven waiters of a cancelled job booked 35 s of a 1 MiB/s cap; the cancel ends their waits within moments
     * and gives their bookings back, so the next job's request goes out at once.
     */
    @Test
    void aCancelledJobsWaits_endAtOnce_andTheirBookingsAreGivenBack() throws Exception {
        BandwidthLimiter limiter = BandwidthLimiter.of(MIB);
        Cancellation job = new Cancellation();
        limiter.acquire(MIB, job); // the first goes at once and books the next second
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            waiting.add(CompletableFuture.runAsync(() -> {
                try {
                    limiter.acquire(5 * MIB, job);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        Thread.sleep(200); // all seven have booked their turns, 1-36 s from now
        long t0 = System.nanoTime();
        job.cancel();
        for (CompletableFuture<Void> w : waiting) {
            try {
                w.get(2, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(CancellationException.class);
            }
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));

        long t1 = System.nanoTime();
        limiter.acquire(1000, new Cancellation());
        assertThat(Duration.ofNanos(System.nanoTime() - t1)).as("only the first request's second is still booked")
                .isLessThan(Duration.ofMillis(1_500));
    }

    /**
     * The next job may book its turn before the cancelled job's waits have noticed the cancel: when they
     * withdraw, the turns booked after theirs move up.
     */
    @Test
    void aTurnBookedBeforeACancelledJobsWaitsWithdraw_movesUpWhenTheyDo() throws Exception {
        BandwidthLimiter limiter = BandwidthLimiter.of(MIB);
        Cancellation job = new Cancellation();
        limiter.acquire(MIB, job); // the next second is taken
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        for (int i = 0; i < 4; i++) { // turns at 1, 2, 3 and 4 s
            waiting.add(CompletableFuture.runAsync(() -> {
                try {
                    limiter.acquire(MIB, job);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        Thread.sleep(200);
        long t0 = System.nanoTime();
        CompletableFuture<Void> next = CompletableFuture.runAsync(() -> { // its turn: at 5 s, for now
            try {
                limiter.acquire(1000, new Cancellation());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        job.cancel();
        next.get(5, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("only the first second is still booked")
                .isLessThan(Duration.ofMillis(1_500));
        for (CompletableFuture<Void> w : waiting) {
            assertThat(w).isCompletedExceptionally();
        }
    }

    @Test
    void bookingsFollowEachOther_atTheCap() throws Exception {
        BandwidthLimiter limiter = BandwidthLimiter.of(10 * MIB);
        Cancellation cancel = new Cancellation();
        long t0 = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            limiter.acquire(MIB, cancel); // 100 ms each: the fourth starts 300 ms after the first
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
    }
}
