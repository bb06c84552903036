package io.icasdk.testkit.internal;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;

/** A servlet stream into a byte buffer, for filters that hold an answer back. */
final class BufferStream extends ServletOutputStream {
    private final ByteArrayOutputStream buffer;

    BufferStream(ByteArrayOutputStream buffer) {
        this.buffer = buffer;
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public void setWriteListener(WriteListener listener) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void write(int b) {
        buffer.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        buffer.write(b, off, len);
    }
}
