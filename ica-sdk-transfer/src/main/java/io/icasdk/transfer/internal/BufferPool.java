package io.icasdk.transfer.internal;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Reuses part-sized buffers so memory stays at about requests-in-flight x part size however large or
 * many the files are. Buffers of other sizes are simply allocated. Thread-safe.
 */
public final class BufferPool {
    private final int bufferSize;
    private final int maxPooled;
    private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();

    public BufferPool(int bufferSize, int maxPooled) {
        this.bufferSize = bufferSize;
        this.maxPooled = maxPooled;
    }

    /** A buffer of at least {@code size} bytes. */
    public byte[] take(int size) {
        if (size == bufferSize) {
            byte[] b = free.poll();
            return b != null ? b : new byte[bufferSize];
        }
        return new byte[size];
    }

    /** Returns a buffer once nothing reads it any more. */
    public void give(byte[] buffer) {
        if (buffer.length == bufferSize && free.size() < maxPooled) {
            free.offer(buffer);
        }
    }
}
