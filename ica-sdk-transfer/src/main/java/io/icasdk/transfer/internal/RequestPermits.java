package io.icasdk.transfer.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the S3 requests in flight by the memory they hold: {@code maxRequests} part-sized requests at
 * once, while a request for less than a part weighs its share of a part (at least 1/{@value #SHARES}),
 * so that many small files move in parallel within the same memory. Fair (first come, first served),
 * so a large part is not starved by a stream of small requests. Thread-safe.
 *
 * <pre>{@code
 * int held = permits.acquire(len, cancel);
 * send(...).whenComplete((r, e) -> permits.release(held));
 * }</pre>
 */
public final class RequestPermits {
    /** How many small requests may share one part's place. */
    static final int SHARES = 16;

    private final Semaphore shares;
    private final int maxRequests;
    private final long partSize;

    /**
     * @param maxRequests part-sized requests allowed in flight at once
     * @param partSize    the part size the budget is counted in
     */
    public RequestPermits(int maxRequests, long partSize) {
        this.shares = new Semaphore(maxRequests * SHARES, true);
        this.maxRequests = maxRequests;
        this.partSize = Math.max(partSize, 1);
    }

    /** The shares a request of {@code bytes} weighs: 1 to {@value #SHARES}. */
    int sharesFor(long bytes) {
        long s = (Math.max(bytes, 0) * SHARES + partSize - 1) / partSize;
        return (int) Math.max(1, Math.min(SHARES, s));
    }

    /**
     * Waits until a request of {@code bytes} may start.
     *
     * @return what to pass to {@link #release} once the request finished
     * @throws CancellationException when the job was cancelled while waiting
     * @throws InterruptedException  when the thread was interrupted
     */
    public int acquire(long bytes, Cancellation cancel) throws InterruptedException {
        return take(sharesFor(bytes), cancel);
    }

    /**
     * Waits until a request of {@code bytes} held in memory may start, weighing as many parts as it holds
     * (a stream's parts, which grow past the part size), at most the whole budget.
     *
     * @return what to pass to {@link #release} once the request finished
     * @throws CancellationException when the job was cancelled while waiting
     * @throws InterruptedException  when the thread was interrupted
     */
    public int acquireHeld(long bytes, Cancellation cancel) throws InterruptedException {
        long parts = Math.max(1, (bytes + partSize - 1) / partSize);
        return take((int) Math.min((long) maxRequests * SHARES, parts * SHARES), cancel);
    }

    private int take(int n, Cancellation cancel) throws InterruptedException {
        while (!shares.tryAcquire(n, 200, TimeUnit.MILLISECONDS)) {
            cancel.check();
        }
        return n;
    }

    /** Returns what {@link #acquire} or {@link #acquireHeld} gave. */
    public void release(int held) {
        shares.release(held);
    }
}
