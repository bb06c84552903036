package io.icasdk.transfer.internal.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A file channel that, once {@link #fillDisk()} was called, behaves as a disk that just filled up: the next write
 * stores part of its bytes (a short write, as {@code write(2)} does when the disk fills within it) and the one after
 * it fails with "No space left on device". Then the disk has room again. Everything else goes to the real channel.
 */
final class FullDiskChannel extends FileChannel {
    private final FileChannel file;
    private int shortWrites;
    private int failures;

    FullDiskChannel(FileChannel file) {
        this.file = file;
    }

    /** The next write stores part of its bytes, the one after it fails. */
    synchronized void fillDisk() {
        shortWrites = 1;
        failures = 1;
    }

    @Override
    public synchronized int write(ByteBuffer src) throws IOException {
        if (shortWrites > 0 && src.remaining() > 1) {
            shortWrites--;
            ByteBuffer part = src.duplicate();
            part.limit(part.position() + part.remaining() / 2);
            int n = file.write(part);
            src.position(src.position() + n);
            return n;
        }
        if (failures > 0) {
            failures--;
            throw new IOException("No space left on device");
        }
        return file.write(src);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return file.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return file.read(dsts, offset, length);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return file.write(srcs, offset, length);
    }

    @Override
    public long position() throws IOException {
        return file.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        file.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return file.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        file.truncate(size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        file.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return file.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        return file.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return file.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        return file.write(src, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return file.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return file.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return file.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        file.close();
    }
}
