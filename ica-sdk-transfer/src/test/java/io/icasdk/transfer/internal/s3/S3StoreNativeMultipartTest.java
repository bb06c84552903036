package io.icasdk.transfer.internal.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icasdk.core.Secret;
import io.icasdk.transfer.ChecksumMode;
import io.icasdk.transfer.internal.Cancellation;
import io.icasdk.transfer.internal.credentials.IssuedCredentials;
import io.icasdk.transfer.internal.credentials.RefreshingCredentialsProvider;
import io.icasdk.transfer.internal.journal.PartRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A multipart upload's start, listing, completion and abort as the CRT's own client sends them (the SDK's
 * client is never built): their exact requests, S3's answers read from their XML, and an error S3 sends with
 * a 200.
 */
class S3StoreNativeMultipartTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private MockWebServer server;
    private S3Location loc;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        RefreshingCredentialsProvider creds = new RefreshingCredentialsProvider("test", () ->
                new IssuedCredentials("AKIDTEST", Secret.of("secret"), Secret.of("token"), "us-east-1", "bucket",
                        "p/", "AES256", null, Instant.now(), null), Clock.systemUTC(), executor);
        loc = new S3Location(creds, "p/a b+c.bin");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        scheduler.shutdownNow();
        executor.shutdownNow();
    }

    private S3Store store(ChecksumMode mode) {
        NativeS3 nativeS3 = new NativeS3("us-east-1", server.url("/").uri(), 4, 8L << 20, Duration.ofSeconds(30),
                executor, null);
        return new S3Store(() -> {
            throw new AssertionError("the SDK's S3 client was built");
        }, new S3Calls(executor, scheduler, S3Calls.Policy.defaults()), mode, nativeS3);
    }

    @Test
    void createMultipartUpload_postsWithItsChecksumAndEncryptionHeaders_andReadsTheUploadId() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<InitiateMultipartUploadResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Bucket>bucket"
                + "</Bucket><Key>p/a b+c.bin</Key><UploadId>VXBsb2FkIElE&amp;x</UploadId>"
                + "</InitiateMultipartUploadResult>").build());
        try (S3Store store = store(ChecksumMode.CRC32C)) {
            assertThat(store.createMultipartUpload(loc, new Cancellation()).get()).isEqualTo("VXBsb2FkIElE&x");
        }
        RecordedRequest create = server.takeRequest();
        assertThat(create.getMethod()).isEqualTo("POST");
        assertThat(create.getTarget()).isEqualTo("/bucket/p/a%20b%2Bc.bin?uploads");
        assertThat(create.getHeaders().get("x-amz-checksum-algorithm")).isEqualTo("CRC32C");
        assertThat(create.getHeaders().get("x-amz-checksum-type")).isEqualTo("FULL_OBJECT");
        assertThat(create.getHeaders().get("x-amz-server-side-encryption")).isEqualTo("AES256");
        assertThat(create.getHeaders().get("x-amz-security-token")).isEqualTo("token");
        assertThat(create.getHeaders().get("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/")
                .contains("x-amz-checksum-algorithm").doesNotContain("secret");
    }

    @Test
    void completeMultipartUpload_sendsThePartsInOrder_andReturnsTheQuotedEtag() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<CompleteMultipartUploadResult><Location>http://x/bucket/p/a</Location><Bucket>bucket</Bucket>"
                + "<Key>p/a b+c.bin</Key><ETag>&quot;3858f62230ac3c915f300c664312c11f-2&quot;</ETag>"
                + "</CompleteMultipartUploadResult>").build());
        List<PartRecord> parts = List.of(new PartRecord(2, 5, "\"bb\"", "Ag=="),
                new PartRecord(1, 5, "\"aa\"", "AQ=="));
        try (S3Store store = store(ChecksumMode.CRC32C)) {
            assertThat(store.completeMultipartUpload(loc, "upload-1", parts, new Cancellation()).get())
                    .isEqualTo("\"3858f62230ac3c915f300c664312c11f-2\"");
        }
        RecordedRequest complete = server.takeRequest();
        assertThat(complete.getMethod()).isEqualTo("POST");
        assertThat(complete.getTarget()).isEqualTo("/bucket/p/a%20b%2Bc.bin?uploadId=upload-1");
        assertThat(complete.getBody().utf8()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<Part><ETag>&quot;aa&quot;</ETag><ChecksumCRC32C>AQ==</ChecksumCRC32C><PartNumber>1</PartNumber></Part>"
                + "<Part><ETag>&quot;bb&quot;</ETag><ChecksumCRC32C>Ag==</ChecksumCRC32C><PartNumber>2</PartNumber></Part>"
                + "</CompleteMultipartUpload>");
        assertThat(complete.getHeaders().get("Content-Length"))
                .isEqualTo(Long.toString(complete.getBody().size()));
    }

    @Test
    void anErrorSentWithA200_failsTheCompletion_andARetryableOneIsRetried() throws Exception {
        String internalError = "\n \n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError</Code>"
                + "<Message>We encountered an internal error. Please try again.</Message>"
                + "<RequestId>REQ1</RequestId></Error>";
        server.enqueue(new MockResponse.Builder().code(200).setHeader("x-amz-request-id", "REQ1")
                .body(internalError).build());
        server.enqueue(new MockResponse.Builder().code(200)
                .body("<CompleteMultipartUploadResult><ETag>\"ab-1\"</ETag></CompleteMultipartUploadResult>").build());
        List<PartRecord> parts = List.of(new PartRecord(1, 5, "\"aa\"", null));
        try (S3Store store = store(ChecksumMode.NONE)) {
            assertThat(store.completeMultipartUpload(loc, "upload-1", parts, new Cancellation()).get()).isEqualTo("\"ab-1\"");
            assertThat(server.getRequestCount()).isEqualTo(2);
            assertThat(server.takeRequest().getBody().utf8()).doesNotContain("Checksum");

            server.enqueue(new MockResponse.Builder().code(200).body("<Error><Code>NoSuchUpload</Code>"
                    + "<Message>The specified upload does not exist.</Message></Error>").build());
            assertThatThrownBy(() -> store.completeMultipartUpload(loc, "upload-1", parts, new Cancellation()).get())
                    .isInstanceOf(ExecutionException.class)
                    .satisfies(e -> assertThat(S3Errors.classify(e, false)).isEqualTo(S3Errors.Kind.NOT_FOUND))
                    .hasMessageContaining("NoSuchUpload");
        }
    }

    @Test
    void listParts_readsEveryPage_andAGoneUploadIsNotFound() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<ListPartsResult><Bucket>bucket</Bucket><UploadId>upload-1</UploadId>"
                + "<PartNumberMarker>0</PartNumberMarker><NextPartNumberMarker>2</NextPartNumberMarker>"
                + "<MaxParts>2</MaxParts><IsTruncated>true</IsTruncated>"
                + "<Part><PartNumber>1</PartNumber><LastModified>2026-12-07T03:00:00.000Z</LastModified>"
                + "<ETag>&quot;aa&quot;</ETag><ChecksumCRC32C>AQ==</ChecksumCRC32C><Size>5242880</Size></Part>"
                + "<Part><PartNumber>2</PartNumber><ETag>\"bb\"</ETag><ChecksumCRC32C>Ag==</ChecksumCRC32C>"
                + "<Size>5242880</Size></Part></ListPartsResult>").build());
        server.enqueue(new MockResponse.Builder().code(200).body("<ListPartsResult><IsTruncated>false</IsTruncated>"
                + "<Part><PartNumber>3</PartNumber><ETag>\"cc\"</ETag><Size>7</Size></Part></ListPartsResult>")
                .build());
        try (S3Store store = store(ChecksumMode.CRC32C)) {
            assertThat(store.listParts(loc, "upload-1", new Cancellation()).get()).containsExactly(
                    new PartRecord(1, 5242880, "\"aa\"", "AQ=="), new PartRecord(2, 5242880, "\"bb\"", "Ag=="),
                    new PartRecord(3, 7, "\"cc\"", null));

            server.enqueue(new MockResponse.Builder().code(404).body("<Error><Code>NoSuchUpload</Code>"
                    + "<Message>The specified upload does not exist.</Message></Error>").build());
            assertThatThrownBy(() -> store.listParts(loc, "upload-1", new Cancellation()).get())
                    .satisfies(e -> assertThat(S3Errors.classify(e, false)).isEqualTo(S3Errors.Kind.NOT_FOUND));
        }
        RecordedRequest first = server.takeRequest();
        assertThat(first.getMethod()).isEqualTo("GET");
        assertThat(first.getTarget()).isEqualTo("/bucket/p/a%20b%2Bc.bin?uploadId=upload-1");
        assertThat(server.takeRequest().getTarget())
                .isEqualTo("/bucket/p/a%20b%2Bc.bin?part-number-marker=2&uploadId=upload-1");
    }

    @Test
    void abortMultipartUpload_deletesTheUpload() throws Exception {
        server.enqueue(new MockResponse.Builder().code(204).build());
        try (S3Store store = store(ChecksumMode.CRC32C)) {
            store.abortMultipartUpload(loc, "upload-1", new Cancellation()).get();
        }
        RecordedRequest abort = server.takeRequest();
        assertThat(abort.getMethod()).isEqualTo("DELETE");
        assertThat(abort.getTarget()).isEqualTo("/bucket/p/a%20b%2Bc.bin?uploadId=upload-1");
        assertThat(abort.getHeaders().get("Authorization")).startsWith("AWS4-HMAC-SHA256 ");
    }

    @Test
    void refusedStart_failsWithS3sCodeAndMessage() throws Exception {
        server.enqueue(new MockResponse.Builder().code(400).setHeader("x-amz-request-id", "REQ2")
                .body("<Error><Code>InvalidArgument</Code><Message>Bad &lt;header&gt;</Message></Error>").build());
        try (S3Store store = store(ChecksumMode.SHA256)) {
            assertThatThrownBy(() -> store.createMultipartUpload(loc, new Cancellation()).get())
                    .isInstanceOf(ExecutionException.class)
                    .satisfies(e -> assertThat(S3Errors.describe(e))
                            .isEqualTo("S3 answered 400 InvalidArgument (Bad <header>), request id REQ2"));
        }
        RecordedRequest create = server.takeRequest();
        assertThat(create.getHeaders().get("x-amz-checksum-algorithm")).isEqualTo("SHA256");
        assertThat(create.getHeaders().get("x-amz-checksum-type")).as("SHA-256 can only be composite").isNull();
        assertThat(new String(create.getBody().toByteArray(), StandardCharsets.UTF_8)).isEmpty();
    }
}
