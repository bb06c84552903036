package io.icasdk.internaltest;

import io.icasdk.transfer.internal.SinkFactory;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/** A download sink that runs out of disk space after some bytes of one file (the full-disk seam). */
public final class NoSpaceSink {
    private NoSpaceSink() {}

    /** Fails writes to temporary files of {@code fileName} once {@code limit} bytes were written to them. */
    public static SinkFactory after(String fileName, long limit) {
        AtomicLong written = new AtomicLong();
        return (file, channel) -> {
            var direct = SinkFactory.DIRECT.open(file, channel);
            if (!file.getFileName().toString().contains(fileName)) {
                return direct;
            }
            return (src, position) -> {
                if (written.addAndGet(src.remaining()) > limit) {
                    throw new IOException("No space left on device");
                }
                direct.write(src, position);
            };
        };
    }
}
