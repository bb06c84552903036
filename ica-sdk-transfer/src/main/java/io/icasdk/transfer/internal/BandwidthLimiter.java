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

    /**
     * Waits until {@code bytes} may be sent.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public void acquire(long bytes) throws InterruptedException {
        if (bytesPerSecond == 0 || bytes <= 0) {
            return;
        }
        long waitUntil;
        synchronized (this) {
            long now = System.nanoTime();
            long start = Math.max(now, nextFreeNanos);
            nextFreeNanos = start + TimeUnit.SECONDS.toNanos(1) * bytes / bytesPerSecond;
            waitUntil = start;
        }
        long remaining;
        while ((remaining = waitUntil - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
