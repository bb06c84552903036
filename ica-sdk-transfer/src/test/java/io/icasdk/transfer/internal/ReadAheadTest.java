package io.icasdk.transfer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icasdk.core.IcaServiceException;
import io.icasdk.core.internal.Paged;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class ReadAheadTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Cancellation cancel = new Cancellation();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** Pages of 3 items numbered from 0; page {@code n} is fetched with the token "n". */
    private static Paged<Integer> pages(int count, AtomicInteger fetched, CountDownLatch gate) {
        return new Paged<>(token -> {
            int page = token == null ? 0 : Integer.parseInt(token);
            if (page > 0) {
                awaitQuietly(gate);
            }
            fetched.incrementAndGet();
            List<Integer> items = IntStream.range(page * 3, page * 3 + 3).boxed().toList();
            return new Paged.Page<>(items, page + 1 < count ? String.valueOf(page + 1) : null);
        });
    }

    @Test
    void givesEveryItemInOrder_acrossPages() {
        List<Integer> seen = new ArrayList<>();
        try (ReadAhead<Integer> items = new ReadAhead<>(pages(4, new AtomicInteger(), new CountDownLatch(0)), 3,
                executor, cancel)) {
            items.forEachRemaining(seen::add);
            assertThat(items.hasNext()).isFalse();
        }
        assertThat(seen).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    }

    @Test
    void fetchesTheNextPage_whileTheConsumerIsStillOnThisOne() throws Exception {
        AtomicInteger fetched = new AtomicInteger();
        try (ReadAhead<Integer> items = new ReadAhead<>(pages(3, fetched, new CountDownLatch(0)), 6, executor,
                cancel)) {
            assertThat(items.next()).isZero();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (fetched.get() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10); // the consumer asks for nothing more: the read-ahead fetches on its own
            }
            assertThat(fetched).as("pages fetched while the consumer held the first item").hasValueGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aListingFailure_isThrownWhereTheConsumerMeetsIt_afterTheItemsBeforeIt() {
        Paged<Integer> failing = new Paged<>(token -> {
            if (token != null) {
                throw new IcaServiceException("listing failed on page 2", null);
            }
            return new Paged.Page<>(List.of(1, 2), "2");
        });
        try (ReadAhead<Integer> items = new ReadAhead<>(failing, 10, executor, cancel)) {
            assertThat(items.next()).isEqualTo(1);
            assertThat(items.next()).isEqualTo(2);
            assertThatThrownBy(items::hasNext).isInstanceOf(IcaServiceException.class)
                    .hasMessageContaining("listing failed on page 2");
        }
    }

    @Test
    void aCancelledJob_stopsWaitingForASlowListing() {
        CountDownLatch never = new CountDownLatch(1);
        try (ReadAhead<Integer> items = new ReadAhead<>(pages(2, new AtomicInteger(), never), 10, executor, cancel)) {
            for (int i = 0; i < 3; i++) {
                items.next();
            }
            executor.execute(() -> {
                sleepQuietly(200);
                cancel.cancel();
            });
            assertThatThrownBy(items::hasNext).isInstanceOf(CancellationException.class);
        } finally {
            never.countDown();
        }
    }

    @Test
    void close_stopsTheWorker_whenTheConsumerLeavesEarly() throws Exception {
        AtomicInteger fetched = new AtomicInteger();
        Paged<Integer> endless = new Paged<>(token -> {
            int page = token == null ? 0 : Integer.parseInt(token);
            fetched.incrementAndGet();
            return new Paged.Page<>(List.of(page), String.valueOf(page + 1));
        });
        ReadAhead<Integer> items = new ReadAhead<>(endless, 2, executor, cancel);
        assertThat(items.next()).isZero();
        items.close();
        Thread.sleep(300);
        int after = fetched.get();
        Thread.sleep(300);
        assertThat(fetched.get()).as("no page fetched after close").isEqualTo(after).isLessThan(10);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
