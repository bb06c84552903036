package io.icasdk.transfer.internal;

import java.util.ArrayList;
import java.util.List;
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

    /** How often a wait looks at its job's cancel switch and at its turn (which moves up when others withdraw). */
    private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** The waits not yet ended, in the order of their turns (guarded by this). */
    private final List<Booking> waiting = new ArrayList<>();

    /** One request's turn: from {@code start}, for {@code nanos}. */
    private static final class Booking {
        long start; // guarded by the limiter
        final long nanos;

        Booking(long start, long nanos) {
            this.start = start;
            this.nanos = nanos;
        }
    }

    /**
     * Books the next {@code bytes} of the cap and waits for their turn. A wait ended by the job's cancel (or an
     * interrupt) withdraws its booking: the turns booked after it move up, and a cancelled job's bytes, never
     * sent, do not hold back the next job.
     *
     * @throws java.util.concurrent.CancellationException when the job is cancelled while waiting
     * @throws InterruptedException when interrupted while waiting
     */
    public void acquire(long bytes, Cancellation cancel) throws InterruptedException {
        if (bytesPerSecond == 0 || bytes <= 0) {
            return;
        }
        Booking mine;
        synchronized (this) {
            long start = Math.max(System.nanoTime(), nextFreeNanos);
            mine = new Booking(start, TimeUnit.SECONDS.toNanos(1) * bytes / bytesPerSecond);
            nextFreeNanos = start + mine.nanos;
            waiting.add(mine);
        }
        try {
            long remaining;
            while ((remaining = remaining(mine)) > 0) {
                LockSupport.parkNanos(Math.min(remaining, CHECK_NANOS));
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                cancel.check();
            }
        } catch (InterruptedException | RuntimeException e) {
            withdraw(mine);
            throw e;
        }
    }

    /** Nanoseconds until the booking's turn; once there, it leaves the waits. */
    private synchronized long remaining(Booking b) {
        long remaining = b.start - System.nanoTime();
        if (remaining <= 0) {
            waiting.remove(b);
        }
        return remaining;
    }

    private synchronized void withdraw(Booking b) {
        int i = waiting.indexOf(b);
        if (i < 0) {
            return;
        }
        waiting.remove(i);
        long now = System.nanoTime();
        for (int j = i; j < waiting.size(); j++) {
            Booking later = waiting.get(j);
            later.start = Math.max(now, later.start - b.nanos);
        }
        nextFreeNanos = Math.max(now, nextFreeNanos - b.nanos);
    }
}
