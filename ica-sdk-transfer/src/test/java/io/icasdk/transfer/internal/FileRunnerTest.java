package io.icasdk.transfer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.icasdk.transfer.FileOutcome;
import io.icasdk.transfer.FileResult;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A job that stops early waits for the files it started before it closes its journal. */
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
}
