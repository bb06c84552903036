package io.icasdk.transfer.internal;

import io.icasdk.transfer.internal.s3.RangeSink;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** Makes the writer of a download's temporary file. The default writes to the channel; tests wrap it. */
@FunctionalInterface
public interface SinkFactory {
    /** The default: positional writes to the channel. */
    SinkFactory DIRECT = (file, channel) -> (src, position) -> {
        long p = position;
        while (src.hasRemaining()) {
            p += channel.write(src, p);
        }
    };

    /** A sink writing into {@code channel}, the open temporary file {@code file}. */
    RangeSink open(Path file, FileChannel channel);
}
