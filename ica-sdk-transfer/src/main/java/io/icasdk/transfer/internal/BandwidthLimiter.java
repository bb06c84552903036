package io.icasdk.transfer.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A token bucket shared by all requests of a transfer manager. {@link #acquire} blocks the calling
 * worker (never an I/O thread) until the bytes fit under the cap, so the average rate stays at or below
 * it; one request's worth may go out as a burst. Thread-safe.
 */
public final class BandwidthLimiter {
    private static final BandwidthLimiter UNLIMITED = new BandwidthLimiter(0);

    private final long bytesPerSecond;
    private long nextFreeNanos = System.nanoTime();

    private BandwidthLimiter(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    /** A limiter for this many bytes per second; 0 means unlimited. */
    public static BandwidthLimiter of(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bandwidth limit must be >= 0, was " + bytesPerSecond);
        }
        return bytesPerSecond == 0 ? UNLIMITED : new BandwidthLimiter(bytesPerSecond);
    }

    /** Whether this limiter limits anything. */
    public boolean isLimited() {
        return bytesPerSecond > 0;
    }

    /** How often a wait looks at its job's cancel switch. */
    private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /**
     * Books the next {@code bytes} of the cap and waits for their turn. A wait ended by the job's cancel (or an
     * interrupt) gives its booking back, so that the bytes a cancelled job never sent do not hold back the
     * next job.
     *
     * @throws java.util.concurrent.CancellationException when the job is cancelled while waiting
     * @throws InterruptedException when interrupted while waiting
     */
    public void acquire(long bytes, Cancellation cancel) throws InterruptedException {
        if (bytesPerSecond == 0 || bytes <= 0) {
            return;
        }
        long booked = TimeUnit.SECONDS.toNanos(1) * bytes / bytesPerSecond;
        long waitUntil;
        synchronized (this) {
            waitUntil = Math.max(System.nanoTime(), nextFreeNanos);
            nextFreeNanos = waitUntil + booked;
        }
        long remaining;
        try {
            while ((remaining = waitUntil - System.nanoTime()) > 0) {
                LockSupport.parkNanos(Math.min(remaining, CHECK_NANOS));
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                cancel.check();
            }
        } catch (InterruptedException | RuntimeException e) {
            synchronized (this) {
                nextFreeNanos = Math.max(System.nanoTime(), nextFreeNanos - booked);
            }
            throw e;
        }
    }
}
