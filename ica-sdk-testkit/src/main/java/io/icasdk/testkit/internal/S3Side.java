package io.icasdk.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import org.gaul.s3proxy.AccessGrant;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** S3Proxy in-process with per-credential scoping, expiry and fault injection. */
public final class S3Side implements AutoCloseable {
    /** CRT uploads each part as one aws-chunked chunk: allow parts well above S3Proxy's 16 MiB default. */
    private static final int MAX_CHUNK_SIZE = 256 * 1024 * 1024;

    private final EmulatorState state;
    private final FaultState faults;
    private final String bucket;
    private final String region;
    private final BlobStore backend;
    private final S3Proxy proxy;
    private final URI endpoint;
    private final String adminKey = Ids.accessKey();
    private final String adminSecret = Ids.secretKey();
    /** Built once, on first use (building one loads a good part of the AWS SDK); signs with per-URL keys. */
    private volatile S3Presigner presigner;

    public S3Side(EmulatorState state, FaultState faults, String bucket, String region, Path objectsDir, int port)
            throws Exception {
        this.state = state;
        this.faults = faults;
        this.bucket = bucket;
        this.region = region;
        avoidJettyJmxProbe();
        Properties props = new Properties();
        if (objectsDir != null) {
            Files.createDirectories(objectsDir);
            props.setProperty("jclouds.filesystem.basedir", objectsDir.toAbsolutePath().toString());
            backend = BlobStores.create("filesystem", props);
        } else {
            backend = BlobStores.create("transient", props);
        }
        if (!backend.containerExists(bucket)) {
            backend.createContainer(bucket);
        }
        proxy = S3Proxy.builder()
                .blobStore(backend)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, adminKey, adminSecret)
                .ignoreUnknownHeaders(true)
                .v4MaxChunkSize(MAX_CHUNK_SIZE)
                .stopTimeout(0)
                .build();
        proxy.setBlobStoreLocator(this::locate);
        installFilters();
        try {
            proxy.start();
        } catch (IOException e) { // Jetty's "Failed to bind to /127.0.0.1:<port>"
            if (e.getCause() instanceof java.net.BindException) {
                throw RestServer.inUse("S3", port, e);
            }
            throw e;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start within 10 s (state " + proxy.getState() + ")");
            }
            Thread.sleep(5);
        }
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /**
     * S3Proxy's shaded Jetty sizes a queue's padding by asking the platform MBean server whether
     * compressed oops are on, which starts JMX (about 300 ms of class loading) unless this property is
     * set. Compressed oops are on below a 32 GiB heap: 64-byte cache line / 4-byte references = 16.
     */
    private static void avoidJettyJmxProbe() {
        String property = "org.gaul.shaded.org.eclipse.jetty.util.referencesPerCacheLine";
        if (System.getProperty(property) == null && Runtime.getRuntime().maxMemory() < (32L << 30)) {
            System.setProperty(property, "16");
        }
    }

    private void installFilters() {
        try {
            S3ProxyFilters.install(proxy, new InFlightFilter(faults), new AbortFilter(faults), new PartNumberFilter(bucket, state, this::readablePrefix),
                    new ContentLengthFilter(), new SessionTokenFilter(
                    accessKey -> state.grant(accessKey).map(g -> g.sessionToken)));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LoggerFactory.getLogger(S3Side.class).warn("IcaEmulator: cannot install servlet filters into S3Proxy ({}):"
                    + " session tokens go unchecked and the CRT client's automatic multipart uploads will fail",
                    e.toString());
        }
    }

    /**
     * The key prefix an access key may read ("" for every key), or empty for a key the emulator did not issue or
     * that has expired.
     */
    private Optional<String> readablePrefix(String accessKey) {
        if (adminKey.equals(accessKey)) {
            return Optional.of("");
        }
        return state.grant(accessKey).filter(g -> !g.expired(state.now()))
                .map(g -> g.keyPrefix == null ? "" : g.keyPrefix);
    }

    private AccessGrant locate(String identity, String container, String blob) {
        faults.countS3Request();
        faults.delayS3();
        if (adminKey.equals(identity)) {
            return new AccessGrant(adminSecret, new ScopedBlobStore(backend, bucket, null, false, null, state, faults));
        }
        Optional<EmulatorState.GrantRec> found = state.grant(identity);
        if (found.isEmpty()) {
            return null;
        }
        EmulatorState.GrantRec g = found.get();
        if (g.expired(state.now())) {
            if ("URL".equals(g.kind)) {
                return null;
            }
            faults.countExpiredToken();
            throw expiredToken();
        }
        return new AccessGrant(g.secretKey,
                new ScopedBlobStore(backend, bucket, g.keyPrefix, g.readOnly, g.accessKey, state, faults));
    }

    private static S3Exception expiredToken() {
        return (S3Exception) S3Exception.builder().statusCode(400).message("The provided token has expired.")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ExpiredToken")
                        .errorMessage("The provided token has expired.").serviceName("S3").build())
                .build();
    }

    public URI endpoint() { return endpoint; }
    public String bucket() { return bucket; }
    public String region() { return region; }

    /** A presigned GET (readOnly) or PUT URL for one key, valid for ttl. */
    public URI presign(String projectId, String key, boolean upload, Duration ttl) {
        Duration valid = ttl.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : ttl;
        if (valid.compareTo(Duration.ofDays(7)) > 0) {
            valid = Duration.ofDays(7);
        }
        EmulatorState.GrantRec g = state.issueGrant(projectId, key, !upload, "URL",
                valid.plusSeconds(300), null);
        AwsRequestOverrideConfiguration signer = AwsRequestOverrideConfiguration.builder()
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsSessionCredentials.create(g.accessKey, g.secretKey, g.sessionToken)))
                .build();
        Duration d = valid;
        if (upload) {
            return URI.create(presigner().presignPutObject(r -> r.signatureDuration(d)
                    .putObjectRequest(PutObjectRequest.builder().bucket(bucket).key(key)
                            .overrideConfiguration(signer).build()))
                    .url().toString());
        }
        return URI.create(presigner().presignGetObject(r -> r.signatureDuration(d)
                .getObjectRequest(GetObjectRequest.builder().bucket(bucket).key(key)
                        .overrideConfiguration(signer).build()))
                .url().toString());
    }

    private S3Presigner presigner() {
        S3Presigner p = presigner;
        if (p == null) {
            synchronized (this) {
                p = presigner;
                if (p == null) {
                    // The default provider is never used: every request carries its own credentials.
                    p = S3Presigner.builder()
                            .region(Region.of(region))
                            .endpointOverride(endpoint)
                            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                            .credentialsProvider(AnonymousCredentialsProvider.create())
                            .build();
                    presigner = p;
                }
            }
        }
        return p;
    }

    /** Writes an object directly (seeding) and indexes it as AVAILABLE at once. */
    public EmulatorState.DataRec putObject(String key, InputStream content, long length) {
        backend.putBlob(PutObjectRequest.builder().bucket(bucket).key(key).contentLength(length).build(), content);
        HeadObjectResponse head = backend.blobMetadata(bucket, key);
        return state.objectWritten(key, head.contentLength(), ScopedBlobStore.unquote(head.eTag()), null,
                Duration.ZERO).orElseThrow(() -> new IllegalArgumentException("not a project key: " + key));
    }

    /** Reads an object directly; empty when it does not exist. */
    public Optional<byte[]> readObject(String key) {
        if (!backend.blobExists(bucket, key)) {
            return Optional.empty();
        }
        try (ResponseInputStream<GetObjectResponse> in = backend.getBlob(bucket, key)) {
            return Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean objectExists(String key) {
        return backend.blobExists(bucket, key);
    }

    public void removeObject(String key) {
        backend.removeBlob(DeleteObjectRequest.builder().bucket(bucket).key(key).build());
    }

    public Instant now() {
        return state.now();
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LoggerFactory.getLogger(S3Side.class).warn("IcaEmulator: stopping S3Proxy failed: {}", e.toString());
        } finally {
            S3Presigner p = presigner;
            if (p != null) {
                p.close();
            }
            backend.close();
        }
    }
}
