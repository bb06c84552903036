package io.icasdk.transfer.internal.s3;

import io.icasdk.core.HttpProxy;
import io.icasdk.transfer.ChecksumMode;
import io.icasdk.transfer.internal.Cancellation;
import io.icasdk.transfer.internal.credentials.IssuedCredentials;
import io.icasdk.transfer.internal.journal.PartRecord;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import software.amazon.awssdk.core.FileRequestBodyConfiguration;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * The S3 operations the engine needs, each run through {@link S3Calls} (retries, credential refresh),
 * with per-part checksums and the scope's server-side encryption. The SDK client belongs to the caller;
 * the native client, when there is one, to the store. Thread-safe.
 */
public final class S3Store implements AutoCloseable {
    /** The SDK client, built on first use (see {@link S3ClientFactory.Built}). */
    private final Supplier<S3AsyncClient> client;
    private final S3Calls calls;
    /** Asks S3 to send the checksum it keeps for an object. */
    private static final software.amazon.awssdk.services.s3.model.ChecksumMode S3_CHECKSUMS =
            software.amazon.awssdk.services.s3.model.ChecksumMode.ENABLED;

    private final ChecksumMode checksumMode;
    private final NativeS3 nativeS3;

    public S3Store(S3AsyncClient client, S3Calls calls, ChecksumMode checksumMode) {
        this(() -> client, calls, checksumMode, null);
    }

    /**
     * @param nativeS3 the CRT's own client for GETs into files, small PUTs and parts, or null (the Java client):
     *                 see {@link #writesFiles()}
     */
    S3Store(Supplier<S3AsyncClient> client, S3Calls calls, ChecksumMode checksumMode, NativeS3 nativeS3) {
        this.client = client;
        this.calls = calls;
        this.checksumMode = checksumMode;
        this.nativeS3 = nativeS3;
    }

    /**
     * A store whose GETs the CRT writes into files itself ({@link #getToFile}) and whose other requests
     * (HEADs, small PUTs, multipart uploads' parts, start, listing, completion and abort) it sends, over its
     * own native S3 client, which {@link #close()} releases.
     *
     * @param partSize the size of the requests the CRT splits a long ranged GET into
     * @param proxy    the HTTP proxy to the endpoint, or null
     */
    public static S3Store withNativeS3(Supplier<S3AsyncClient> client, S3Calls calls, ChecksumMode checksumMode,
                                         String region, URI endpointOverride, int maxConnections,
                                         long partSize, Duration stallTimeout, Executor executor,
                                         HttpProxy.Route proxy) {
        return new S3Store(client, calls, checksumMode, new NativeS3(region, endpointOverride, maxConnections,
                partSize, stallTimeout, executor, proxy));
    }

    /** The host a bucket's requests go to: the endpoint override, else AWS's host for the bucket. */
    public static URI endpoint(URI endpointOverride, String region, String bucket) {
        return NativeS3.endpoint(endpointOverride, region, bucket);
    }

    /** Whether {@link #getToFile} is available (the CRT writes GETs into files itself). */
    public boolean writesFiles() {
        return nativeS3 != null;
    }

    /**
     * Like {@link #get} but into a file, written by the CRT itself: a range at its own offset of an
     * existing file, or the whole object replacing the file. Only when {@link #writesFiles()}.
     */
    public CompletableFuture<RangeResult> getToFile(S3Location loc, long start, long endInclusive, String ifMatch,
                                                    Path file, Digest digest, Cancellation cancel) {
        boolean ranged = endInclusive >= 0;
        String what = "GetObject " + loc.key() + (ranged ? " bytes " + start + "-" + endInclusive : "");
        return calls.call(what, loc.credentials(), false, p -> nativeS3.get(loc.bucket(), loc.key(), start,
                endInclusive, ifMatch, file, true, digest, p), cancel);
    }

    /**
     * Like {@link #getToFile} for the whole object, written by the CRT over the start of {@code file},
     * which exists (a longer file keeps its tail: compare the byte count with the file's length).
     */
    public CompletableFuture<RangeResult> getIntoFile(S3Location loc, Path file, Digest digest, Cancellation cancel) {
        return calls.call("GetObject " + loc.key(), loc.credentials(), false, p -> nativeS3.get(loc.bucket(),
                loc.key(), 0, -1, null, file, false, digest, p), cancel);
    }

    /** Releases the native client, if any (the SDK client belongs to the caller). */
    @Override
    public void close() {
        if (nativeS3 != null) {
            nativeS3.close();
        }
    }

    /** The retry machinery (for its counters). */
    public S3Calls calls() {
        return calls;
    }

    /** The checksum mode of uploads. */
    public ChecksumMode checksumMode() {
        return checksumMode;
    }

    /** Uploads a small object in one request; completes with its ETag. */
    public CompletableFuture<String> putObject(S3Location loc, byte[] body, int length, String checksum,
                                               Cancellation cancel) {
        return putObject(loc, ByteBuffer.wrap(body, 0, length), checksum, cancel);
    }

    /**
     * Uploads an object in one request from the remaining bytes of a buffer (heap or direct), which must stay
     * unchanged until the request ended; completes with its ETag.
     */
    public CompletableFuture<String> putObject(S3Location loc, ByteBuffer body, String checksum, Cancellation cancel) {
        if (nativeS3 != null) {
            return calls.call("PutObject " + loc.key(), loc.credentials(), false, p -> {
                IssuedCredentials c = loc.credentials().current();
                List<String> headers = checksumHeader(checksum);
                headers.addAll(sseHeaders(c));
                return nativeS3.put(c.bucket(), loc.key(), body, headers, p);
            }, cancel);
        }
        return calls.call("PutObject " + loc.key(), loc.credentials(), false, p -> {
            IssuedCredentials c = loc.credentials().current();
            PutObjectRequest.Builder b = PutObjectRequest.builder().bucket(c.bucket()).key(loc.key())
                    .contentLength((long) body.remaining())
                    .overrideConfiguration(o -> o.credentialsProvider(p));
            sse(c, b);
            checksum(b, checksum);
            return client.get().putObject(b.build(), AsyncRequestBody.fromByteBufferUnsafe(body.slice()));
        }, cancel).thenApply(r -> r.eTag());
    }

    /**
     * Starts a multipart upload; completes with its upload id. With a CRC, S3 then keeps one CRC of the whole
     * object (from the parts' CRCs, which it still checks one by one), the same whatever the part size: any
     * client can check a whole-object GET with it, and ranges of any size can (ObjectChecksum). SHA-256 can
     * only be composite.
     */
    public CompletableFuture<String> createMultipartUpload(S3Location loc, Cancellation cancel) {
        boolean fullObject = algorithm() != null && checksumMode != ChecksumMode.SHA256;
        if (nativeS3 != null) {
            return calls.call("CreateMultipartUpload " + loc.key(), loc.credentials(), false, p -> {
                IssuedCredentials c = loc.credentials().current();
                List<String> headers = sseHeaders(c);
                if (algorithm() != null) {
                    headers.addAll(List.of("x-amz-checksum-algorithm", algorithm().toString()));
                }
                if (fullObject) {
                    headers.addAll(List.of("x-amz-checksum-type", ChecksumType.FULL_OBJECT.toString()));
                }
                return nativeS3.createMultipartUpload(c.bucket(), loc.key(), headers, p);
            }, cancel);
        }
        return calls.call("CreateMultipartUpload " + loc.key(), loc.credentials(), false, p -> {
            IssuedCredentials c = loc.credentials().current();
            CreateMultipartUploadRequest.Builder b = CreateMultipartUploadRequest.builder().bucket(c.bucket())
                    .key(loc.key()).overrideConfiguration(o -> o.credentialsProvider(p));
            if (c.sseAlgorithm() != null) {
                b.serverSideEncryption(sseValue(c.sseAlgorithm()));
                if (c.usesKms() && c.sseKmsKeyId() != null) {
                    b.ssekmsKeyId(c.sseKmsKeyId());
                }
            }
            if (algorithm() != null) {
                b.checksumAlgorithm(algorithm());
            }
            if (fullObject) {
                b.checksumType(ChecksumType.FULL_OBJECT);
            }
            return client.get().createMultipartUpload(b.build());
        }, cancel).thenApply(r -> r.uploadId());
    }

    /**
     * Uploads one part read straight from a file region (each attempt reads it again, so no part-sized
     * buffer is held; with the native client, the CRT reads it into its own buffer, with no heap buffer
     * at all); completes with its record. S3 refuses the part when its bytes no longer match
     * {@code checksum}.
     */
    public CompletableFuture<PartRecord> uploadPart(S3Location loc, String uploadId, int number, Path file,
                                                    long offset, int length, String checksum, Cancellation cancel) {
        if (nativeS3 != null && NativeS3.plainQueryValue(uploadId)) {
            return calls.call("UploadPart " + number + " of " + loc.key(), loc.credentials(), false,
                    p -> nativeS3.putPart(loc.bucket(), loc.key(), uploadId, number, file,
                            offset, length, checksumHeader(checksum), p), cancel)
                    .thenApply(etag -> new PartRecord(number, length, etag, checksum));
        }
        // 1 MiB reads: the default 16 KiB chunks cost 30% more CPU per part.
        return uploadPartWithSdk(loc, uploadId, number, length, checksum, cancel, () -> AsyncRequestBody.fromFile(
                FileRequestBodyConfiguration.builder().path(file).position(offset).numBytesToRead((long) length)
                        .chunkSizeInBytes(1 << 20).build()));
    }

    /**
     * Uploads one part from memory (a part of a stream, which cannot be read again): the remaining bytes of
     * a buffer (heap or direct), which must stay unchanged until the request ended; completes with its record.
     */
    public CompletableFuture<PartRecord> uploadPart(S3Location loc, String uploadId, int number, ByteBuffer body,
                                                    String checksum, Cancellation cancel) {
        int length = body.remaining();
        if (nativeS3 != null && NativeS3.plainQueryValue(uploadId)) {
            return calls.call("UploadPart " + number + " of " + loc.key(), loc.credentials(), false,
                    p -> nativeS3.putPart(loc.bucket(), loc.key(), uploadId, number, body,
                            checksumHeader(checksum), p), cancel)
                    .thenApply(etag -> new PartRecord(number, length, etag, checksum));
        }
        return uploadPartWithSdk(loc, uploadId, number, length, checksum, cancel,
                () -> AsyncRequestBody.fromByteBufferUnsafe(body.slice()));
    }

    private CompletableFuture<PartRecord> uploadPartWithSdk(S3Location loc, String uploadId, int number, int length,
                                                            String checksum, Cancellation cancel,
                                                            Supplier<AsyncRequestBody> body) {
        return calls.call("UploadPart " + number + " of " + loc.key(), loc.credentials(), false, p -> {
            IssuedCredentials c = loc.credentials().current();
            UploadPartRequest.Builder b = UploadPartRequest.builder().bucket(c.bucket()).key(loc.key())
                    .uploadId(uploadId).partNumber(number).contentLength((long) length)
                    .overrideConfiguration(o -> o.credentialsProvider(p));
            if (checksum != null) {
                b.checksumAlgorithm(algorithm());
                switch (checksumMode) {
                    case CRC32 -> b.checksumCRC32(checksum);
                    case CRC32C -> b.checksumCRC32C(checksum);
                    case SHA256 -> b.checksumSHA256(checksum);
                    default -> { }
                }
            }
            return client.get().uploadPart(b.build(), body.get());
        }, cancel).thenApply(r -> new PartRecord(number, length, r.eTag(), checksum));
    }

    /** The checksum header of a native request ({@code x-amz-checksum-<algorithm>}, value), or none. */
    private List<String> checksumHeader(String checksum) {
        List<String> headers = new ArrayList<>();
        if (checksum != null && algorithm() != null) {
            headers.addAll(List.of("x-amz-checksum-" + checksumMode.name().toLowerCase(Locale.ROOT), checksum));
        }
        return headers;
    }

    /** The parts S3 holds for an upload (all pages). Fails with NOT_FOUND when the upload is gone. */
    public CompletableFuture<List<PartRecord>> listParts(S3Location loc, String uploadId, Cancellation cancel) {
        List<PartRecord> parts = new ArrayList<>();
        return listPartsFrom(loc, uploadId, null, parts, cancel).thenApply(v -> {
            parts.sort(Comparator.comparingInt(PartRecord::number));
            return parts;
        });
    }

    private CompletableFuture<Void> listPartsFrom(S3Location loc, String uploadId, Integer marker,
                                                  List<PartRecord> parts, Cancellation cancel) {
        if (nativeS3 != null && NativeS3.plainQueryValue(uploadId)) {
            return calls.call("ListParts " + loc.key(), loc.credentials(), false, p -> nativeS3.listParts(loc.bucket(),
                    loc.key(), uploadId, marker == null ? 0 : marker, p), cancel).thenCompose(xml -> {
                        for (String part : S3Xml.elements(xml, "Part")) {
                            parts.add(listedPart(part));
                        }
                        String next = S3Xml.text(xml, "NextPartNumberMarker");
                        if ("true".equals(S3Xml.text(xml, "IsTruncated")) && next != null) {
                            return listPartsFrom(loc, uploadId, Integer.valueOf(next.trim()), parts, cancel);
                        }
                        return CompletableFuture.completedFuture(null);
                    });
        }
        return calls.call("ListParts " + loc.key(), loc.credentials(), false,
                p -> client.get().listParts(b -> b.bucket(loc.bucket()).key(loc.key()).uploadId(uploadId)
                        .partNumberMarker(marker).overrideConfiguration(o -> o.credentialsProvider(p))), cancel)
                .thenCompose((ListPartsResponse r) -> {
                    for (Part part : r.parts()) {
                        parts.add(new PartRecord(part.partNumber(), part.size(), part.eTag(), partChecksum(part)));
                    }
                    if (Boolean.TRUE.equals(r.isTruncated()) && r.nextPartNumberMarker() != null) {
                        return listPartsFrom(loc, uploadId, r.nextPartNumberMarker(), parts, cancel);
                    }
                    return CompletableFuture.completedFuture(null);
                });
    }

    /** A part as a ListParts answer describes it ({@code <Part>}'s content). */
    private PartRecord listedPart(String part) {
        String number = S3Xml.text(part, "PartNumber");
        String size = S3Xml.text(part, "Size");
        if (number == null || size == null) {
            throw new IllegalStateException("S3 listed a part without its number or size: " + part);
        }
        return new PartRecord(Integer.parseInt(number.trim()), Long.parseLong(size.trim()), S3Xml.text(part, "ETag"),
                checksumElement() == null ? null : S3Xml.text(part, checksumElement()));
    }

    private String partChecksum(Part part) {
        return switch (checksumMode) {
            case CRC32 -> part.checksumCRC32();
            case CRC32C -> part.checksumCRC32C();
            case SHA256 -> part.checksumSHA256();
            default -> null;
        };
    }

    /** Completes a multipart upload from its parts; completes with the object's ETag. */
    public CompletableFuture<String> completeMultipartUpload(S3Location loc, String uploadId,
                                                             List<PartRecord> parts, Cancellation cancel) {
        List<PartRecord> inOrder = new ArrayList<>(parts);
        inOrder.sort(Comparator.comparingInt(PartRecord::number));
        String what = "CompleteMultipartUpload " + loc.key();
        if (nativeS3 != null && NativeS3.plainQueryValue(uploadId)) {
            byte[] body = S3Xml.completeMultipartUpload(inOrder, checksumElement()).getBytes(StandardCharsets.UTF_8);
            return calls.call(what, loc.credentials(), false,
                    p -> nativeS3.completeMultipartUpload(loc.bucket(), loc.key(), uploadId, body, p), cancel);
        }
        List<CompletedPart> completed = new ArrayList<>(inOrder.size());
        for (PartRecord p : inOrder) {
            CompletedPart.Builder b = CompletedPart.builder().partNumber(p.number()).eTag(p.etag());
            if (p.checksum() != null) {
                switch (checksumMode) {
                    case CRC32 -> b.checksumCRC32(p.checksum());
                    case CRC32C -> b.checksumCRC32C(p.checksum());
                    case SHA256 -> b.checksumSHA256(p.checksum());
                    default -> { }
                }
            }
            completed.add(b.build());
        }
        return calls.call(what, loc.credentials(), false,
                p -> client.get().completeMultipartUpload(b -> b.bucket(loc.bucket()).key(loc.key()).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(completed))
                        .overrideConfiguration(o -> o.credentialsProvider(p))), cancel)
                .thenApply(r -> r.eTag());
    }

    /** Aborts a multipart upload (only on cancel-by-source-change; never after network trouble). */
    public CompletableFuture<Void> abortMultipartUpload(S3Location loc, String uploadId, Cancellation cancel) {
        if (nativeS3 != null && NativeS3.plainQueryValue(uploadId)) {
            return calls.call("AbortMultipartUpload " + loc.key(), loc.credentials(), false,
                    p -> nativeS3.abortMultipartUpload(loc.bucket(), loc.key(), uploadId, p), cancel);
        }
        return calls.call("AbortMultipartUpload " + loc.key(), loc.credentials(), false,
                p -> client.get().abortMultipartUpload(b -> b.bucket(loc.bucket()).key(loc.key()).uploadId(uploadId)
                        .overrideConfiguration(o -> o.credentialsProvider(p))), cancel).thenApply(r -> null);
    }

    /**
     * Size, ETag and (when S3 keeps one that is cheap to check) CRC of an object. Fails with NOT_FOUND
     * when it does not exist.
     */
    public CompletableFuture<ObjectInfo> head(S3Location loc, Cancellation cancel) {
        if (nativeS3 != null) {
            return calls.call("HeadObject " + loc.key(), loc.credentials(), true,
                    p -> nativeS3.head(loc.bucket(), loc.key(), 0, p), cancel)
                    .thenApply(h -> new ObjectInfo(h.size(), h.etag(), h.checksum()));
        }
        return calls.call("HeadObject " + loc.key(), loc.credentials(), true,
                p -> client.get().headObject(b -> b.bucket(loc.bucket()).key(loc.key()).checksumMode(S3_CHECKSUMS)
                        .overrideConfiguration(o -> o.credentialsProvider(p))), cancel)
                .thenApply(r -> new ObjectInfo(r.contentLength(), r.eTag(),
                        ObjectChecksum.from(r.checksumCRC32(), r.checksumCRC32C(),
                                r.checksumCRC64NVME())));
    }

    /**
     * The size of the first part of an object uploaded in parts (a HEAD with {@code partNumber=1}), so that
     * ranges can line up with the parts whose MD5s or CRCs make its ETag or composite checksum; -1 when the
     * object has one part or the server cannot tell (S3Proxy answers 501). Asked once, without retries: a
     * failure only means the part size is inferred instead.
     */
    public CompletableFuture<Long> firstPartSize(S3Location loc) {
        if (nativeS3 != null) {
            return nativeS3.head(loc.bucket(), loc.key(), 1, loc.credentials())
                    .thenApply(h -> h.partsCount() > 1 && h.size() >= 0 ? h.size() : -1L)
                    .exceptionally(e -> -1L);
        }
        try {
            return client.get().headObject(b -> b.bucket(loc.bucket()).key(loc.key()).partNumber(1)
                            .overrideConfiguration(o -> o.credentialsProvider(loc.credentials())))
                    .thenApply(r -> r.partsCount() != null && r.partsCount() > 1 && r.contentLength() != null
                            ? r.contentLength() : -1L)
                    .exceptionally(e -> -1L);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(-1L);
        }
    }

    /**
     * Downloads bytes {@code start..endInclusive} (or the whole object when {@code endInclusive < 0})
     * into the sink at their offsets.
     *
     * @param ifMatch the ETag the object must still have, or null
     * @param digest  what to hash of the bytes; any but NONE also asks S3 for the object's checksum
     */
    public CompletableFuture<RangeResult> get(S3Location loc, long start, long endInclusive, String ifMatch,
                                              RangeSink sink, Digest digest, Cancellation cancel) {
        boolean ranged = endInclusive >= 0;
        long expected = ranged ? endInclusive - start + 1 : -1;
        String what = "GetObject " + loc.key() + (ranged ? " bytes " + start + "-" + endInclusive : "");
        return calls.call(what, loc.credentials(), false, p -> {
            GetObjectRequest.Builder b = GetObjectRequest.builder().bucket(loc.bucket()).key(loc.key())
                    .overrideConfiguration(o -> o.credentialsProvider(p));
            if (ranged) {
                b.range("bytes=" + start + "-" + endInclusive);
            }
            if (ifMatch != null) {
                b.ifMatch(ifMatch);
            }
            if (digest != Digest.NONE) {
                b.checksumMode(S3_CHECKSUMS);
            }
            return client.get().getObject(b.build(), new RangeTransformer(sink, ranged ? start : 0, expected, digest));
        }, cancel);
    }

    private ChecksumAlgorithm algorithm() {
        return switch (checksumMode) {
            case CRC32 -> ChecksumAlgorithm.CRC32;
            case CRC32C -> ChecksumAlgorithm.CRC32_C;
            case SHA256 -> ChecksumAlgorithm.SHA256;
            default -> null;
        };
    }

    private void checksum(PutObjectRequest.Builder b, String checksum) {
        if (checksum == null) {
            return;
        }
        b.checksumAlgorithm(algorithm());
        switch (checksumMode) {
            case CRC32 -> b.checksumCRC32(checksum);
            case CRC32C -> b.checksumCRC32C(checksum);
            case SHA256 -> b.checksumSHA256(checksum);
            default -> { }
        }
    }

    /** The XML element of a part's checksum in a CompleteMultipartUpload, or null for none. */
    private String checksumElement() {
        return switch (checksumMode) {
            case CRC32 -> "ChecksumCRC32";
            case CRC32C -> "ChecksumCRC32C";
            case SHA256 -> "ChecksumSHA256";
            default -> null;
        };
    }

    /** The scope's server-side encryption headers of a native request, name then value (none without). */
    private static List<String> sseHeaders(IssuedCredentials c) {
        List<String> headers = new ArrayList<>();
        if (c.sseAlgorithm() != null) {
            headers.addAll(List.of("x-amz-server-side-encryption", sseValue(c.sseAlgorithm())));
            if (c.usesKms() && c.sseKmsKeyId() != null) {
                headers.addAll(List.of("x-amz-server-side-encryption-aws-kms-key-id", c.sseKmsKeyId()));
            }
        }
        return headers;
    }

    private static void sse(IssuedCredentials c, PutObjectRequest.Builder b) {
        if (c.sseAlgorithm() != null) {
            b.serverSideEncryption(sseValue(c.sseAlgorithm()));
            if (c.usesKms() && c.sseKmsKeyId() != null) {
                b.ssekmsKeyId(c.sseKmsKeyId());
            }
        }
    }

    /** ICA writes {@code AWS:KMS}; S3 wants {@code aws:kms}. */
    static String sseValue(String algorithm) {
        return algorithm.toLowerCase(Locale.ROOT).contains("kms") ? "aws:kms" : algorithm;
    }
}
