package io.icasdk.transfer.internal.s3;

import io.icasdk.transfer.internal.Checksums;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Streams a GET's body into a {@link RangeSink} at the range's offset, hashing it on the way; never
 * holds more than one network buffer. A failed write cancels the stream and fails with a
 * {@link LocalIoException}; a body shorter than announced fails (and is retried by the caller).
 */
final class RangeTransformer implements AsyncResponseTransformer<GetObjectResponse, RangeResult> {
    private final RangeSink sink;
    private final long start;
    private final long expectedBytes;
    private final Digest digest;
    private volatile CompletableFuture<RangeResult> future;
    private volatile GetObjectResponse response;

    /**
     * @param expectedBytes bytes the range must deliver, or -1 when unknown (whole object)
     */
    RangeTransformer(RangeSink sink, long start, long expectedBytes, Digest digest) {
        this.sink = sink;
        this.start = start;
        this.expectedBytes = expectedBytes;
        this.digest = digest;
    }

    @Override
    public CompletableFuture<RangeResult> prepare() {
        future = new CompletableFuture<>();
        return future;
    }

    @Override
    public void onResponse(GetObjectResponse r) {
        this.response = r;
    }

    @Override
    public void onStream(SdkPublisher<ByteBuffer> publisher) {
        CompletableFuture<RangeResult> f = future;
        GetObjectResponse r = response;
        ObjectChecksum checksum = r == null ? null : ObjectChecksum.from(r.checksumCRC32(), r.checksumCRC32C(),
                r.checksumCRC64NVME());
        Digest kind = digest.resolve(checksum);
        Checksums.Accumulator hash = Checksums.Accumulator.of(kind);
        byte[] scratch = hash == null ? null : new byte[1 << 16];
        publisher.subscribe(new Subscriber<ByteBuffer>() {
            private Subscription subscription;
            private long position = start;
            private boolean failed;

            @Override
            public void onSubscribe(Subscription s) {
                subscription = s;
                s.request(1);
            }

            @Override
            public void onNext(ByteBuffer buffer) {
                if (failed) {
                    return;
                }
                int n = buffer.remaining();
                try {
                    if (hash != null) {
                        ByteBuffer view = buffer.duplicate();
                        while (view.hasRemaining()) {
                            int chunk = Math.min(scratch.length, view.remaining());
                            view.get(scratch, 0, chunk);
                            hash.update(scratch, 0, chunk);
                        }
                    }
                    sink.write(buffer, position);
                } catch (IOException | RuntimeException e) {
                    failed = true;
                    subscription.cancel();
                    f.completeExceptionally(e instanceof IOException io
                            ? new LocalIoException("Cannot write the downloaded bytes: " + io.getMessage(), io) : e);
                    return;
                }
                position += n;
                subscription.request(1);
            }

            @Override
            public void onError(Throwable t) {
                if (!failed) {
                    failed = true;
                    f.completeExceptionally(t);
                }
            }

            @Override
            public void onComplete() {
                if (failed) {
                    return;
                }
                long bytes = position - start;
                if (expectedBytes >= 0 && bytes != expectedBytes) {
                    f.completeExceptionally(new IOException("S3 sent " + bytes + " bytes where " + expectedBytes
                            + " were expected"));
                    return;
                }
                f.complete(new RangeResult(r == null ? null : r.eTag(), totalSize(r, bytes), bytes, kind,
                        hash == null ? null : hash.finish(), checksum));
            }
        });
    }

    @Override
    public void exceptionOccurred(Throwable error) {
        CompletableFuture<RangeResult> f = future;
        if (f != null) {
            f.completeExceptionally(error);
        }
    }

    private static long totalSize(GetObjectResponse r, long bytes) {
        if (r == null) {
            return bytes;
        }
        String cr = r.contentRange();
        if (cr != null) {
            int slash = cr.lastIndexOf('/');
            if (slash >= 0 && !cr.endsWith("*")) {
                try {
                    return Long.parseLong(cr.substring(slash + 1).trim());
                } catch (NumberFormatException e) {
                    // fall through
                }
            }
        }
        return r.contentLength() != null ? r.contentLength() : bytes;
    }
}
