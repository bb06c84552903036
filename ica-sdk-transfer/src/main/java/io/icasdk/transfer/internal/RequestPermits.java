package io.icasdk.transfer.internal;

import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

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

    private final ReentrantLock lock = new ReentrantLock();
    /** The waiting requests, first come first: only the head may take shares, and only it is woken. */
    private final ArrayDeque<Condition> queue = new ArrayDeque<>(); // guarded by lock
    private int available; // guarded by lock
    private final int maxRequests;
    private final long partSize;

    /**
     * @param maxRequests part-sized requests allowed in flight at once
     * @param partSize    the part size the budget is counted in
     */
    public RequestPermits(int maxRequests, long partSize) {
        this.available = maxRequests * SHARES;
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

    /**
     * Takes {@code n} shares once every request that came before has taken its own: a request keeps its place
     * in the queue however long it waits (a semaphore's timed tries would put it back at the end each time).
     */
    private int take(int n, Cancellation cancel) throws InterruptedException {
        lock.lock();
        try {
            if (queue.isEmpty() && available >= n) {
                available -= n;
                return n;
            }
            Condition me = lock.newCondition();
            queue.addLast(me);
            try {
                while (queue.peekFirst() != me || available < n) {
                    cancel.check();
                    me.await(200, TimeUnit.MILLISECONDS);
                }
                available -= n;
            } finally {
                queue.remove(me);
                wakeTheNext();
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Returns what {@link #acquire} or {@link #acquireHeld} gave. */
    public void release(int held) {
        lock.lock();
        try {
            available += held;
            wakeTheNext();
        } finally {
            lock.unlock();
        }
    }

    private void wakeTheNext() {
        Condition next = queue.peekFirst();
        if (next != null) {
            next.signal();
        }
    }
}
