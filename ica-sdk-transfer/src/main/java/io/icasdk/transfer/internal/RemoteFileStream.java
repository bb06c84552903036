package io.icasdk.transfer.internal;

import io.icasdk.core.HttpProxy;
import io.icasdk.transfer.ChecksumMismatchException;
import io.icasdk.transfer.SourceChangedException;
import io.icasdk.transfer.TransferException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One project file read as a stream through its presigned URL: one GET from the start, and when the
 * connection breaks, another that continues where the stream stopped ({@code Range}, pinned with
 * {@code If-Match} to the ETag, so that a file replaced meanwhile fails instead of mixing two versions).
 * At the end its size is checked, and its MD5 where the ETag is one. Every failure is an
 * {@link IOException} from {@code read}, its cause one of our exceptions where there is one. The URL is
 * never logged or put in a message. One reader thread.
 */
public final class RemoteFileStream extends InputStream {
    private static final int ATTEMPTS = 6;

    private final HttpClient http;
    private final Function<URI, HttpRequest.Builder> requests;
    private final HttpProxy proxy;
    private final Supplier<URI> mint;
    private final String remotePath;
    private final long size;
    private final String etag;
    private final MessageDigest md5;
    private final BandwidthLimiter bandwidth;
    /** Why the stream is damaged, once found: every later read fails with it too. */
    private IOException damaged;
    /** Cancelled by {@link #close}: ends a read waiting for its turn under the bandwidth cap. */
    private final Cancellation closing = new Cancellation();
    private final Duration stallTimeout;
    private final ScheduledExecutorService scheduler;
    private URI url;
    private InputStream body;
    private StallWatch watch;
    private long position;
    private int failures;
    private boolean finished;
    private boolean closed;

    /**
     * @param http     the runtime's client for presigned URLs
     * @param requests starts a request to a URL (with the proxy's credentials where it needs them)
     * @param proxy    the proxy those go through (what its 407 means)
     * @param mint     mints the file's presigned URL (again after a 403: it expired)
     * @param verify   whether to check the MD5 where the ETag is one
     * @param stallTimeout a response that moves no byte for this long is closed, and continued by a new GET
     * @param scheduler runs the stall check
     */
    public RemoteFileStream(HttpClient http, Function<URI, HttpRequest.Builder> requests, HttpProxy proxy,
                            Supplier<URI> mint, String remotePath, long size, String etag, boolean verify,
                            BandwidthLimiter bandwidth, Duration stallTimeout, ScheduledExecutorService scheduler) {
        this.http = http;
        this.requests = requests;
        this.proxy = proxy;
        this.mint = mint;
        this.remotePath = remotePath;
        this.size = size;
        this.etag = etag;
        this.md5 = verify && Checksums.isPlainMd5(etag) ? Checksums.md5() : null;
        this.bandwidth = bandwidth;
        this.stallTimeout = stallTimeout;
        this.scheduler = scheduler;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("The stream of " + remotePath + " is closed");
        }
        if (damaged != null) { // every later read says so again: an end of stream would pass for a whole file
            throw new IOException(damaged.getMessage(), damaged.getCause());
        }
        if (finished) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (body == null) {
                body = open();
                watch = new StallWatch(body, stallTimeout, scheduler); // a stalled body fails the read below
            }
            int n;
            try {
                n = body.read(b, off, (int) Math.min(len, Math.max(1, size - position)));
            } catch (IOException e) {
                if (position == size) { // every byte arrived; only the end of the response was lost
                    closeBody();
                    finish();
                    return -1;
                }
                broken(e);
                continue;
            }
            if (n < 0) {
                closeBody();
                if (position < size) {
                    broken(new EOFException("the response ended " + (size - position) + " bytes early"));
                    continue;
                }
                finish();
                return -1;
            }
            if (position + n > size) {
                throw mismatch("more bytes arrived than its size of " + size);
            }
            try {
                bandwidth.acquire(n, closing);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("Interrupted while reading " + remotePath);
            } catch (CancellationException e) {
                throw new IOException("The stream of " + remotePath + " was closed while it was read");
            }
            if (md5 != null) {
                md5.update(b, off, n);
            }
            position += n;
            failures = 0;
            watch.progress();
            return n;
        }
    }

    @Override
    public void close() {
        closed = true;
        closing.cancel();
        closeBody();
    }

    /** A response body from {@link #position} on, retrying what can be retried. */
    private InputStream open() throws IOException {
        boolean reminted = false;
        while (true) {
            if (url == null) {
                url = mint.get();
            }
            HttpRequest.Builder request = requests.apply(url).timeout(stallTimeout).GET(); // to the headers
            if (position > 0) {
                request.header("Range", "bytes=" + position + "-");
                if (etag != null) {
                    request.header("If-Match", etag);
                }
            }
            HttpResponse<InputStream> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("Interrupted while reading " + remotePath);
            } catch (IOException e) {
                if (UntrustedCertificate.causes(e)) {
                    throw failure(UntrustedCertificate.failure("Reading " + remotePath, url, proxy, e));
                }
                broken(e);
                continue;
            }
            int status = response.statusCode();
            if (status == (position > 0 ? 206 : 200)) {
                return response.body();
            }
            if (response.body() != null) { // none: a proxy's 407 to the tunnel
                response.body().close();
            }
            if (status == 403 && !reminted) {
                url = mint.get(); // expired: a fresh URL, once
                reminted = true;
            } else if (status == 412) {
                throw failure(new SourceChangedException(remotePath + " changed in ICA while it was read"
                        + " (its ETag no longer matches); the bytes read so far belong to the old version. Read it"
                        + " again"));
            } else if (status == 429 || status >= 500) {
                broken(new IOException("HTTP " + status));
            } else {
                throw failure(new TransferException("Reading " + remotePath + " was refused with HTTP " + status
                        + (status == 403 ? ": no access, or the file is archived"
                        : status == 407 ? ". " + proxy.authenticationAdvice(url) : "")));
            }
        }
    }

    /** A failed request or a broken connection: retried after a pause, up to {@link #ATTEMPTS} in a row. */
    private void broken(IOException e) throws IOException {
        closeBody();
        if (++failures >= ATTEMPTS) {
            throw failure(new TransferException("Reading " + remotePath + " failed " + ATTEMPTS
                    + " times in a row at byte " + position + " of " + size + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); check the network and read it"
                    + " again"));
        }
        try {
            Thread.sleep(Math.min(5_000L, 100L << failures));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while reading " + remotePath);
        }
    }

    private void finish() throws IOException {
        finished = true;
        if (position != size) {
            throw mismatch(position + " bytes arrived, its size is " + size);
        }
        if (md5 != null && !Checksums.hex(md5.digest()).equals(Checksums.unquote(etag))) {
            throw mismatch("the bytes do not match its MD5 (ETag)");
        }
    }

    private IOException mismatch(String what) {
        finished = true;
        closeBody();
        damaged = failure(new ChecksumMismatchException("The stream of " + remotePath + " is damaged: " + what
                + ". Do not use what was read; read it again"));
        return damaged;
    }

    private static IOException failure(TransferException e) {
        return new IOException(e.getMessage(), e);
    }

    private void closeBody() {
        if (watch != null) {
            watch.close();
            watch = null;
        }
        InputStream b = body;
        body = null;
        if (b != null) {
            try {
                b.close();
            } catch (IOException e) {
                // the connection is gone either way
            }
        }
    }
}
