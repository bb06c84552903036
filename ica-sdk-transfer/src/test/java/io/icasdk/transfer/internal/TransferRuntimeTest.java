package io.icasdk.transfer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icasdk.core.HttpProxy;
import io.icasdk.transfer.ChecksumMode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Closing the runtime cancels the jobs still running, side by side, and refuses new ones. */
@Timeout(60)
class TransferRuntimeTest {
    @TempDir
    Path dir;

    private TransferRuntime runtime() {
        return new TransferRuntime(new TransferSettings(8L << 20, 4, 4, ChecksumMode.CRC32C, dir.resolve("journals"),
                0, null, "java", Duration.ofMinutes(1), Duration.ofSeconds(30), Clock.systemUTC(),
                SinkFactory.DIRECT, HttpProxy.none()));
    }

    /**
     * A job's cancel waits for its requests to end (up to 10 s each): close cancels the jobs side by side, so that
     * closing with several running takes the time of one. Here each cancel waits until the other one has begun:
     * one after the other, the first would wait in vain.
     */
    @Test
    void close_cancelsTheRunningJobsSideBySide_andWaitsForThem() throws Exception {
        TransferRuntime rt = runtime();
        CountDownLatch bothCancelling = new CountDownLatch(2);
        List<Boolean> sawTheOther = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> ended = List.of(new CompletableFuture<>(), new CompletableFuture<>());
        for (CompletableFuture<Void> end : ended) {
            rt.track(() -> {
                bothCancelling.countDown();
                try {
                    sawTheOther.add(bothCancelling.await(5, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                end.complete(null);
            }, end);
        }
        rt.close();
        assertThat(sawTheOther).containsExactly(true, true);
        assertThat(ended).allSatisfy(f -> assertThat(f).as("close returned after the job ended").isDone());
        assertThatThrownBy(() -> rt.track(() -> { }, new CompletableFuture<>()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
