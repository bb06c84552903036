package io.icasdk.transfer.internal;

import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Direct buffers for reading file regions back to checksum them, pooled. A read into a direct buffer is
 * one copy from the page cache; a read into a heap buffer costs a second copy and a temporary direct
 * buffer that the JDK keeps for every thread that ever read (native memory a warm JVM does not give back).
 * Holds as many buffers as reads ever ran at once. Thread-safe.
 */
public final class ReadBuffers {
    /** The size of each buffer. */
    public static final int SIZE = 1 << 20;

    private final Queue<ByteBuffer> free = new ConcurrentLinkedQueue<>();

    /** A cleared buffer of {@link #SIZE} bytes; give it back when done. */
    public ByteBuffer take() {
        ByteBuffer b = free.poll();
        return b != null ? b.clear() : ByteBuffer.allocateDirect(SIZE);
    }

    /** Returns a buffer taken from this pool. */
    public void give(ByteBuffer b) {
        free.offer(b);
    }
}
