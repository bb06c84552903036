package io.icasdk.testkit.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.function.LongSupplier;

/** Input streams that cut a transfer mid-body, corrupt it, or cap its bandwidth. */
final class FaultStreams {
    private FaultStreams() {}

    /** A filter whose single-byte read goes through the (overridden) block read, so each fault is written once. */
    private abstract static class BlockFilter extends FilterInputStream {
        private final byte[] one = new byte[1];

        BlockFilter(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int n;
            do {
                n = read(one, 0, 1);
            } while (n == 0);
            return n < 0 ? -1 : one[0] & 0xff;
        }
    }

    /** Delivers cutAfter bytes, then fails as a reset connection would. */
    static InputStream cutAfter(InputStream in, long cutAfter) {
        return new BlockFilter(in) {
            private long delivered;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                check(len);
                int n = super.read(b, off, (int) Math.min(len, Math.max(1, cutAfter - delivered)));
                if (n > 0) {
                    delivered += n;
                }
                return n;
            }

            private void check(int len) throws IOException {
                if (delivered >= cutAfter && len > 0) {
                    throw new IOException("Connection reset (injected by IcaEmulator faults)");
                }
            }
        };
    }

    /**
     * Delivers stallAfter bytes, then sends nothing for the stall (the connection open), then fails;
     * runs onStall once, as the stall begins.
     */
    static InputStream stalledAfter(InputStream in, long stallAfter, Duration stall, Runnable onStall) {
        return new BlockFilter(in) {
            private long delivered;
            private boolean stalled;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (delivered >= stallAfter && len > 0) {
                    if (!stalled) {
                        stalled = true;
                        onStall.run();
                    }
                    try {
                        Thread.sleep(stall.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IOException("Connection stalled, then cut (injected by IcaEmulator faults)");
                }
                int n = super.read(b, off, (int) Math.min(len, Math.max(1, stallAfter - delivered)));
                if (n > 0) {
                    delivered += n;
                }
                return n;
            }
        };
    }

    /** Delivers the bytes with one bit of the first byte flipped; runs onFlip once, as it flips it. */
    static InputStream firstByteFlipped(InputStream in, Runnable onFlip) {
        return new BlockFilter(in) {
            private boolean flipped;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0 && !flipped) {
                    b[off] ^= 1;
                    flipped = true;
                    onFlip.run();
                }
                return n;
            }
        };
    }

    /** Caps the read rate at the current value of bytesPerSecond (0 = unlimited), read on every call. */
    static InputStream throttled(InputStream in, LongSupplier bytesPerSecond) {
        return new BlockFilter(in) {
            private final long start = System.nanoTime();
            private long total;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                long rate = bytesPerSecond.getAsLong();
                int chunk = rate > 0 ? (int) Math.max(1, Math.min(len, Math.max(1024, rate / 20))) : len;
                pace(chunk);
                int n = super.read(b, off, chunk);
                if (n > 0) {
                    total += n;
                }
                return n;
            }

            private void pace(int next) throws IOException {
                long rate = bytesPerSecond.getAsLong();
                if (rate <= 0) {
                    return;
                }
                long dueNanos = (long) ((total + next) * 1e9 / rate);
                long wait = dueNanos - (System.nanoTime() - start);
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while throttled", e);
                    }
                }
            }
        };
    }
}
