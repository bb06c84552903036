package io.icasdk.transfer.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a response body that moved no byte for the stall timeout, so that a read blocked on it fails and
 * the caller retries: the JDK's HTTP client has no read timeout for a body, and a connection dropped
 * silently on the way would hold the read forever. Call {@link #progress} after every read that got bytes,
 * and {@link #close} when done with the body.
 */
final class StallWatch implements AutoCloseable {
    private final InputStream body;
    private final long timeoutNanos;
    private final ScheduledFuture<?> check;
    private volatile long lastProgress = System.nanoTime();

    StallWatch(InputStream body, Duration timeout, ScheduledExecutorService scheduler) {
        this.body = body;
        this.timeoutNanos = timeout.toNanos();
        long every = Math.max(200, timeout.toMillis() / 4);
        this.check = scheduler.scheduleWithFixedDelay(this::closeIfStalled, every, every, TimeUnit.MILLISECONDS);
    }

    /** Bytes arrived. */
    void progress() {
        lastProgress = System.nanoTime();
    }

    private void closeIfStalled() {
        if (System.nanoTime() - lastProgress > timeoutNanos) {
            check.cancel(false);
            try {
                body.close(); // the blocked read fails with an IOException
            } catch (IOException e) {
                // closed either way
            }
        }
    }

    /** Stops watching (the body itself is the caller's to close). */
    @Override
    public void close() {
        check.cancel(false);
    }
}
