package io.icasdk.transfer.internal.s3;

import io.icasdk.core.HttpProxy;
import io.icasdk.transfer.internal.Cancellation;
import io.icasdk.transfer.internal.Checksums;
import io.icasdk.transfer.internal.ReadBuffers;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.crt.CRT;
import software.amazon.awssdk.crt.auth.credentials.Credentials;
import software.amazon.awssdk.crt.auth.signing.AwsSigningConfig;
import software.amazon.awssdk.crt.http.HttpHeader;
import software.amazon.awssdk.crt.http.HttpMonitoringOptions;
import software.amazon.awssdk.crt.http.HttpRequest;
import software.amazon.awssdk.crt.http.HttpRequestBodyStream;
import software.amazon.awssdk.crt.io.ClientBootstrap;
import software.amazon.awssdk.crt.io.ExponentialBackoffRetryOptions;
import software.amazon.awssdk.crt.io.StandardRetryOptions;
import software.amazon.awssdk.crt.io.TlsContext;
import software.amazon.awssdk.crt.io.TlsContextOptions;
import software.amazon.awssdk.crt.s3.S3Client;
import software.amazon.awssdk.crt.s3.S3ClientOptions;
import software.amazon.awssdk.crt.s3.S3FinishedResponseContext;
import software.amazon.awssdk.crt.s3.S3MetaRequest;
import software.amazon.awssdk.crt.s3.S3MetaRequestOptions;
import software.amazon.awssdk.crt.s3.S3MetaRequestResponseHandler;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The requests that dominate transfers, sent by the AWS CRT's own S3 client rather than through the
 * SDK's request pipeline: GETs written into files by the CRT itself, at their offset (no body byte
 * crosses into Java, where the SDK copies every chunk onto the heap), single-request PUTs of small
 * files (whose per-request SDK overhead dominated many-file uploads), and multipart parts read from
 * their file region straight into the CRT's buffer (the SDK read them through heap chunks: a third of
 * the client's CPU on a large upload, and most of a warm JVM's garbage). HEADs, and the start, listing,
 * completion and abort of multipart uploads, go this way too, so that a transfer never builds the SDK's
 * client (only upload ids that need URI encoding would use it). Signing,
 * connections and file writes are native; retries stay with {@link S3Calls} (the CRT's own are off), and failures become the
 * same exceptions the SDK raises, so {@link S3Errors} sorts them alike. Path-style addressing with an
 * endpoint override, virtual-hosted style on AWS. Thread-safe.
 */
final class NativeS3 implements AutoCloseable {
    private static final String UPPER_HEX = "0123456789ABCDEF";

    private final String region;
    private final URI endpointOverride;
    private final Executor executor;
    /** The HTTP proxy every request goes through, or null. */
    private final HttpProxy.Route proxy;
    private final ClientBootstrap bootstrap;
    private final TlsContext tls;
    private final S3Client client;
    /** Making a request (shared) against closing the native client (exclusive): a request on a freed one crashes. */
    private final java.util.concurrent.locks.ReadWriteLock lifecycle = new java.util.concurrent.locks.ReentrantReadWriteLock();
    private boolean closed;
    /** Read-back buffers for {@link #digestOf}. */
    private final ReadBuffers readBuffers = new ReadBuffers();

    /**
     * @param region           the bucket's region
     * @param endpointOverride a non-AWS endpoint (path-style), or null for AWS
     * @param maxConnections   connections at most
     * @param partSize         the size of the requests a long ranged GET is split into (and of the
     *                         CRT's pooled buffers)
     * @param stallTimeout     how long a connection may move no byte before the CRT closes it (its request
     *                         then fails and is retried); the CRT has no such limit of its own
     * @param executor         runs completions and read-back hashing (never the CRT's I/O threads)
     * @param proxy            the HTTP proxy to the endpoint, or null to connect directly
     */
    NativeS3(String region, URI endpointOverride, int maxConnections, long partSize, Duration stallTimeout,
             Executor executor, HttpProxy.Route proxy) {
        this.region = region;
        this.endpointOverride = endpointOverride;
        this.executor = executor;
        this.proxy = proxy;
        this.bootstrap = new ClientBootstrap(null, null);
        boolean https = endpointOverride == null || "https".equalsIgnoreCase(endpointOverride.getScheme());
        TlsContext context = null;
        if (https) {
            try (TlsContextOptions options = TlsContextOptions.createDefaultClient()) {
                context = new TlsContext(options);
            }
        }
        this.tls = context;
        S3ClientOptions options = new S3ClientOptions().withRegion(region).withClientBootstrap(bootstrap)
                .withMaxConnections(maxConnections).withThroughputTargetGbps(10).withPartSize(partSize)
                // The CRT reads 0 retries as its default, 3: it retries each of a ranged GET's part-sized
                // requests that often before the range fails back to S3Calls (which would fetch it all again).
                .withStandardRetryOptions(new StandardRetryOptions().withBackoffRetryOptions(
                        new ExponentialBackoffRetryOptions().withMaxRetries(0)))
                .withConnectTimeoutMs(10_000)
                .withHttpMonitoringOptions(stallMonitor(stallTimeout))
                .withProxyEnvironmentVariableSetting(S3ClientFactory.noEnvironmentProxy());
        if (proxy != null) {
            options.withProxyOptions(S3ClientFactory.crtProxy(proxy, https));
        }
        if (tls != null) {
            options.withTlsContext(tls);
        }
        this.client = new S3Client(options);
    }

    /** Closes a connection whose throughput stays under 1 byte/s for the whole timeout. */
    private static HttpMonitoringOptions stallMonitor(Duration stallTimeout) {
        HttpMonitoringOptions monitor = new HttpMonitoringOptions();
        monitor.setMinThroughputBytesPerSecond(1);
        monitor.setAllowableThroughputFailureIntervalSeconds((int) Math.max(1, stallTimeout.toSeconds()));
        return monitor;
    }

    /**
     * Downloads bytes {@code start..endInclusive} (the whole object when {@code endInclusive < 0}) into
     * {@code file}: at their own offset into an existing file for a range, and for a whole object either
     * replacing the file or over the start of the existing file.
     *
     * @param replaceFile whether a whole object replaces the file (else the file exists, and a longer file
     *                    keeps its tail: the caller compares the byte count); ranges never replace it
     * @param ifMatch     the ETag the object must still have, or null
     * @param digest      what to hash of the bytes written (read back from the page cache); any but NONE
     *                    also asks S3 for the object's checksum
     * @param credentials this attempt's credentials (session credentials)
     */
    CompletableFuture<RangeResult> get(String bucket, String key, long start, long endInclusive, String ifMatch,
                                       Path file, boolean replaceFile, Digest digest,
                                       AwsCredentialsProvider credentials) {
        boolean ranged = endInclusive >= 0;
        boolean inPlace = ranged || !replaceFile;
        long expected = ranged ? endInclusive - start + 1 : -1;
        URI endpoint = endpoint(bucket);
        List<HttpHeader> headers = hostHeader(endpoint);
        if (ranged) {
            headers.add(new HttpHeader("Range", "bytes=" + start + "-" + endInclusive));
        }
        if (ifMatch != null) {
            headers.add(new HttpHeader("If-Match", ifMatch));
        }
        if (digest != Digest.NONE) {
            headers.add(new HttpHeader("x-amz-checksum-mode", "ENABLED"));
        }
        HttpRequest request = new HttpRequest("GET", path(bucket, key), headers.toArray(new HttpHeader[0]), null);
        Response response = new Response();
        return send("GetObject", request, endpoint, credentials, response, key, file, options -> {
            options.withResponseFilePath(file).withResponseFileDeleteOnFailure(false)
                    .withResponseFileOption(inPlace ? S3MetaRequestOptions.ResponseFileOption.WRITE_TO_POSITION
                            : S3MetaRequestOptions.ResponseFileOption.CREATE_OR_REPLACE);
            if (inPlace) {
                options.withResponseFilePosition(start);
            }
            if (ranged) {
                // The CRT's ranged GET fills blocks of its buffer pool; a DEFAULT request would
                // allocate a fresh buffer of the range's size, whose page faults cost twice the
                // transfer's own CPU (measured without the MD5 check: about 3 s -> 1.2 s of CPU per GiB).
                options.withMetaRequestType(S3MetaRequestOptions.MetaRequestType.GET_OBJECT);
            }
        }, () -> {
            long bytes = response.contentLength();
            if (expected >= 0 && bytes != expected) {
                throw new IllegalStateException("S3 sent " + bytes + " bytes where " + expected + " were expected");
            }
            ObjectChecksum checksum = ObjectChecksum.from(response.header("x-amz-checksum-crc32"),
                    response.header("x-amz-checksum-crc32c"), response.header("x-amz-checksum-crc64nvme"));
            Digest kind = digest.resolve(checksum);
            String value = kind == Digest.NONE ? null : digestOf(file, ranged ? start : 0, bytes, kind);
            return new RangeResult(response.header("etag"), response.objectSize(bytes), bytes, kind, value,
                    checksum);
        });
    }

    /**
     * What a HEAD of an object says: its size, ETag and checksums, and with {@code partNumber} 1, the size
     * of its first part and how many parts it has. Without the SDK's client, which a download would
     * otherwise build for its HEADs alone (about 0.15 s of a fresh {@code ica} process's CPU).
     *
     * @param partNumber  0 for the whole object, else the part whose size to tell
     * @param credentials this attempt's credentials (session credentials)
     */
    CompletableFuture<Head> head(String bucket, String key, int partNumber, AwsCredentialsProvider credentials) {
        URI endpoint = endpoint(bucket);
        List<HttpHeader> headers = hostHeader(endpoint);
        headers.add(new HttpHeader("x-amz-checksum-mode", "ENABLED"));
        String query = partNumber > 0 ? "?partNumber=" + partNumber : "";
        HttpRequest request = new HttpRequest("HEAD", path(bucket, key) + query, headers.toArray(new HttpHeader[0]),
                null);
        Response response = new Response();
        return send("HeadObject", request, endpoint, credentials, response, key, null, options -> { }, () -> {
            String parts = response.header("x-amz-mp-parts-count");
            return new Head(response.contentLength(), response.header("etag"),
                    ObjectChecksum.from(response.header("x-amz-checksum-crc32"),
                            response.header("x-amz-checksum-crc32c"), response.header("x-amz-checksum-crc64nvme")),
                    parts == null ? 0 : Integer.parseInt(parts.trim()));
        });
    }

    /**
     * What a HEAD said.
     *
     * @param size       the object's size (its part's, for a HEAD of a part), or -1 when not sent
     * @param etag       the ETag as S3 sent it
     * @param checksum   the CRC S3 keeps for the object, or null
     * @param partsCount the number of parts (sent for a HEAD of a part of a multipart object), else 0
     */
    record Head(long size, String etag, ObjectChecksum checksum, int partsCount) {}

    /**
     * Uploads a small object in one request from memory; completes with its ETag.
     *
     * @param extraHeaders checksum and encryption headers ({@code x-amz-...}), name then value
     */
    CompletableFuture<String> put(String bucket, String key, ByteBuffer body, List<String> extraHeaders,
                                  AwsCredentialsProvider credentials) {
        return put("PutObject", bucket, key, "", new BufferBody(body), body.remaining(), extraHeaders, credentials);
    }

    /**
     * Uploads one part of a multipart upload, which the CRT reads straight from the file region (no heap
     * buffer); completes with its ETag. A file that cannot be read, or ends before the region does,
     * fails the part with a {@link LocalIoException}.
     *
     * @param uploadId     the upload's id; only ids that {@link #plainQueryValue} accepts
     * @param extraHeaders checksum headers ({@code x-amz-...}), name then value
     */
    CompletableFuture<String> putPart(String bucket, String key, String uploadId, int number, Path file,
                                      long offset, long length, List<String> extraHeaders,
                                      AwsCredentialsProvider credentials) {
        String query = partQuery(uploadId, number);
        FileRegionBody body;
        try {
            body = new FileRegionBody(file, offset, length);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new LocalIoException("Cannot read " + file + ": " + e.getMessage(), e));
        }
        return put("UploadPart", bucket, key, query, body, length, extraHeaders, credentials);
    }

    /**
     * Uploads one part of a multipart upload from memory (a stream's part); completes with its ETag.
     *
     * @param uploadId     the upload's id; only ids that {@link #plainQueryValue} accepts
     * @param extraHeaders checksum headers ({@code x-amz-...}), name then value
     */
    CompletableFuture<String> putPart(String bucket, String key, String uploadId, int number, ByteBuffer body,
                                      List<String> extraHeaders, AwsCredentialsProvider credentials) {
        return put("UploadPart", bucket, key, partQuery(uploadId, number), new BufferBody(body), body.remaining(),
                extraHeaders, credentials);
    }

    private static String partQuery(String uploadId, int number) {
        return "?partNumber=" + number + "&" + uploadIdQuery(uploadId);
    }

    private static String uploadIdQuery(String uploadId) {
        if (!plainQueryValue(uploadId)) {
            throw new IllegalArgumentException("upload id needs URI encoding: " + uploadId);
        }
        return "uploadId=" + uploadId;
    }

    /**
     * Starts a multipart upload; completes with its upload id.
     *
     * @param extraHeaders checksum and encryption headers ({@code x-amz-...}), name then value
     */
    CompletableFuture<String> createMultipartUpload(String bucket, String key, List<String> extraHeaders,
                                                    AwsCredentialsProvider credentials) {
        return xmlRequest("POST", "CreateMultipartUpload", bucket, key, "?uploads", null, extraHeaders, credentials)
                .thenApply(xml -> {
                    String id = S3Xml.text(xml, "UploadId");
                    if (id == null || id.isBlank()) {
                        throw SdkClientException.create("CreateMultipartUpload " + key
                                + ": S3 answered without an upload id");
                    }
                    return id;
                });
    }

    /**
     * Completes a multipart upload; completes with the object's ETag. An error that S3 sends with a 200
     * (a completion that failed after S3 began answering) fails it like any S3 error.
     *
     * @param uploadId the upload's id; only ids that {@link #plainQueryValue} accepts
     * @param body     the request's XML ({@link S3Xml#completeMultipartUpload})
     */
    CompletableFuture<String> completeMultipartUpload(String bucket, String key, String uploadId, byte[] body,
                                                      AwsCredentialsProvider credentials) {
        return xmlRequest("POST", "CompleteMultipartUpload", bucket, key, "?" + uploadIdQuery(uploadId), body,
                List.of(), credentials).thenApply(xml -> S3Xml.text(xml, "ETag"));
    }

    /**
     * One page of the parts S3 holds for a multipart upload; completes with S3's XML answer
     * ({@code ListPartsResult}).
     *
     * @param uploadId the upload's id; only ids that {@link #plainQueryValue} accepts
     * @param marker   the part number after which the page starts, or 0 for the first page
     */
    CompletableFuture<String> listParts(String bucket, String key, String uploadId, int marker,
                                        AwsCredentialsProvider credentials) {
        String query = "?" + (marker > 0 ? "part-number-marker=" + marker + "&" : "") + uploadIdQuery(uploadId);
        return xmlRequest("GET", "ListParts", bucket, key, query, null, List.of(), credentials);
    }

    /**
     * Aborts a multipart upload.
     *
     * @param uploadId the upload's id; only ids that {@link #plainQueryValue} accepts
     */
    CompletableFuture<Void> abortMultipartUpload(String bucket, String key, String uploadId,
                                                 AwsCredentialsProvider credentials) {
        return xmlRequest("DELETE", "AbortMultipartUpload", bucket, key, "?" + uploadIdQuery(uploadId), null,
                List.of(), credentials).thenApply(xml -> null);
    }

    /**
     * A request whose answer is a small XML document (or nothing); completes with it, or fails with the S3
     * error it is.
     *
     * @param body the request's body, or null for none
     */
    private CompletableFuture<String> xmlRequest(String method, String operation, String bucket, String key,
                                                 String query, byte[] body, List<String> extraHeaders,
                                                 AwsCredentialsProvider credentials) {
        URI endpoint = endpoint(bucket);
        List<HttpHeader> headers = hostHeader(endpoint);
        if (body != null || method.equals("POST")) {
            headers.add(new HttpHeader("Content-Length", Integer.toString(body == null ? 0 : body.length)));
        }
        addHeaders(headers, extraHeaders);
        HttpRequest request = new HttpRequest(method, path(bucket, key) + query, headers.toArray(new HttpHeader[0]),
                body == null ? null : new BufferBody(ByteBuffer.wrap(body)));
        Response response = new Response().keepingBody();
        return send(operation, request, endpoint, credentials, response, key, null, options -> { }, () -> {
            String xml = response.body();
            if (S3Xml.isError(xml)) {
                throw s3Error(200, xml, response.header("x-amz-request-id"));
            }
            return xml;
        });
    }

    /**
     * Whether a query value is sent as it is: the CRT's signer takes query values from the path
     * verbatim, so only values without characters that need encoding go this way (S3's upload ids do).
     */
    static boolean plainQueryValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~')) {
                return false;
            }
        }
        return !value.isEmpty();
    }

    private CompletableFuture<String> put(String operation, String bucket, String key, String query,
                                          HttpRequestBodyStream body, long length, List<String> extraHeaders,
                                          AwsCredentialsProvider credentials) {
        URI endpoint = endpoint(bucket);
        List<HttpHeader> headers = hostHeader(endpoint);
        headers.add(new HttpHeader("Content-Length", Long.toString(length)));
        addHeaders(headers, extraHeaders);
        HttpRequest request = new HttpRequest("PUT", path(bucket, key) + query,
                headers.toArray(new HttpHeader[0]), body);
        Response response = new Response(body instanceof FileRegionBody f ? f : null);
        return send(operation, request, endpoint, credentials, response, key, null, options -> { },
                () -> response.header("etag"));
    }

    /**
     * Starts a meta request. The returned future completes with {@code finish}'s result, run on the
     * executor; cancelling it cancels the request and waits (briefly) until the request really ended,
     * so that nothing reaches S3 or the file after a cancelled job has stopped. The native parts are
     * released when the request finished.
     */
    private <T> CompletableFuture<T> send(String operation, HttpRequest request, URI endpoint,
                                          AwsCredentialsProvider credentials, Response response, String key,
                                          Path file, Consumer<S3MetaRequestOptions> fileOptions,
                                          Supplier<T> finish) {
        AwsSigningConfig signing = signing(credentials);
        CompletableFuture<Void> done = new CompletableFuture<>();
        S3MetaRequestOptions options = new S3MetaRequestOptions()
                .withMetaRequestType(S3MetaRequestOptions.MetaRequestType.DEFAULT).withOperationName(operation)
                .withHttpRequest(request).withSigningConfig(signing).withEndpoint(endpoint)
                .withResponseHandler(response.handler(done, operation, endpoint, proxy));
        fileOptions.accept(options);
        S3MetaRequest meta;
        lifecycle.readLock().lock(); // the native client must not be freed while a request is being made on it
        try {
            if (closed) {
                throw new IllegalStateException("the S3 client was closed (its transfer manager was closed)");
            }
            meta = client.makeMetaRequest(options);
        } catch (RuntimeException e) {
            signing.close();
            response.release();
            String why = String.valueOf(e.getMessage());
            return CompletableFuture.failedFuture(file != null && isFileError(why)
                    ? new LocalIoException("Cannot write the downloaded bytes to " + file + ": " + why,
                            new IOException(why))
                    : SdkClientException.create("Cannot start " + operation + " " + key + ": " + why, e));
        } finally {
            lifecycle.readLock().unlock();
        }
        CompletableFuture<T> out = new Request<>() {
            @Override
            public void abort() {
                synchronized (meta) { // never on a request the completion below already closed
                    if (!done.isDone()) {
                        meta.cancel();
                    }
                }
            }

            @Override
            public void cancelBy(long deadlineNanos) {
                if (!done.isDone()) {
                    abort();
                    try {
                        done.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (ExecutionException | TimeoutException e) {
                        // ended with the cancel's error, or still ending: nothing more to wait for
                    }
                }
                super.cancel(true);
            }

            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                cancelBy(System.nanoTime() + Cancellation.MAX_WAIT_NANOS);
                return isCancelled();
            }
        };
        done.whenCompleteAsync((v, e) -> {
            synchronized (meta) {
                meta.close();
            }
            signing.close();
            if (e != null) {
                out.completeExceptionally(e);
                return;
            }
            try {
                out.complete(finish.get());
            } catch (RuntimeException x) {
                out.completeExceptionally(x);
            }
        }, executor);
        return out;
    }

    /** Adds headers given as a list of names and values (name, value, name, value, ...). */
    private static void addHeaders(List<HttpHeader> headers, List<String> namesAndValues) {
        for (int i = 0; i + 1 < namesAndValues.size(); i += 2) {
            headers.add(new HttpHeader(namesAndValues.get(i), namesAndValues.get(i + 1)));
        }
    }

    private List<HttpHeader> hostHeader(URI endpoint) {
        List<HttpHeader> headers = new ArrayList<>();
        headers.add(new HttpHeader("Host", hostAndPort(endpoint)));
        return headers;
    }

    /** The endpoint's host, with its port when it names one. */
    private static String hostAndPort(URI endpoint) {
        return endpoint.getPort() > 0 ? endpoint.getHost() + ":" + endpoint.getPort() : endpoint.getHost();
    }

    private String path(String bucket, String key) {
        return (endpointOverride != null ? "/" + encode(bucket) : "") + "/" + encode(key);
    }

    private AwsSigningConfig signing(AwsCredentialsProvider credentials) {
        AwsSigningConfig signing = AwsSigningConfig.getDefaultS3SigningConfig(region, null);
        signing.setCredentials(crtCredentials(credentials.resolveCredentials()));
        return signing;
    }

    private URI endpoint(String bucket) {
        return endpoint(endpointOverride, region, bucket);
    }

    /** Where a bucket's requests go: the override (path style), else AWS's virtual host for it. */
    static URI endpoint(URI endpointOverride, String region, String bucket) {
        if (endpointOverride != null) {
            return endpointOverride;
        }
        boolean dotted = bucket.indexOf('.') >= 0; // a dotted bucket breaks the TLS name of virtual hosts
        String host = (dotted ? "" : bucket + ".") + "s3." + region + ".amazonaws.com";
        return URI.create("https://" + host);
    }

    private static Credentials crtCredentials(AwsCredentials c) {
        byte[] token = c instanceof AwsSessionCredentials s ? s.sessionToken().getBytes(StandardCharsets.UTF_8) : null;
        return new Credentials(c.accessKeyId().getBytes(StandardCharsets.UTF_8),
                c.secretAccessKey().getBytes(StandardCharsets.UTF_8), token);
    }

    /** S3's URI encoding of a key: every byte but unreserved characters and {@code /}. */
    static String encode(String key) {
        StringBuilder sb = new StringBuilder(key.length() + 16);
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
                sb.append(c);
            } else {
                sb.append('%').append(UPPER_HEX.charAt((b >> 4) & 0xf)).append(UPPER_HEX.charAt(b & 0xf));
            }
        }
        return sb.toString();
    }

    /**
     * The digest of a file region, read back (from the page cache) into a pooled direct buffer: no new
     * buffer per range (they made most of a warm JVM's garbage on large downloads).
     */
    private String digestOf(Path file, long offset, long length, Digest kind) {
        ByteBuffer buf = readBuffers.take();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return Checksums.of(Checksums.Accumulator.of(kind), ch, offset, length, buf);
        } catch (EOFException e) {
            throw new LocalIoException("Cannot read back the downloaded bytes of " + file + ": the file ended early",
                    e);
        } catch (IOException e) {
            throw new LocalIoException("Cannot read back the downloaded bytes of " + file + ": " + e.getMessage(), e);
        } finally {
            readBuffers.give(buf);
        }
    }

    /** Frees the native client, once no request is being made on it; requests made after fail (no crash). */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lifecycle.writeLock().unlock();
        }
        client.close();
        if (tls != null) {
            tls.close();
        }
        bootstrap.close();
    }

    /** A request's future: {@code cancel} waits (briefly) until the request really ended, {@code abort} does not. */
    private abstract static class Request<T> extends CompletableFuture<T> implements Cancellation.Abortable {
    }

    /** A request body of a known length that the CRT pulls in pieces, and may pull again from the start. */
    private abstract static class Body implements HttpRequestBodyStream {
        protected final long length;
        protected long sent;

        Body(long length) {
            this.length = length;
        }

        @Override
        public synchronized boolean resetPosition() {
            sent = 0;
            return true;
        }

        @Override
        public long getLength() {
            return length;
        }
    }

    /** A request body from memory: the remaining bytes of a buffer (heap or direct), which it does not move. */
    private static final class BufferBody extends Body {
        private final ByteBuffer body;

        BufferBody(ByteBuffer body) {
            super(body.remaining());
            this.body = body.slice();
        }

        @Override
        public synchronized boolean sendRequestBody(ByteBuffer out) {
            int n = (int) Math.min(out.remaining(), length - sent);
            out.put(body.slice((int) sent, n));
            sent += n;
            return sent == length;
        }
    }

    /**
     * A request body read from a file region into the CRT's own buffer (one copy, no heap buffer).
     * A read error or a file that ends early is kept in {@link #failure} and fails the request.
     */
    private static final class FileRegionBody extends Body implements AutoCloseable {
        private final Path file;
        private final FileChannel channel;
        private final long offset;
        private volatile LocalIoException failure;

        FileRegionBody(Path file, long offset, long length) throws IOException {
            super(length);
            this.file = file;
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
            this.offset = offset;
        }

        @Override
        public synchronized boolean sendRequestBody(ByteBuffer out) {
            int limit = out.limit();
            try {
                while (out.hasRemaining() && sent < length) {
                    out.limit(out.position() + (int) Math.min(out.remaining(), length - sent));
                    int n = channel.read(out, offset + sent);
                    out.limit(limit);
                    if (n < 0) {
                        throw new IOException("the file ended " + (length - sent) + " bytes before the part did");
                    }
                    sent += n;
                }
            } catch (IOException e) {
                out.limit(limit);
                failure = new LocalIoException("Cannot read " + file + ": " + e.getMessage(), e);
                throw new BodyReadFailed(failure.getMessage());
            }
            return sent == length;
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // read-only: nothing was lost
            }
        }
    }

    /**
     * Tells the CRT that a body could not be read (a file truncated or unreadable while its part was
     * sent). The CRT prints what its callbacks throw to stderr (JNI's ExceptionDescribe, which calls
     * {@code printStackTrace()}): one line saying what happened rather than a stack trace; the failure
     * itself reaches the caller through the request's result.
     */
    private static final class BodyReadFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BodyReadFailed(String message) {
            super(message, null, false, false);
        }

        @Override
        public void printStackTrace() {
            System.err.println("(" + getMessage() + "; the transfer reports it)");
        }
    }

    /**
     * Whether a header's name (its ASCII bytes) is this lower-case name, ignoring case, read in place:
     * {@code HttpHeader.getName()} makes a new String each time (a response has about ten headers, and
     * each lookup walked them all: a tenth of a warm JVM's garbage on many small downloads).
     */
    static boolean headerNameIs(byte[] name, String lowerCaseName) {
        if (name == null || name.length != lowerCaseName.length()) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            int c = name[i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerCaseName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** What one response said, gathered on the CRT's thread. */
    private static final class Response {
        private final FileRegionBody fileBody;
        private volatile HttpHeader[] headers = new HttpHeader[0];
        /** The body, for answers that are kept ({@link #keepingBody}); else null. */
        private ByteArrayOutputStream body;

        Response() {
            this(null);
        }

        /** @param fileBody the request's body when read from a file (closed, and its error preferred, at the end) */
        Response(FileRegionBody fileBody) {
            this.fileBody = fileBody;
        }

        /** Keeps the answer's body (small XML answers), for {@link #body()}. */
        Response keepingBody() {
            body = new ByteArrayOutputStream(512);
            return this;
        }

        /** The kept body as text (after the request finished). */
        String body() {
            synchronized (this) {
                return body.toString(StandardCharsets.UTF_8);
            }
        }

        /** Releases the request's file, for a request that never started. */
        void release() {
            if (fileBody != null) {
                fileBody.close();
            }
        }

        S3MetaRequestResponseHandler handler(CompletableFuture<Void> result, String operation, URI endpoint,
                                             HttpProxy.Route proxy) {
            return new S3MetaRequestResponseHandler() {
                @Override
                public void onResponseHeaders(int statusCode, HttpHeader[] h) {
                    headers = h;
                }

                @Override
                public int onResponseBody(ByteBuffer bytes, long objectRangeStart, long objectRangeEnd) {
                    int n = bytes.remaining();
                    if (body != null) {
                        byte[] chunk = new byte[n];
                        bytes.get(chunk);
                        synchronized (Response.this) {
                            body.write(chunk, 0, n);
                        }
                    }
                    return n;
                }

                @Override
                public void onFinished(S3FinishedResponseContext context) {
                    if (fileBody != null) {
                        fileBody.close();
                        if (fileBody.failure != null) { // the file's error, not the CRT's "callback failed"
                            result.completeExceptionally(fileBody.failure);
                            return;
                        }
                    }
                    if (context.getErrorCode() == 0) {
                        result.complete(null);
                    } else {
                        result.completeExceptionally(failure(context, operation, endpoint, proxy));
                    }
                }
            };
        }

        /** A header's value; {@code lowerCaseName} in lower case. */
        String header(String lowerCaseName) {
            for (HttpHeader h : headers) {
                if (headerNameIs(h.getNameBytes(), lowerCaseName)) {
                    return h.getValue();
                }
            }
            return null;
        }

        long contentLength(long orElse) {
            String v = header("content-length");
            return v == null ? orElse : Long.parseLong(v.trim());
        }

        long contentLength() {
            return contentLength(-1);
        }

        /** The full object size: from Content-Range when ranged, else Content-Length. */
        long objectSize(long bytes) {
            String cr = header("content-range");
            if (cr != null) {
                int slash = cr.lastIndexOf('/');
                if (slash >= 0 && !cr.endsWith("*")) {
                    return Long.parseLong(cr.substring(slash + 1).trim());
                }
            }
            return contentLength(bytes);
        }
    }

    /**
     * The exception the SDK would raise for this outcome: S3's error, a local file error, or a client error
     * naming the operation and the endpoint (with what to check when the endpoint's name does not resolve).
     */
    static Throwable failure(S3FinishedResponseContext context, String operation, URI endpoint,
                             HttpProxy.Route proxy) {
        int status = context.getResponseStatus();
        String crtError = CRT.awsErrorName(context.getErrorCode());
        String payload = context.getErrorPayload() == null ? ""
                : new String(context.getErrorPayload(), StandardCharsets.UTF_8);
        if (status >= 300 || (status > 0 && S3Xml.isError(payload))) { // (the CRT may see an error in a 200)
            String requestId = null;
            if (context.getErrorHeaders() != null) {
                for (HttpHeader h : context.getErrorHeaders()) {
                    if (headerNameIs(h.getNameBytes(), "x-amz-request-id")) {
                        requestId = h.getValue();
                    }
                }
            }
            return s3Error(status, payload, requestId);
        }
        if (isFileError(crtError)) {
            String why = crtError.contains("NO_SPACE") ? "No space left on device"
                    : CRT.awsErrorString(context.getErrorCode());
            return new LocalIoException("Cannot write the downloaded bytes: " + why + " (" + crtError + ")",
                    new IOException(why));
        }
        return clientError(operation, endpoint, proxy, crtError, CRT.awsErrorString(context.getErrorCode()),
                context.getCause());
    }

    /**
     * A request that got no answer from S3: what, where (and through which proxy), why, and what to check when
     * the host is unknown or refuses connections.
     */
    static SdkClientException clientError(String operation, URI endpoint, HttpProxy.Route proxy, String crtError,
                                          String description, Throwable cause) {
        boolean tls = crtError.equals(S3Errors.TLS_NEGOTIATION_FAILURE);
        String advice = tls
                ? "; the TLS handshake failed, most often because this machine does not trust the server's"
                + " certificate: on a network that inspects TLS (a corporate proxy or firewall that re-signs"
                + " connections), add that network's CA certificate to the system's CA store (Debian, Ubuntu:"
                + " /usr/local/share/ca-certificates/, then update-ca-certificates; RHEL: /etc/pki/ca-trust/source/"
                + "anchors/, then update-ca-trust), which the transfers' TLS reads"
                : proxy != null && crtError.equals(S3Errors.PROXY_CONNECT_FAILED)
                ? "; the proxy did not open the tunnel to this host, and the CRT does not report its answer: a 407"
                + " means wrong or missing credentials in " + proxy.source() + " (http://user:password@host:port),"
                + " a 403 a host or port the proxy does not allow, a 5xx trouble at the proxy (run the job again)"
                : proxy != null
                ? "; check that the proxy runs and lets this host through (its address and any credentials are in "
                + proxy.source() + "), or reach the host directly by listing it in NO_PROXY"
                : crtError.startsWith("AWS_IO_DNS")
                ? "; check the network and DNS, or, for the ICA emulator or an S3 proxy, set the S3 endpoint override"
                + " (the ica tool: --s3-endpoint or AWS_ENDPOINT_URL_S3)"
                : crtError.equals("AWS_IO_SOCKET_CONNECTION_REFUSED")
                ? "; nothing accepts connections there: check that the S3 endpoint override (the ica tool:"
                + " --s3-endpoint or AWS_ENDPOINT_URL_S3) names a running server, or the network" : "";
        return SdkClientException.create(operation + " at " + hostAndPort(endpoint)
                + (proxy == null ? "" : " through the HTTP proxy " + proxy.describe()) + " failed: " + crtError
                + " (" + description + ")" + advice, cause);
    }

    /** Whether a CRT error is about the local file (a full disk, a bad path, permissions). */
    private static boolean isFileError(String crtError) {
        return crtError.contains("AWS_ERROR_FILE") || crtError.contains("NO_SPACE")
                || crtError.contains("NO_PERMISSION") || crtError.contains("MAX_FDS");
    }

    /** The exception the SDK raises for an S3 error answer: its status, code, message and request id. */
    private static S3Exception s3Error(int status, String payload, String requestId) {
        String code = S3Xml.text(payload, "Code");
        String message = S3Xml.text(payload, "Message");
        return (S3Exception) S3Exception.builder().statusCode(status).requestId(requestId)
                .message((code != null ? code : "HTTP " + status) + (message != null ? ": " + message : ""))
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message)
                        .serviceName("S3").build())
                .build();
    }
}
