package io.icasdk.transfer.internal;

import io.icasdk.transfer.ChecksumMode;
import io.icasdk.transfer.internal.s3.S3Calls;
import io.icasdk.transfer.internal.s3.S3ClientFactory;
import io.icasdk.transfer.internal.s3.S3Store;
import io.icasdk.core.HttpProxy;
import io.icasdk.transfer.internal.credentials.IssuedCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What all jobs of one transfer manager share: settings, threads, the S3 client (one per region, made
 * on first use), the request permits that bound requests in flight (and so memory: each holds at most a
 * part) and the bandwidth cap. Closing it cancels the jobs still running, waits (up to {@link #CLOSE_WAIT}) until
 * they have stopped and let go of their journals, then stops the threads and closes the S3 clients it made.
 * Thread-safe.
 */
public final class TransferRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TransferRuntime.class);

    private final TransferSettings settings;
    private final ExecutorService workers;
    private final ExecutorService fileWorkers;
    private final ScheduledExecutorService scheduler;
    private final RequestPermits requestPermits;
    private final BodyBuffers bodyBuffers;
    private final ReadBuffers readBuffers = new ReadBuffers();
    private final BandwidthLimiter bandwidth;
    private final Map<String, S3Store> stores = new ConcurrentHashMap<>();
    private final Map<String, S3ClientFactory.Built> clients = new ConcurrentHashMap<>();
    private volatile HttpClient http;
    private volatile boolean closed;
    private final Set<Running> running = ConcurrentHashMap.newKeySet();

    /** How long {@link #close} waits for the jobs it cancelled to stop. */
    public static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    /** What {@link #start} and {@link #track} throw, and what a job started on a closed runtime is told. */
    public static final String CLOSED = "The transfer manager is closed";

    /**
     * A job that has not ended: how to cancel it, what completes when it has stopped, and the thread it runs on
     * (once known; {@link #close} called there, by a callback of the job's own completion, cannot wait for it).
     */
    private record Running(Runnable cancel, CompletableFuture<?> ended, AtomicReference<Thread> thread) {}

    public TransferRuntime(TransferSettings settings) {
        this.settings = settings;
        this.workers = Executors.newCachedThreadPool(threads("ica-transfer-io"));
        this.fileWorkers = Executors.newCachedThreadPool(threads("ica-transfer-file"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(threads("ica-transfer-timer"));
        this.requestPermits = new RequestPermits(settings.maxRequestsInFlight(), settings.partSizeInBytes());
        this.bodyBuffers = new BodyBuffers(settings.maxRequestsInFlight() * settings.partSizeInBytes() / 2);
        this.bandwidth = BandwidthLimiter.of(settings.bandwidthLimitBytesPerSecond());
        // Load the CRT while the first job talks to ICA: the first S3 client is then ready sooner.
        workers.execute(() -> S3ClientFactory.preload(settings.s3Client()));
    }

    /**
     * Runs a job on a worker thread, tracked until it returns (see {@link #track}).
     *
     * @param cancel how to cancel it; {@link #close} calls it
     * @throws IllegalStateException when the runtime is closed
     */
    public void start(Runnable cancel, Runnable job) {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        AtomicReference<Thread> thread = new AtomicReference<>();
        track(new Running(cancel, ended, thread));
        try {
            workers.execute(() -> {
                thread.set(Thread.currentThread());
                try {
                    job.run();
                } finally {
                    ended.complete(null);
                }
            });
        } catch (RejectedExecutionException e) {
            ended.complete(null);
            throw new IllegalStateException(CLOSED, e);
        }
    }

    /**
     * Tracks a job that runs on a thread of its own until {@code ended} completes: {@link #close} cancels it and
     * waits for that.
     *
     * @throws IllegalStateException when the runtime is closed
     */
    public void track(Runnable cancel, CompletableFuture<?> ended) {
        track(new Running(cancel, ended, new AtomicReference<>()));
    }

    private void track(Running job) {
        synchronized (running) {
            if (closed) {
                throw new IllegalStateException(CLOSED);
            }
            running.add(job);
        }
        job.ended().whenComplete((r, e) -> running.remove(job));
    }

    /**
     * Refuses work on a closed runtime.
     *
     * @throws IllegalStateException when it is closed
     */
    public void checkOpen() {
        if (closed) {
            throw new IllegalStateException(CLOSED);
        }
    }

    /** The settings. */
    public TransferSettings settings() {
        return settings;
    }

    /** Runs completions, retries, credential refreshes and job coordination (unbounded, cached threads). */
    public ExecutorService workers() {
        return workers;
    }

    /** Runs per-file work; callers bound how many files they submit at once. */
    public ExecutorService fileWorkers() {
        return fileWorkers;
    }

    /** Timers (retry backoff, polling). */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Reusable buffers for small files' single-request bodies. */
    public BodyBuffers bodyBuffers() {
        return bodyBuffers;
    }

    /** Buffers for reading file regions back to checksum them. */
    public ReadBuffers readBuffers() {
        return readBuffers;
    }

    /** Permits bounding S3 requests in flight across all jobs: acquire before sending, release on completion. */
    public RequestPermits requestPermits() {
        return requestPermits;
    }

    /** The bandwidth cap. */
    public BandwidthLimiter bandwidth() {
        return bandwidth;
    }

    /** The HTTP client for ICA's presigned URLs, made on first use. */
    public HttpClient http() {
        HttpClient h = http;
        if (h == null) {
            synchronized (this) {
                h = http;
                if (h == null) {
                    h = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).executor(workers)
                            .followRedirects(HttpClient.Redirect.NORMAL).proxy(settings.proxy().selector()).build();
                    http = h;
                }
            }
        }
        return h;
    }

    /**
     * A request to a presigned URL for {@link #http()}, with the proxy's credentials when it goes through one that
     * has them (sent with the request, as for ICA's REST calls: no Authenticator, which would ask again for a
     * password the proxy refused).
     */
    public HttpRequest.Builder request(URI url) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url);
        settings.proxy().route(url).map(HttpProxy.Route::basicAuthorization)
                .ifPresent(basic -> b.header("Proxy-Authorization", basic.reveal()));
        return b;
    }

    /**
     * The S3 engine for these credentials' region and the route to their bucket (its client is made on first
     * use): one per region, and another where a bucket's host goes another way through the proxy.
     */
    public S3Store store(IssuedCredentials credentials) {
        checkOpen();
        String region = credentials.region();
        String r = region == null || region.isBlank() ? "us-east-1" : region;
        HttpProxy.Route proxy = s3Proxy(r, credentials.bucket());
        return stores.computeIfAbsent(proxy == null ? r : r + " via " + proxy.describe(), key -> {
            // Connections: enough for every file in flight (small files share the request budget).
            int connections = Math.max(settings.maxFilesInFlight(), settings.maxRequestsInFlight() * 2);
            S3ClientFactory.Built built = S3ClientFactory.create(new S3ClientFactory.Settings(r,
                    settings.s3EndpointOverride(), connections, settings.partSizeInBytes(), Duration.ofSeconds(10),
                    settings.stallTimeout(),
                    settings.checksumMode() != ChecksumMode.NONE, workers, settings.s3Client(), proxy));
            clients.put(key, built);
            log.debug("S3 client for {} uses the {} implementation", key, built.kind());
            S3Calls calls = new S3Calls(workers, scheduler, S3Calls.Policy.defaults());
            if (built.kind() == S3ClientFactory.Kind.CRT) {
                return S3Store.withNativeS3(built, calls, settings.checksumMode(), r,
                        settings.s3EndpointOverride(), connections, settings.partSizeInBytes(),
                        settings.stallTimeout(), workers, proxy);
            }
            return new S3Store(built.client(), calls, settings.checksumMode());
        });
    }

    /** The proxy to a bucket's S3 host (the endpoint override, else AWS's host for it), or null. */
    private HttpProxy.Route s3Proxy(String region, String bucket) {
        return settings.proxy().route(S3Store.endpoint(settings.s3EndpointOverride(), region, bucket)).orElse(null);
    }

    @Override
    public void close() {
        List<Running> cancelled;
        synchronized (running) {
            closed = true;
            cancelled = new ArrayList<>(running);
        }
        stop(cancelled);
        fileWorkers.shutdownNow();
        scheduler.shutdownNow();
        for (S3Store s : stores.values()) {
            try {
                s.close();
            } catch (RuntimeException e) {
                log.debug("Closing the native S3 client failed", e);
            }
        }
        for (S3ClientFactory.Built b : clients.values()) {
            try {
                b.close();
            } catch (RuntimeException e) {
                log.debug("Closing the S3 client failed", e);
            }
        }
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Cancels the jobs still running and waits, up to {@link #CLOSE_WAIT} in all, until they have stopped: their
     * requests aborted, their journals written and closed, so that running them again resumes them. A job that
     * does not stop in time is left to the shutdown that follows (its requests then fail).
     */
    private void stop(List<Running> jobs) {
        if (jobs.isEmpty()) {
            return;
        }
        log.info("Closing the transfer manager: cancelling {} running transfer(s); run them again to resume them",
                jobs.size());
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        for (Running job : jobs) { // side by side: a cancel waits (up to 10 s) for its job's requests to end
            Runnable cancel = () -> {
                try {
                    job.cancel().run();
                } catch (RuntimeException e) {
                    log.debug("Cancelling a transfer failed", e);
                }
            };
            try {
                workers.execute(cancel);
            } catch (RejectedExecutionException e) {
                cancel.run();
            }
        }
        for (Running job : jobs) {
            if (job.thread().get() == Thread.currentThread()) {
                continue; // closed by the job's own thread (a callback of its completion): it ends once close returns
            }
            try {
                job.ended().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                log.warn("A cancelled transfer did not stop within {} s of the transfer manager's close; it is"
                        + " stopped now, and may have to send a few parts again when run again", CLOSE_WAIT.toSeconds());
                return;
            } catch (ExecutionException e) {
                // ended
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
