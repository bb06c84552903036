package io.icasdk.transfer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.icasdk.transfer.FileOutcome;
import io.icasdk.transfer.FileResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Files run at most maxInFlight at a time, in order, with a bounded queue ahead of them that lets the enumeration
 * run on; a job that stops early drops the queue and waits for the files it started before it closes its journal.
 */
@org.junit.jupiter.api.Timeout(60) // a submit that blocks where it should queue would hang the test
class FileRunnerTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final Cancellation cancel = new Cancellation();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private FileRunner runner() {
        return new FileRunner(pool, 2, cancel, new ProgressTracker());
    }

    private static FileResult done() {
        return new FileResult("/f", null, FileOutcome.SUCCESS, null, 0, 0, false, false);
    }

    @Test
    void drain_waitsForTheFilesStillRunning() throws Exception {
        FileRunner runner = runner();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean ended = new AtomicBoolean();
        runner.submit(() -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ended.set(true);
            return done();
        }, e -> done());
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            release.countDown();
        });
        releaser.start();
        assertThat(runner.drain(Duration.ofSeconds(10))).isTrue();
        assertThat(ended).as("the file ended before drain returned").isTrue();
    }

    @Test
    void drain_givesUpAfterItsLimit_andReturnsAtOnceWhenNothingRuns() throws Exception {
        FileRunner runner = runner();
        assertThat(runner.drain(Duration.ofSeconds(10))).isTrue();
        CountDownLatch never = new CountDownLatch(1);
        runner.submit(() -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return done();
        }, e -> done());
        assertThat(runner.drain(Duration.ofMillis(200))).isFalse();
        never.countDown();
    }

    @Test
    void drain_afterAwaitAll_returnsAtOnce() {
        FileRunner runner = runner();
        runner.submit(FileRunnerTest::done, e -> done());
        runner.awaitAll();
        assertThat(runner.drain(Duration.ofSeconds(10))).isTrue();
    }

    /** A work that records its start, counts how many run at once, and waits for {@code release}. */
    private static java.util.function.Supplier<FileResult> held(int n, List<Integer> starts, AtomicInteger now,
                                                                AtomicInteger peak, CountDownLatch release) {
        return () -> {
            starts.add(n);
            peak.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                now.decrementAndGet();
            }
            return done();
        };
    }

    @Test
    void submit_queuesBeyondTheSlotsWithoutBlocking_upToTheLookAhead_andRunsInOrder() throws Exception {
        ProgressTracker progress = new ProgressTracker();
        FileRunner runner = new FileRunner(pool, 2, 3, cancel, progress);
        List<Integer> starts = new CopyOnWriteArrayList<>();
        AtomicInteger now = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        for (int n = 1; n <= 5; n++) { // two running, three queued: the enumerating thread goes on
            runner.submit(held(n, starts, now, peak, release), e -> done());
        }
        Thread sixth = new Thread(() -> runner.submit(held(6, starts, now, peak, release), e -> done()));
        sixth.start();
        awaitUntil(() -> sixth.getState() == Thread.State.TIMED_WAITING); // waiting for room in the queue
        assertThat(starts).as("two at a time").hasSize(2);

        release.countDown();
        sixth.join(10_000);
        assertThat(sixth.isAlive()).isFalse();
        runner.awaitAll();
        assertThat(starts).hasSize(6);
        assertThat(starts.subList(2, 6)).as("then the queued ones").containsExactlyInAnyOrder(3, 4, 5, 6);
        assertThat(peak.get()).isEqualTo(2);
        assertThat(progress.snapshot().filesDone()).isEqualTo(6);
    }

    @Test
    void queuedFiles_startInTheOrderSubmitted() {
        FileRunner runner = new FileRunner(pool, 1, 10, cancel, new ProgressTracker());
        List<Integer> starts = new CopyOnWriteArrayList<>();
        for (int n = 1; n <= 8; n++) {
            int file = n;
            runner.submit(() -> {
                starts.add(file);
                return done();
            }, e -> done());
        }
        runner.awaitAll();
        assertThat(starts).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void drain_dropsTheQueuedFiles_andWaitsOnlyForThoseRunning() throws Exception {
        FileRunner runner = new FileRunner(pool, 1, 10, cancel, new ProgressTracker());
        List<Integer> starts = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        for (int n = 1; n <= 4; n++) {
            runner.submit(held(n, starts, new AtomicInteger(), new AtomicInteger(), release), e -> done());
        }
        awaitUntil(() -> starts.size() == 1);
        AtomicBoolean drained = new AtomicBoolean();
        Thread drainer = new Thread(() -> drained.set(runner.drain(Duration.ofSeconds(10))));
        drainer.start();
        awaitUntil(() -> drainer.getState() == Thread.State.TIMED_WAITING); // the queue dropped, file 1 awaited
        release.countDown();
        drainer.join(10_000);
        assertThat(drained).isTrue();
        assertThat(starts).as("the queued files never start").containsExactly(1);
    }

    @Test
    void aCancelledJobsQueuedFiles_doNotRun() throws Exception {
        FileRunner runner = new FileRunner(pool, 1, 10, cancel, new ProgressTracker());
        List<Integer> starts = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        for (int n = 1; n <= 3; n++) {
            runner.submit(held(n, starts, new AtomicInteger(), new AtomicInteger(), release), e -> done());
        }
        awaitUntil(() -> starts.size() == 1);
        cancel.cancel();
        release.countDown();
        runner.awaitAll();
        assertThat(starts).containsExactly(1);
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met in time").isLessThan(deadline);
            Thread.sleep(5); // polling other threads' progress, bounded by the deadline
        }
    }
}
