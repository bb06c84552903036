package io.icasdk.transfer.internal.s3;

import io.icasdk.core.HttpProxy;
import io.icasdk.transfer.internal.Causes;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.SdkAdvancedAsyncClientOption;
import software.amazon.awssdk.crt.http.HttpProxyEnvironmentVariableSetting;
import software.amazon.awssdk.crt.http.HttpProxyOptions;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.ProxyConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.crt.S3CrtProxyConfiguration;

/**
 * Builds the S3 client the engine talks through: the AWS CRT client by default, the pure-Java (Netty)
 * async client when the CRT's native library cannot load (or when asked, with the system property
 * {@value #CLIENT_PROPERTY}{@code =java}). Neither client retries by itself and neither has a default
 * identity: the engine owns retries (so an expired credential can be refreshed first) and passes the
 * credentials of each request's scope. No emulator-specific settings: path-style addressing only when
 * an endpoint override is set.
 */
public final class S3ClientFactory {
    private static final Logger log = LoggerFactory.getLogger(S3ClientFactory.class);

    /** System property forcing a client: {@code crt} or {@code java}. */
    public static final String CLIENT_PROPERTY = "io.icasdk.transfer.s3Client";

    /** Whether this JVM built a CRT client (so its process-wide threads exist). */
    private static final AtomicBoolean crtStarted = new AtomicBoolean();

    private S3ClientFactory() {}

    /**
     * Loads the CRT's native library ahead of the first client, on the calling thread (the runtime calls
     * it on a worker while the job's first ICA calls run: about 0.5 s of a fresh JVM's start). Does nothing
     * when the Java client is forced; a CRT that cannot load is left for {@link #create} to report.
     */
    public static void preload(String forced) {
        if (javaForced(forced)) {
            return;
        }
        try {
            software.amazon.awssdk.crt.CRT.checkLoaded();
        } catch (LinkageError | RuntimeException e) {
            log.debug("Preloading the AWS CRT failed; the first client will report it", e);
        }
    }

    /**
     * Stops the CRT's process-wide threads (event loops, host resolver) once every client is closed.
     * Only for the end of a process that no longer uses the CRT anywhere: the JVM otherwise waits up to
     * a second at exit for these threads. Waits at most {@code maxWait} for them to end (milliseconds
     * when every client was closed). Does nothing when no CRT client was built.
     */
    public static void releaseCrtThreads(Duration maxWait) {
        if (!crtStarted.get()) {
            return;
        }
        // Closes the static defaults, then waits until every CRT resource is gone (up to a minute):
        // on a daemon thread, so that a leaked resource costs maxWait, not the minute.
        Thread t = new Thread(software.amazon.awssdk.crt.CrtResource::waitForNoResources, "ica-crt-release");
        t.setDaemon(true);
        t.start();
        try {
            t.join(maxWait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the Java client is asked for (by the setting, else the system property); the CRT otherwise. */
    private static boolean javaForced(String forced) {
        String choice = forced != null ? forced : System.getProperty(CLIENT_PROPERTY, "crt");
        return choice.toLowerCase(Locale.ROOT).equals("java");
    }

    /** Which implementation a client uses. */
    public enum Kind { CRT, JAVA }

    /**
     * A client and its kind. The CRT's SDK client is built on first use: transfers do not need it (their
     * requests go through the CRT's own client, {@link NativeS3}), and building it took about 0.1 s of a
     * fresh {@code ica} process.
     */
    public static final class Built implements Supplier<S3AsyncClient>, AutoCloseable {
        private final Kind kind;
        private final Supplier<S3AsyncClient> factory;
        private S3AsyncClient client;
        private boolean closed;

        Built(Kind kind, Supplier<S3AsyncClient> factory) {
            this.kind = kind;
            this.factory = factory;
        }

        public Kind kind() {
            return kind;
        }

        /** The client, built now if it was not yet. */
        public synchronized S3AsyncClient client() {
            if (closed) {
                throw new IllegalStateException("The S3 client is closed");
            }
            if (client == null) {
                client = factory.get();
            }
            return client;
        }

        @Override
        public S3AsyncClient get() {
            return client();
        }

        /** Whether the client was built. */
        public synchronized boolean isBuilt() {
            return client != null;
        }

        /** Closes the client if it was built. */
        @Override
        public synchronized void close() {
            closed = true;
            if (client != null) {
                client.close();
            }
        }
    }

    /**
     * Client settings.
     *
     * @param region             the bucket's region (from the credentials)
     * @param endpointOverride   a non-AWS endpoint (the emulator, a proxy, a VPC endpoint), or null
     * @param maxConcurrency     upper bound on concurrent connections
     * @param partSizeInBytes    the engine's part size (the CRT splits large GETs into parts of it)
     * @param connectTimeout     TCP connect timeout
     * @param stallTimeout       how long a connection may move no byte before it is closed (and its request
     *                           fails, to be retried): a connection dropped silently on the way would
     *                           otherwise hold its request forever
     * @param validateChecksums  whether to validate response checksums where S3 sends them
     * @param completionExecutor runs future completions (never the client's I/O threads)
     * @param forced             {@code crt}, {@code java}, or null for the system property / default
     * @param proxy              the HTTP proxy to the endpoint, or null to connect directly
     */
    public record Settings(String region, URI endpointOverride, int maxConcurrency, long partSizeInBytes,
                           Duration connectTimeout, Duration stallTimeout, boolean validateChecksums,
                           Executor completionExecutor, String forced, HttpProxy.Route proxy) {}

    /**
     * A client: the CRT's when its native library loads (built on first use), else the Java client.
     */
    public static Built create(Settings s) {
        if (!javaForced(s.forced())) {
            try {
                software.amazon.awssdk.crt.CRT.checkLoaded();
                crtStarted.set(true);
                return new Built(Kind.CRT, () -> crt(s));
            } catch (LinkageError | RuntimeException t) {
                if (!isCrtUnavailable(t)) {
                    throw t;
                }
                Throwable root = t;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                log.warn("The AWS CRT S3 client cannot load ({}); using the slower Java S3 client. If the CRT could"
                        + " not be extracted and loaded from the temporary folder {} (e.g. mounted noexec), set"
                        + " -Daws.crt.lib.dir to a folder that allows programs", root,
                        System.getProperty("java.io.tmpdir"));
            }
        }
        return new Built(Kind.JAVA, () -> java(s));
    }

    /** A missing or unloadable native library, as opposed to a configuration bug. */
    static boolean isCrtUnavailable(Throwable t) {
        for (Throwable x : Causes.of(t)) {
            if (x instanceof LinkageError) {
                return true;
            }
            String name = x.getClass().getName();
            String msg = String.valueOf(x.getMessage());
            if (name.startsWith("software.amazon.awssdk.crt.") || msg.contains("AWS CRT") || msg.contains("aws-crt")) {
                return true;
            }
        }
        return false;
    }

    private static S3AsyncClient crt(Settings s) {
        var b = S3AsyncClient.crtBuilder()
                .region(Region.of(s.region()))
                .credentialsProvider(NoDefaultCredentials.INSTANCE)
                .maxConcurrency(s.maxConcurrency())
                .minimumPartSizeInBytes(s.partSizeInBytes())
                // Uploads are split by the engine; the CRT must never turn a PutObject into its own multipart.
                .thresholdInBytes(5L * 1024 * 1024 * 1024)
                .responseChecksumValidation(s.validateChecksums()
                        ? ResponseChecksumValidation.WHEN_SUPPORTED : ResponseChecksumValidation.WHEN_REQUIRED)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .retryConfiguration(r -> r.numRetries(0))
                .httpConfiguration(h -> h.connectionTimeout(s.connectTimeout())
                        .connectionHealthConfiguration(c -> c.minimumThroughputInBps(1L)
                                .minimumThroughputTimeout(s.stallTimeout()))
                        .proxyConfiguration(crtProxyConfiguration(s.proxy())))
                .futureCompletionExecutor(s.completionExecutor());
        if (s.endpointOverride() != null) {
            b.endpointOverride(s.endpointOverride()).forcePathStyle(true);
        }
        return b.build();
    }

    private static S3AsyncClient java(Settings s) {
        RetryStrategy noRetries = AwsRetryStrategy.doNotRetry();
        var b = S3AsyncClient.builder()
                .region(Region.of(s.region()))
                .credentialsProvider(NoDefaultCredentials.INSTANCE)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .maxConcurrency(Math.max(s.maxConcurrency(), 1))
                        .connectionTimeout(s.connectTimeout())
                        .readTimeout(s.stallTimeout())
                        .proxyConfiguration(nettyProxyConfiguration(s.proxy())))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(s.validateChecksums()
                        ? ResponseChecksumValidation.WHEN_SUPPORTED : ResponseChecksumValidation.WHEN_REQUIRED)
                .asyncConfiguration(a -> a.advancedOption(SdkAdvancedAsyncClientOption.FUTURE_COMPLETION_EXECUTOR,
                        s.completionExecutor()))
                .overrideConfiguration(o -> o.retryStrategy(noRetries));
        if (s.endpointOverride() != null) {
            b.endpointOverride(s.endpointOverride()).forcePathStyle(true);
        }
        return b.build();
    }

    /*
     * The proxy is ours to decide (HttpProxy, from the ICA client): the clients below are told exactly which
     * one, or none, and never read HTTPS_PROXY or the JVM's proxy properties themselves, which would send
     * S3 and ICA different ways (the CRT reads the environment by default, and knows no JVM properties).
     */

    /** The CRT's own reading of HTTP(S)_PROXY, switched off. */
    static HttpProxyEnvironmentVariableSetting noEnvironmentProxy() {
        HttpProxyEnvironmentVariableSetting off = new HttpProxyEnvironmentVariableSetting();
        off.setEnvironmentVariableType(HttpProxyEnvironmentVariableSetting.HttpProxyEnvironmentVariableType.DISABLED);
        return off;
    }

    /**
     * A route as the CRT takes it: plain to the proxy, which gets {@code http://} requests to forward (many
     * proxies tunnel only to port 443) and a {@code CONNECT} tunnel for {@code https://}, so TLS runs end to end.
     */
    static HttpProxyOptions crtProxy(HttpProxy.Route proxy, boolean https) {
        HttpProxyOptions options = new HttpProxyOptions();
        options.setHost(proxy.host());
        options.setPort(proxy.port());
        options.setConnectionType(https ? HttpProxyOptions.HttpProxyConnectionType.Tunneling
                : HttpProxyOptions.HttpProxyConnectionType.Forwarding);
        if (proxy.username() != null) {
            options.setAuthorizationType(HttpProxyOptions.HttpProxyAuthorizationType.Basic);
            options.setAuthorizationUsername(proxy.username());
            options.setAuthorizationPassword(proxy.password() == null ? "" : proxy.password().reveal());
        }
        return options;
    }

    private static S3CrtProxyConfiguration crtProxyConfiguration(HttpProxy.Route proxy) {
        var b = S3CrtProxyConfiguration.builder().useEnvironmentVariableValues(false).useSystemPropertyValues(false);
        if (proxy != null) {
            b.scheme("http").host(proxy.host()).port(proxy.port());
            if (proxy.username() != null) {
                b.username(proxy.username()).password(proxy.password() == null ? "" : proxy.password().reveal());
            }
        }
        return b.build();
    }

    private static ProxyConfiguration nettyProxyConfiguration(HttpProxy.Route proxy) {
        var b = ProxyConfiguration.builder().useEnvironmentVariableValues(false).useSystemPropertyValues(false);
        if (proxy != null) {
            b.scheme("http").host(proxy.host()).port(proxy.port());
            if (proxy.username() != null) {
                b.username(proxy.username()).password(proxy.password() == null ? "" : proxy.password().reveal());
            }
        }
        return b.build();
    }

    /** Every request names its own credentials; a request without them is a bug. */
    private enum NoDefaultCredentials implements AwsCredentialsProvider {
        INSTANCE;

        @Override
        public AwsCredentials resolveCredentials() {
            throw new IllegalStateException("ica-sdk: an S3 request was sent without the credentials of its scope");
        }
    }
}
