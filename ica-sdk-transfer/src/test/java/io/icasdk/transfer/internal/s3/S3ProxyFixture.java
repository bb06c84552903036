package io.icasdk.transfer.internal.s3;

import io.icasdk.core.Secret;
import io.icasdk.transfer.internal.credentials.IssuedCredentials;
import io.icasdk.transfer.internal.credentials.RefreshingCredentialsProvider;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.Executor;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/** A bare S3Proxy on 127.0.0.1 with one bucket, for the S3 engine's own tests. */
final class S3ProxyFixture implements AutoCloseable {
    static final String ACCESS_KEY = "AKIDTEST";
    static final String SECRET_KEY = "s3cr3t-sentinel-value";
    static final String BUCKET = "bucket";

    final S3Proxy proxy;
    final URI endpoint;

    S3ProxyFixture() throws Exception {
        BlobStore store = BlobStores.create("transient", new Properties());
        proxy = S3Proxy.builder().blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(true).stopTimeout(0).build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    RefreshingCredentialsProvider credentials(String prefix, Executor executor) {
        return new RefreshingCredentialsProvider("test " + prefix, () -> new IssuedCredentials(ACCESS_KEY,
                Secret.of(SECRET_KEY), Secret.of("token"), "us-east-1", BUCKET, prefix, null, null,
                Instant.now(), null), Clock.systemUTC(), executor);
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
