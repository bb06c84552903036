package io.icasdk.transfer.internal.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.icasdk.core.Secret;
import io.icasdk.transfer.internal.credentials.IssuedCredentials;
import io.icasdk.transfer.internal.credentials.RefreshingCredentialsProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The first part's size comes from S3's answer to a HEAD with {@code partNumber=1}, asked once; a server
 * that cannot answer it (S3Proxy: 501), or an object of one part, gives -1 and the download infers it.
 */
class S3StoreFirstPartSizeTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private MockWebServer server;
    private S3Store store;
    private S3Location loc;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        var settings = new S3ClientFactory.Settings("us-east-1", server.url("/").uri(), 4, 5L << 20,
                Duration.ofSeconds(5), Duration.ofSeconds(30), true, executor, "java", null);
        store = new S3Store(S3ClientFactory.create(settings).client(), new S3Calls(executor,
                Executors.newSingleThreadScheduledExecutor(), S3Calls.Policy.defaults()),
                io.icasdk.transfer.ChecksumMode.CRC32C);
        RefreshingCredentialsProvider creds = new RefreshingCredentialsProvider("test", () ->
                new IssuedCredentials("AKIDTEST", Secret.of("secret"), Secret.of("token"), "us-east-1", "bucket",
                        "p/", null, null, Instant.now(), null), Clock.systemUTC(), executor);
        loc = new S3Location(creds, "p/big.bin");
    }

    @AfterEach
    void stop() throws Exception {
        store.close();
        server.close();
        executor.shutdownNow();
    }

    @Test
    void multipartObject_givesItsFirstPartsSize_fromOneHeadWithPartNumber() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Length", "7340032")
                .setHeader("x-amz-mp-parts-count", "2")
                .setHeader("ETag", "\"0123456789abcdef0123456789abcdef-2\"").build());
        assertThat(store.firstPartSize(loc).get()).isEqualTo(7L << 20);
        RecordedRequest head = server.takeRequest();
        assertThat(head.getMethod()).isEqualTo("HEAD");
        assertThat(head.getUrl().queryParameter("partNumber")).isEqualTo("1");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void serverWithoutPartNumbers_orAnObjectOfOnePart_givesMinusOne_withoutRetrying() throws Exception {
        server.enqueue(new MockResponse.Builder().code(501).build());
        assertThat(store.firstPartSize(loc).get()).isEqualTo(-1L);
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Length", "1000").build());
        assertThat(store.firstPartSize(loc).get()).isEqualTo(-1L);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }
}
