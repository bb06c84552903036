package io.icasdk.transfer;

import io.icasdk.core.IcaClient;
import io.icasdk.core.IcaConfigurationException;
import io.icasdk.core.ProjectDataClient;
import io.icasdk.core.model.DataStatus;
import io.icasdk.core.model.ProjectData;
import io.icasdk.core.model.ProjectId;
import io.icasdk.transfer.internal.Cancellation;
import io.icasdk.transfer.internal.DefaultTransferHandle;
import io.icasdk.transfer.internal.DownloadJob;
import io.icasdk.transfer.internal.PartPlan;
import io.icasdk.transfer.internal.ProgressTracker;
import io.icasdk.transfer.internal.RemoteFileStream;
import io.icasdk.transfer.internal.SinkFactory;
import io.icasdk.transfer.internal.TransferRuntime;
import io.icasdk.transfer.internal.TransferSettings;
import io.icasdk.transfer.internal.UploadJob;
import io.icasdk.transfer.internal.s3.S3ClientFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Moves files and folders between the local disk and ICA projects, fast and resumably.
 *
 * <pre>{@code
 * IcaClient ica = IcaClient.fromEnvironment();
 * try (TransferManager tm = TransferManager.builder().icaClient(ica).build()) {
 *     TransferResult up = tm.upload(r -> r.source(Path.of("run42")).remoteFolder("/runs/run42/")).join();
 *     TransferResult down = tm.download(r -> r.remotePath("/runs/run42/").target(Path.of("copy"))).join();
 * }
 * }</pre>
 *
 * <p>What it does for you:
 * <ul>
 *   <li>S3 directly, with ICA's temporary credentials: one set per folder for a whole tree, renewed
 *       before they expire and whenever S3 says they expired, so a transfer of any length finishes.</li>
 *   <li>Large files in parallel parts (uploads) or ranges (downloads), each checksummed; small files in
 *       one request. Bounded memory: about {@code maxRequestsInFlight x partSizeInBytes}.</li>
 *   <li>Crash-safe resume: each job keeps a journal (in {@code journalDirectory}); running the same
 *       upload or download again after a crash, kill or cancel skips finished files and continues
 *       half-finished ones from their finished parts. The journal is removed when a job succeeds.</li>
 *   <li>Downloads land under their final name only when complete and verified (a copy that fails its check
 *       is discarded and the file fetched once more); remote names that would escape the target folder are
 *       refused ({@link PathTraversalException}).</li>
 *   <li>One result per file: a failed file never stops or hides the others.</li>
 * </ul>
 *
 * <p>Errors: {@link TransferHandle#join()} throws {@link SourceNotFoundException} for a missing local or
 * remote source, the {@link io.icasdk.core.IcaException} subtypes for ICA failures that stop the whole
 * job (a wrong API key: {@link io.icasdk.core.IcaAuthenticationException}), {@link TransferException}
 * for other job-level failures, and {@link java.util.concurrent.CancellationException} after a cancel;
 * per-file failures are in the result.
 *
 * <p>Thread-safe: start any number of transfers from any thread. {@link #close()} stops the manager's
 * threads and S3 clients (not the {@link IcaClient}, which the caller owns).
 */
public final class TransferManager implements AutoCloseable {
    private final IcaClient ica;
    private final TransferRuntime runtime;
    private final TransferListener listener;

    private TransferManager(Builder b) {
        this.ica = Objects.requireNonNull(b.icaClient, "icaClient is required");
        this.listener = b.listener;
        Path journals = b.journalDirectory != null ? b.journalDirectory
                : Path.of(System.getProperty("user.home"), ".ica-sdk", "journals");
        URI s3Endpoint = s3Endpoint(b.s3EndpointOverride, b.environment != null ? b.environment : System.getenv());
        this.runtime = new TransferRuntime(new TransferSettings(b.partSizeInBytes, b.maxFilesInFlight,
                b.maxRequestsInFlight, b.checksumMode, journals, b.bandwidthLimitBytesPerSecond, s3Endpoint,
                b.s3Client, b.availabilityTimeout, b.stallTimeout, b.clock, b.sinks, ica.httpProxy()));
    }

    /**
     * The S3 endpoint: the one set, else the first of {@link #S3_ENDPOINT_ENVIRONMENT} that is set (as the
     * AWS SDKs and CLI read them, so the emulator's shell exports reach every tool alike), else null: AWS's.
     *
     * @throws IcaConfigurationException when the variable holds no http(s) URL
     */
    static URI s3Endpoint(URI set, Map<String, String> environment) {
        if (set != null) {
            return set;
        }
        for (String name : S3_ENDPOINT_ENVIRONMENT) {
            String value = environment.get(name);
            if (value == null || value.isBlank()) {
                continue;
            }
            try {
                URI uri = new URI(value.trim());
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // said below
            }
            throw new IcaConfigurationException(name + " is set to '" + value + "', which is not an http(s) URL of an"
                    + " S3 endpoint; correct or unset it (or pass s3EndpointOverride)", null);
        }
        return null;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts an upload: a local file or folder, resumable through its journal, or a stream of unknown length
     * ({@link UploadRequest.Builder#sourceStream}), which is not.
     *
     * @return the running transfer; failures arrive through it
     * @throws io.icasdk.core.IcaConfigurationException when no project is given and the client has no default project
     * @throws IllegalStateException    when the manager is closed
     */
    public TransferHandle upload(UploadRequest request) {
        Objects.requireNonNull(request, "request");
        ProjectId project = project(request.projectId());
        ProgressTracker progress = new ProgressTracker(listener, request.listener());
        DefaultTransferHandle handle = new DefaultTransferHandle(new Cancellation(), progress);
        runtime.start(handle::cancel,
                handle.completedBy(new UploadJob(runtime, ica, request, project, progress, handle)));
        return handle;
    }

    /** Starts an upload described by a builder; see {@link #upload(UploadRequest)}. */
    public TransferHandle upload(Consumer<UploadRequest.Builder> request) {
        UploadRequest.Builder b = UploadRequest.builder();
        request.accept(b);
        return upload(b.build());
    }

    /**
     * Starts a download.
     *
     * @return the running transfer; failures arrive through it
     * @throws io.icasdk.core.IcaConfigurationException when no project is given and the client has no default project
     * @throws IllegalStateException    when the manager is closed
     */
    public TransferHandle download(DownloadRequest request) {
        Objects.requireNonNull(request, "request");
        ProjectId project = project(request.projectId());
        ProgressTracker progress = new ProgressTracker(listener, request.listener());
        DefaultTransferHandle handle = new DefaultTransferHandle(new Cancellation(), progress);
        runtime.start(handle::cancel,
                handle.completedBy(new DownloadJob(runtime, ica, request, project, progress, handle)));
        return handle;
    }

    /** Starts a download described by a builder; see {@link #download(DownloadRequest)}. */
    public TransferHandle download(Consumer<DownloadRequest.Builder> request) {
        DownloadRequest.Builder b = DownloadRequest.builder();
        request.accept(b);
        return download(b.build());
    }

    /**
     * Opens a project file for reading as a stream, e.g. to pipe it into another program without a local copy
     * ({@code ica download /runs/r1/a.fastq.gz - | zcat}). The bytes come through the file's presigned URL; a
     * broken connection (or one that moves no byte for {@link Builder#stallTimeout}) is resumed where it
     * stopped, pinned to the file's ETag, so a file replaced meanwhile fails rather than mixing two versions. At the end of the stream its size is checked, and its MD5 where
     * the ETag is one (not with {@link ChecksumMode#NONE}): a damaged stream makes {@code read} throw instead
     * of reporting its end (the bytes read already cannot be fetched again for the reader, unlike a
     * {@link #download}'s, which fetches a damaged file once more). There is no journal: for a resumable copy
     * on disk, use {@link #download}.
     * Every failure while reading is an {@link java.io.IOException}, its cause a {@link TransferException}
     * ({@link ChecksumMismatchException}, {@link SourceChangedException}) where there is one.
     *
     * <pre>{@code
     * try (InputStream in = tm.openStream(null, "/runs/r1/SampleSheet.csv")) {
     *     in.transferTo(System.out);
     * }
     * }</pre>
     *
     * @param projectId  the project, or null for the client's default project
     * @param remotePath the file, e.g. {@code /runs/r1/SampleSheet.csv}
     * @return the stream; close it when done
     * @throws SourceNotFoundException when there is no such file
     * @throws IllegalArgumentException when the path is a folder, or not an absolute path
     * @throws TransferException when the file is not AVAILABLE (still uploading, or archived)
     * @throws io.icasdk.core.IcaConfigurationException when no project is given and the client has no default project
     * @throws io.icasdk.core.IcaException when ICA cannot be reached or refuses
     * @throws IllegalStateException    when the manager is closed
     */
    public InputStream openStream(ProjectId projectId, String remotePath) {
        Objects.requireNonNull(remotePath, "remotePath");
        runtime.checkOpen();
        ProjectId project = project(projectId);
        ProjectDataClient data = ica.projectData(project);
        String path = remotePath.endsWith("/") ? remotePath.substring(0, remotePath.length() - 1) : remotePath;
        ProjectData file = data.findByPath(path).orElse(null);
        if (file == null) {
            if (data.findByPath(path + "/").isPresent()) {
                throw new IllegalArgumentException(path + "/ is a folder; a stream reads one file");
            }
            throw new SourceNotFoundException("No file " + path + " in project " + project + "; check the path");
        }
        if (file.status() != DataStatus.AVAILABLE || file.fileSizeInBytes() == null) {
            throw new TransferException(file.path() + " is " + file.status() + " in ICA, not AVAILABLE; wait for it"
                    + " (or unarchive it) and read it again");
        }
        return new RemoteFileStream(runtime.http(), runtime::request, runtime.settings().proxy(),
                () -> data.createDownloadUrl(file.id()),
                file.path(), file.fileSizeInBytes(), file.objectETag(),
                runtime.settings().checksumMode() != ChecksumMode.NONE, runtime.bandwidth(),
                runtime.settings().stallTimeout(), runtime.scheduler());
    }

    /**
     * Starts a sync: makes the destination folder match the source (see {@link SyncRequest}). Files moved
     * by an interrupted run of the same sync are not moved again; partly moved ones resume from the journal.
     *
     * @return the running sync; failures arrive through it
     * @throws io.icasdk.core.IcaConfigurationException when no project is given and the client has no default project
     * @throws IllegalStateException    when the manager is closed
     */
    public SyncHandle sync(SyncRequest request) {
        Objects.requireNonNull(request, "request");
        ProjectId project = project(request.projectId().orElse(null));
        return io.icasdk.transfer.internal.sync.SyncJob.start(request, runtime, ica, project,
                listener == null ? java.util.List.of() : java.util.List.of(listener));
    }

    /** Starts a sync described by a builder; see {@link #sync(SyncRequest)}. */
    public SyncHandle sync(Consumer<SyncRequest.Builder> request) {
        SyncRequest.Builder b = SyncRequest.builder();
        request.accept(b);
        return sync(b.build());
    }

    /**
     * Cancels the transfers and syncs still running (they end as cancelled, their journals kept: running them again
     * resumes them), waits up to 10 s for them to stop, then stops the manager's threads and S3 clients.
     * Idempotent; a transfer started after it throws {@link IllegalStateException}.
     */
    @Override
    public void close() {
        runtime.close();
    }

    /**
     * Stops the process-wide native threads of the AWS CRT that the S3 clients of closed transfer
     * managers leave behind. Call it once, at the very end of a program that uses no AWS CRT client any
     * more (for instance just before {@code System.exit}): without it the JVM waits up to a second at
     * exit for those threads. Waits at most half a second for them. First lets a load that {@link
     * #preloadNativeClient} started finish (up to 2 s): a JVM that exits mid-load deletes the library
     * the CRT is extracting, and the CRT then prints a stack trace. Does nothing more when no CRT client
     * was made.
     *
     * <pre>{@code
     * try (TransferManager tm = TransferManager.builder().icaClient(ica).build()) {
     *     tm.upload(request).get();
     * }
     * TransferManager.releaseNativeResources();
     * }</pre>
     */
    public static void releaseNativeResources() {
        Thread loading = preload;
        if (loading != null) { // let it finish first: an exit mid-load deletes the library it is extracting
            try {
                loading.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        S3ClientFactory.releaseCrtThreads(Duration.ofMillis(500));
    }

    /**
     * Starts loading the native S3 client (the AWS CRT) on a background thread, so that a transfer manager
     * built soon after sends its first request sooner. For short-lived tools, at the start of the process;
     * optional (building a transfer manager starts the same load). Does nothing when the CRT cannot load.
     */
    public static void preloadNativeClient() {
        Thread t = new Thread(() -> S3ClientFactory.preload(null), "ica-crt-preload");
        t.setDaemon(true);
        preload = t;
        t.start();
    }

    /** The thread of {@link #preloadNativeClient}, which {@link #releaseNativeResources} waits for. */
    private static volatile Thread preload;

    /** The shared engine (threads, S3 clients, permits) for jobs in this package (sync). */
    TransferRuntime runtime() {
        return runtime;
    }

    /** The ICA client. */
    IcaClient icaClient() {
        return ica;
    }

    /** The manager-wide listener, or null. */
    TransferListener listener() {
        return listener;
    }

    ProjectId project(ProjectId requested) {
        if (requested != null) {
            return requested;
        }
        return ica.defaultProjectId().orElseThrow(() -> new IcaConfigurationException("No project given and the"
                + " ICA client has no default project: set projectId on the request, or ICAV2_PROJECT_ID", null));
    }

    /**
     * The environment variables that name the S3 endpoint when {@link Builder#s3EndpointOverride} is not set,
     * the first set one winning: the AWS SDKs' and CLI's names.
     */
    public static final List<String> S3_ENDPOINT_ENVIRONMENT = List.of("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL");

    /** The most files {@link Builder#maxFilesInFlight} allows at once. */
    public static final int MAX_FILES_IN_FLIGHT = 1024;

    /** The smallest part {@link Builder#partSizeInBytes} allows: S3's (5 MiB). */
    public static final long MIN_PART_SIZE_IN_BYTES = PartPlan.MIN_PART_SIZE;

    /**
     * The largest part {@link Builder#partSizeInBytes} allows: 1 GiB, the AWS CRT's (with its default memory
     * limit), though S3 takes parts up to 5 GiB. Parts are raised past it only for files that need more than
     * 10,000 parts, and an object within S3's 5 TiB never does: 10,000 x 1 GiB is about 9.8 TiB.
     */
    public static final long MAX_PART_SIZE_IN_BYTES = 1L << 30;

    /** Builds a {@link TransferManager}. Not thread-safe. */
    public static final class Builder {
        private IcaClient icaClient;
        private long partSizeInBytes = 8L * 1024 * 1024;
        private int maxFilesInFlight = 32;
        private int maxRequestsInFlight = 8;
        private ChecksumMode checksumMode = ChecksumMode.CRC32C;
        private Path journalDirectory;
        private long bandwidthLimitBytesPerSecond;
        private URI s3EndpointOverride;
        private Map<String, String> environment;
        private TransferListener listener;
        private Duration availabilityTimeout = Duration.ofMinutes(10);
        private Duration stallTimeout = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();
        private SinkFactory sinks = SinkFactory.DIRECT;
        private String s3Client;

        private Builder() {}

        /** The ICA client (required). Not closed by the manager. */
        public Builder icaClient(IcaClient client) {
            this.icaClient = client;
            return this;
        }

        /**
         * Part size for multipart uploads and ranged downloads (default 8 MiB, from
         * {@value #MIN_PART_SIZE_IN_BYTES} to {@value #MAX_PART_SIZE_IN_BYTES} bytes). Raised automatically for
         * files that would need more than 10,000 parts. Memory grows with requests in flight x part size.
         */
        public Builder partSizeInBytes(long partSizeInBytes) {
            if (partSizeInBytes < MIN_PART_SIZE_IN_BYTES || partSizeInBytes > MAX_PART_SIZE_IN_BYTES) {
                throw new IllegalArgumentException("partSizeInBytes must be between 5 MiB and 1 GiB (the AWS CRT's"
                        + " limit), was " + partSizeInBytes);
            }
            this.partSizeInBytes = partSizeInBytes;
            return this;
        }

        /**
         * Files worked on at once (default 32, at most {@value #MAX_FILES_IN_FLIGHT}: each has a thread; small
         * files are latency-bound, so many help).
         */
        public Builder maxFilesInFlight(int maxFilesInFlight) {
            if (maxFilesInFlight < 1 || maxFilesInFlight > MAX_FILES_IN_FLIGHT) {
                throw new IllegalArgumentException("maxFilesInFlight must be between 1 and " + MAX_FILES_IN_FLIGHT
                        + ", was " + maxFilesInFlight);
            }
            this.maxFilesInFlight = maxFilesInFlight;
            return this;
        }

        /**
         * S3 requests in flight at once across all transfers of this manager (default 8). Each holds up
         * to a part in memory (in the S3 client's native buffers), so this bounds memory too.
         */
        public Builder maxRequestsInFlight(int maxRequestsInFlight) {
            this.maxRequestsInFlight = positive(maxRequestsInFlight, "maxRequestsInFlight");
            return this;
        }

        /** Integrity checks (default {@link ChecksumMode#CRC32C}). */
        public Builder checksumMode(ChecksumMode checksumMode) {
            this.checksumMode = Objects.requireNonNull(checksumMode, "checksumMode");
            return this;
        }

        /** Where job journals live (default {@code ~/.ica-sdk/journals}; created owner-only). */
        public Builder journalDirectory(Path journalDirectory) {
            this.journalDirectory = journalDirectory;
            return this;
        }

        /** Caps the bytes per second of all transfers of this manager (default 0 = unlimited). */
        public Builder bandwidthLimitBytesPerSecond(long bytesPerSecond) {
            if (bytesPerSecond < 0) {
                throw new IllegalArgumentException("bandwidthLimitBytesPerSecond must be >= 0, was " + bytesPerSecond);
            }
            this.bandwidthLimitBytesPerSecond = bytesPerSecond;
            return this;
        }

        /**
         * An S3 endpoint other than AWS's (the emulator, a proxy, a VPC endpoint); path-style addressing.
         * Default: {@code AWS_ENDPOINT_URL_S3}, then {@code AWS_ENDPOINT_URL}, where set; else AWS's.
         */
        public Builder s3EndpointOverride(URI endpoint) {
            this.s3EndpointOverride = endpoint;
            return this;
        }

        /**
         * Environment variables to read instead of {@link System#getenv()} ({@link #S3_ENDPOINT_ENVIRONMENT}),
         * as {@code IcaClient.Builder.environment} takes them: a test gives both the emulator's
         * {@code shellExports()}.
         */
        public Builder environment(Map<String, String> environment) {
            this.environment = environment == null ? null : Map.copyOf(environment);
            return this;
        }

        /** A listener for every transfer of this manager. */
        public Builder listener(TransferListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * How long an S3 connection may move no byte before it is closed and its request retried (default
         * 30 s, at least 1 s): a connection that a firewall or NAT dropped without a word would otherwise
         * hold its part forever, and with it the transfer.
         */
        public Builder stallTimeout(Duration timeout) {
            if (Objects.requireNonNull(timeout, "timeout").compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("stallTimeout must be at least 1 s, was " + timeout);
            }
            this.stallTimeout = timeout;
            return this;
        }

        /** How long {@code waitUntilAvailable} uploads wait for ICA (default 10 minutes). */
        public Builder availabilityTimeout(Duration timeout) {
            this.availabilityTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        Builder sinkFactory(SinkFactory sinks) {
            this.sinks = sinks;
            return this;
        }

        Builder s3Client(String kind) {
            this.s3Client = kind;
            return this;
        }

        /**
         * @throws NullPointerException without an ICA client
         * @throws IcaConfigurationException when no {@link #s3EndpointOverride} is set and {@code AWS_ENDPOINT_URL_S3}
         *     or {@code AWS_ENDPOINT_URL} (in {@link #environment}, else the process's) holds no http(s) URL
         */
        public TransferManager build() {
            return new TransferManager(this);
        }

        private static int positive(int n, String name) {
            if (n <= 0) {
                throw new IllegalArgumentException(name + " must be positive, was " + n);
            }
            return n;
        }
    }
}
