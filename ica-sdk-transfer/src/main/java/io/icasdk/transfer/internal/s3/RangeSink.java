package io.icasdk.transfer.internal.s3;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Where downloaded bytes go: positional writes into a (temporary) local file. A seam for tests. */
@FunctionalInterface
public interface RangeSink {
    /**
     * Writes all remaining bytes of {@code src} at {@code position}.
     *
     * @throws IOException when the local file cannot take them (a full disk, ...)
     */
    void write(ByteBuffer src, long position) throws IOException;
}
