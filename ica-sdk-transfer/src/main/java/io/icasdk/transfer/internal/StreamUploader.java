package io.icasdk.transfer.internal;

import io.icasdk.transfer.FileOutcome;
import io.icasdk.transfer.FileResult;
import io.icasdk.transfer.internal.journal.PartRecord;
import io.icasdk.transfer.internal.s3.S3Errors;
import io.icasdk.transfer.internal.s3.S3Location;
import io.icasdk.transfer.internal.s3.S3Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads a stream of unknown length (another program's output) to one S3 object. It is read part by
 * part into memory: a stream that ends within the first part goes in one PutObject, a longer one as a
 * multipart upload whose parts are sent while the next ones are read, with at most {@code
 * maxRequestsInFlight} parts' worth of memory in flight. The part size doubles every {@value
 * #PARTS_PER_SIZE} parts, up to 1 GiB, so that S3's 10,000 parts hold about 4 TiB from 8 MiB parts.
 *
 * <p>A stream cannot be read again, so there is no journal: a failure or a cancel aborts the multipart
 * upload (nothing is left behind), and the result says to run it again from the start. Blocking; call it
 * from the job's thread. Thread-safe.
 */
public final class StreamUploader {
    private static final Logger log = LoggerFactory.getLogger(StreamUploader.class);
    /** Parts of one size before the part size doubles. */
    static final int PARTS_PER_SIZE = 1000;
    /** The largest part (a part is one array). */
    static final long MAX_PART = 1L << 30;

    private final TransferRuntime rt;

    public StreamUploader(TransferRuntime rt) {
        this.rt = rt;
    }

    /**
     * One stream to upload.
     *
     * @param in         the stream, read to its end (not closed)
     * @param remotePath its ICA path, for results
     * @param location   the object and the scope's credentials
     * @param progress   the job's progress
     * @param cancel     the job's cancel switch
     */
    public record Task(InputStream in, String remotePath, S3Location location, ProgressTracker progress,
                       Cancellation cancel) {}

    /**
     * Uploads the stream.
     *
     * @return its result (FAILED with a reason rather than an exception)
     * @throws CancellationException when the job was cancelled
     */
    public FileResult upload(Task t) {
        Sent sent = new Sent();
        try {
            t.cancel().check();
            return run(t, sent);
        } catch (CancellationException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("Interrupted");
        } catch (IOException | RuntimeException e) {
            if (t.cancel().isCancelled() || S3Errors.classify(e, false) == S3Errors.Kind.CANCELLED) {
                throw new CancellationException("The transfer was cancelled");
            }
            String why = e instanceof TooLong ? e.getMessage()
                    : e instanceof IOException ? "Cannot read the stream to upload: "
                            + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName())
                    : FileUploader.reason(e);
            return new FileResult(t.remotePath(), null, FileOutcome.FAILED, why + ". Nothing was kept (a stream"
                    + " cannot be resumed): upload it again from the start", sent.read, sent.bytes.get(), false,
                    false);
        }
    }

    /** What was read from the stream (by the job's thread) and acknowledged by S3 so far. */
    private static final class Sent {
        long read;
        final AtomicLong bytes = new AtomicLong();
    }

    /** A stream longer than S3's parts can hold. */
    private static final class TooLong extends IOException {
        private static final long serialVersionUID = 1L;

        TooLong(String message) {
            super(message);
        }
    }

    /**
     * The size of part {@code number} (from 1): the first part's size (at most {@link #MAX_PART}), doubled
     * every {@value #PARTS_PER_SIZE} parts, at most {@link #MAX_PART}.
     */
    static long partSize(long first, int number) {
        int doublings = Math.min((number - 1) / PARTS_PER_SIZE, 20);
        return Math.min(MAX_PART, first << doublings);
    }

    private FileResult run(Task t, Sent sent) throws IOException, InterruptedException {
        S3Store store = rt.store(t.location().credentials().current());
        long first = Math.min(MAX_PART, Math.max(PartPlan.MIN_PART_SIZE, rt.settings().partSizeInBytes()));
        Reader in = new Reader(t.in());
        ByteBuffer buffer = in.fill(ByteBuffer.allocateDirect((int) first));
        int len = buffer.remaining();
        sent.read = len;
        if (len < first || in.atEnd()) {
            single(t, store, buffer);
            sent.bytes.set(len);
            return new FileResult(t.remotePath(), null, FileOutcome.SUCCESS, null, len, len, false, false);
        }
        String uploadId = FileUploader.await(store.createMultipartUpload(t.location(), t.cancel()));
        log.debug("Streaming to {} in a multipart upload", t.remotePath());
        // Ended once: aborted by a cancel (on the cancelling thread, as the process may exit next), or by
        // this thread when the upload failed, or completed.
        AtomicBoolean ended = new AtomicBoolean();
        Runnable abort = () -> {
            if (ended.compareAndSet(false, true)) {
                abortQuietly(t, store, uploadId);
            }
        };
        t.cancel().onCancel(abort);
        boolean completing = false;
        try {
            List<PartRecord> parts = sendParts(t, store, uploadId, in, buffer, sent);
            t.cancel().check();
            parts.sort(Comparator.comparingInt(PartRecord::number));
            if (!ended.compareAndSet(false, true)) {
                throw new CancellationException("The transfer was cancelled");
            }
            completing = true;
            FileUploader.await(store.completeMultipartUpload(t.location(), uploadId, parts, t.cancel()));
        } catch (RuntimeException | IOException | InterruptedException e) {
            if (completing) {
                abortQuietly(t, store, uploadId);
            }
            throw e;
        } finally {
            t.cancel().forget(abort);
            abort.run(); // nothing when the upload ended already
        }
        return new FileResult(t.remotePath(), null, FileOutcome.SUCCESS, null, sent.read, sent.bytes.get(), false,
                false);
    }

    private void single(Task t, S3Store store, ByteBuffer body) throws InterruptedException {
        int len = body.remaining();
        int held = rt.requestPermits().acquireHeld(len, t.cancel());
        try {
            rt.bandwidth().acquire(len, t.cancel());
            String checksum = Checksums.of(store.checksumMode(), body);
            FileUploader.await(store.putObject(t.location(), body, checksum, t.cancel()));
        } finally {
            rt.requestPermits().release(held);
        }
        t.progress().bytesTransferred(len);
    }

    /**
     * Sends the parts, the first already read, reading each next one while the earlier ones are sent.
     *
     * @return the parts S3 acknowledged, all of them
     * @throws IOException when the stream cannot be read
     */
    private List<PartRecord> sendParts(Task t, S3Store store, String uploadId, Reader in, ByteBuffer first,
                                       Sent sent) throws IOException, InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<PartRecord> parts = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<PartRecord>> inFlight = new ArrayList<>();
        Queue<ByteBuffer> spare = new ConcurrentLinkedQueue<>(); // buffers of sent parts, for the next ones
        ByteBuffer buffer = first;
        try {
            for (int number = 1; ; number++) {
                int len = buffer.remaining();
                int held = rt.requestPermits().acquireHeld(len, t.cancel());
                CompletableFuture<PartRecord> f;
                try {
                    rt.bandwidth().acquire(len, t.cancel());
                    String checksum = Checksums.of(store.checksumMode(), buffer);
                    f = store.uploadPart(t.location(), uploadId, number, buffer, checksum, t.cancel());
                } catch (RuntimeException | InterruptedException e) {
                    rt.requestPermits().release(held);
                    throw e;
                }
                ByteBuffer body = buffer;
                inFlight.add(f.whenComplete((part, err) -> {
                    rt.requestPermits().release(held);
                    if (err != null) { // a failed request might still read its body: not reused
                        failure.compareAndSet(null, err);
                        return;
                    }
                    parts.add(part);
                    sent.bytes.addAndGet(part.length());
                    t.progress().bytesTransferred(part.length());
                    spare.offer(body);
                }));
                if (in.atEnd() || failure.get() != null || t.cancel().isCancelled()) {
                    break;
                }
                if (number == PartPlan.MAX_PARTS) {
                    throw new TooLong("The stream is longer than S3's " + PartPlan.MAX_PARTS + " parts can hold"
                            + " from a first part of " + (first.capacity() >> 20) + " MiB; set a larger part size");
                }
                buffer = in.fill(take(spare, partSize(first.capacity(), number + 1)));
                sent.read += buffer.remaining();
            }
        } finally {
            FileUploader.awaitQuietly(inFlight);
        }
        Throwable err = failure.get();
        if (err != null) {
            throw err instanceof RuntimeException re ? re : new CompletionException(err);
        }
        return new ArrayList<>(parts);
    }

    /**
     * A spare buffer of this size, else a new one (the part size grows, so older ones are dropped). Direct:
     * off the Java heap, where parts of several MiB would be humongous objects that fragment a small heap (a
     * 32 MiB heap could not hold three parts of 5 MiB as arrays).
     */
    private static ByteBuffer take(Queue<ByteBuffer> spare, long size) {
        for (ByteBuffer b; (b = spare.poll()) != null; ) {
            if (b.capacity() == size) {
                return b.clear();
            }
        }
        return ByteBuffer.allocateDirect((int) size);
    }

    /** The stream, read into part buffers through one small array, and one byte ahead to see its end. */
    private static final class Reader {
        private final PushbackInputStream in;
        private final byte[] chunk = new byte[64 * 1024];

        Reader(InputStream in) {
            this.in = new PushbackInputStream(in, 1);
        }

        /** Fills the buffer from the stream (less only at its end) and flips it: its remaining bytes are the part. */
        ByteBuffer fill(ByteBuffer buffer) throws IOException {
            while (buffer.hasRemaining()) {
                int n = in.read(chunk, 0, Math.min(chunk.length, buffer.remaining()));
                if (n < 0) {
                    break;
                }
                buffer.put(chunk, 0, n);
            }
            return buffer.flip();
        }

        /** Whether the stream has ended (reads one byte ahead and puts it back). */
        boolean atEnd() throws IOException {
            int b = in.read();
            if (b < 0) {
                return true;
            }
            in.unread(b);
            return false;
        }
    }

    private static void abortQuietly(Task t, S3Store store, String uploadId) {
        try {
            FileUploader.await(store.abortMultipartUpload(t.location(), uploadId, new Cancellation()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.debug("Aborting the multipart upload of {} failed: {}", t.remotePath(), S3Errors.describe(e));
        }
    }
}
