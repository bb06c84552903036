package io.icasdk.testkit;

import io.icasdk.testkit.internal.EmulatorState;
import io.icasdk.testkit.internal.FaultState;
import io.icasdk.testkit.internal.RestServer;
import io.icasdk.testkit.internal.S3Side;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * An in-process stand-in for Illumina Connected Analytics: ICA's REST API (projects, project data,
 * uploads, downloads, temporary credentials, folder upload sessions) on 127.0.0.1, backed by a real S3
 * server (S3Proxy) that enforces the scope, read-only flag and expiry of every issued credential.
 *
 * <pre>{@code
 * try (IcaEmulator ica = IcaEmulator.start()) {
 *     String fileId = ica.seed().putFile(ica.projectId(), "/in/a.txt", "hi".getBytes());
 *     // point a client at ica.baseUrl() with X-API-Key: ica.apiKey()
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops both servers and, with a data directory, writes the state.
 * With {@link Builder#dataDir(Path)} the projects, records, credentials and objects survive a restart.
 */
public final class IcaEmulator implements AutoCloseable {
    /** The one bucket that holds every project's objects, under {@code <projectId>/}. */
    private static final String BUCKET = "ica-emulator";
    /** The region of the S3 side, as the issued credentials state it. */
    private static final String REGION = "us-east-1";

    private final EmulatorState state;
    private final FaultState faultState;
    private final S3Side s3;
    private final RestServer rest;
    private final Faults faults;
    private final Seeder seeder;

    private IcaEmulator(Builder b) throws Exception {
        faultState = new FaultState(b.credentialTtl, b.partialLag, b.presignedUrlTtl, b.tokenTtl);
        Path stateFile = null;
        Path objects = null;
        if (b.dataDir != null) {
            Files.createDirectories(b.dataDir);
            stateFile = b.dataDir.resolve("state.json");
            objects = b.dataDir.resolve("objects");
        }
        state = new EmulatorState(Clock.systemUTC(), faultState, stateFile);
        // Start-up is mostly class loading (S3Proxy, Jetty, two Jacksons, the AWS SDK model): the S3 side,
        // the longest part, starts first on its own thread; state and REST side load on this one meanwhile.
        Path objectsDir = objects;
        FutureTask<S3Side> s3Start = new FutureTask<>(
                () -> new S3Side(state, faultState, BUCKET, REGION, objectsDir, b.s3Port));
        Thread starter = new Thread(s3Start, "ica-emulator-s3-start");
        starter.setDaemon(true);
        starter.start();
        S3Side s3Side = null;
        RestServer restServer = null;
        try {
            state.initialise(b.apiKey, b.projectName);
            restServer = new RestServer(state, faultState, b.port, b.pageSizeLimit);
            s3Side = s3Start.get();
            restServer.attach(s3Side);
        } catch (Exception | Error e) {
            closeQuietly(restServer);
            stopS3Quietly(s3Start);
            state.close();
            if (e instanceof ExecutionException ee) {
                throw ee.getCause() instanceof Exception ex ? ex : new IllegalStateException(ee.getCause());
            }
            throw e;
        }
        s3 = s3Side;
        rest = restServer;
        faults = new Faults(faultState, state::expireAllGrants);
        seeder = new Seeder(state, s3);
    }

    /** Stops the S3 side of a failed start once it is up (or lets its own start failure stand). */
    private static void stopS3Quietly(FutureTask<S3Side> s3Start) {
        try {
            s3Start.get().close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            // it did not start, or stopping failed: nothing more to do
        }
    }

    private static void closeQuietly(RestServer server) {
        if (server != null) {
            server.close();
        }
    }

    /**
     * Starts an emulator with the defaults: free ports, a random API key, one project "demo", in memory.
     *
     * @throws IllegalStateException if a server cannot start
     */
    public static IcaEmulator start() {
        return builder().start();
    }

    /** @return a builder for a customised emulator */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the REST base URL, e.g. {@code http://127.0.0.1:41234/ica/rest} */
    public URI baseUrl() { return rest.baseUrl(); }

    /** @return the API key accepted in {@code X-API-Key} */
    public String apiKey() { return state.apiKey(); }

    /** @return the id of the seeded default project */
    public String projectId() { return state.defaultProjectId(); }

    /** @return the S3 endpoint, e.g. {@code http://127.0.0.1:41235} (path-style, region {@link #region()}) */
    public URI s3Endpoint() { return s3.endpoint(); }

    /** @return the one bucket that holds every project's objects under {@code <projectId>/} */
    public String bucket() { return s3.bucket(); }

    /** @return the S3 region, {@code us-east-1} */
    public String region() { return s3.region(); }

    /** @return the run-time fault switches */
    public Faults faults() { return faults; }

    /** @return the seeding API */
    public Seeder seed() { return seeder; }

    /**
     * The environment that points ICA tools at this emulator: {@code ICAV2_BASE_URL},
     * {@code ICAV2_X_API_KEY}, {@code ICAV2_PROJECT_ID}, plus {@code ICAV2_SERVER_URL} (host:port) and
     * {@code AWS_ENDPOINT_URL_S3} / {@code AWS_REGION} for S3 tools.
     *
     * @return an ordered map of variable to value
     */
    public Map<String, String> shellExports() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ICAV2_BASE_URL", baseUrl().toString());
        env.put("ICAV2_X_API_KEY", apiKey());
        env.put("ICAV2_PROJECT_ID", projectId());
        env.put("ICAV2_SERVER_URL", baseUrl().getHost() + ":" + baseUrl().getPort());
        env.put("AWS_ENDPOINT_URL_S3", s3Endpoint().toString());
        env.put("AWS_REGION", region());
        return env;
    }

    /** Stops both servers and writes the state (with a data directory). Idempotent; never throws. */
    @Override
    public void close() {
        try {
            rest.close();
        } finally {
            try {
                s3.close();
            } catch (Exception e) {
                // stopping Jetty failed: nothing useful to do in close()
            } finally {
                state.close();
            }
        }
    }

    @Override
    public String toString() {
        return "IcaEmulator[" + baseUrl() + ", s3 " + s3Endpoint() + "]";
    }

    // ------------------------------------------------------------------ standalone

    /**
     * Runs the emulator until the JVM stops; see {@link #usage()} for the options.
     * Exits with status 2 on bad arguments.
     */
    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Parses the options, starts the emulator, prints where it listens, and blocks until the JVM shuts
     * down (Ctrl-C) or the thread is interrupted; the emulator is closed on the way out.
     *
     * @return 0 after a normal stop, 2 on bad arguments (the message goes to err)
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        IcaEmulator emulator;
        try {
            Builder b = parseArgs(args);
            if (b == null) {
                out.print(usage());
                return 0;
            }
            emulator = b.start();
        } catch (IllegalArgumentException e) {
            err.println("IcaEmulator: " + e.getMessage());
            err.print(usage());
            return 2;
        }
        printInfo(emulator, out);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "ica-emulator-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Runtime.getRuntime().removeShutdownHook(hook);
            emulator.close();
        }
        return 0;
    }

    /**
     * Parses standalone options into a builder.
     *
     * @return the builder, or null when help was asked for
     * @throws IllegalArgumentException with a clear message on a bad option or value
     */
    public static Builder parseArgs(String... args) {
        Builder b = builder();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            if (name.equals("-h") || name.equals("--help")) {
                return null;
            }
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown option " + name);
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + name + " needs a value");
                }
                value = args[++i];
            }
            switch (name) {
                case "--port" -> b.port(parsePort(name, value));
                case "--s3-port" -> b.s3Port(parsePort(name, value));
                case "--data-dir" -> b.dataDir(Path.of(value));
                case "--credential-ttl" -> b.credentialTtl(parseDuration(value));
                case "--partial-lag" -> b.partialLag(parseDuration(value));
                case "--api-key" -> b.apiKey(value);
                case "--project" -> b.projectName(value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return b;
    }

    private static final Set<String> OPTIONS = Set.of("--port", "--s3-port", "--data-dir",
            "--credential-ttl", "--partial-lag", "--api-key", "--project");

    /** @return the standalone usage text */
    public static String usage() {
        return """
                Usage: java io.icasdk.testkit.IcaEmulator [options]   (ica emulator takes the same but --partial-lag)
                  --port N               REST port (default: any free port)
                  --s3-port N            S3 port (default: any free port)
                  --data-dir DIR         keep projects, records, credentials and objects in DIR across restarts
                  --credential-ttl D     lifetime of temporary credentials, e.g. 20s, 15m, 36h (default 36h)
                  --partial-lag D        how long a written file stays PARTIAL, e.g. 0s, 2s (default 0s)
                  --api-key KEY          the API key to accept (default: random, or the one kept in --data-dir)
                  --project NAME         name of the default project (default demo)
                  -h, --help             this help
                """;
    }

    /** Prints the endpoints, API key, project id and shell exports of a running emulator. */
    public static void printInfo(IcaEmulator emulator, PrintStream out) {
        out.println("ICA emulator running");
        out.println("  REST endpoint : " + emulator.baseUrl());
        out.println("  API key       : " + emulator.apiKey());
        out.println("  project id    : " + emulator.projectId());
        out.println("  S3 endpoint   : " + emulator.s3Endpoint() + "  (bucket " + emulator.bucket()
                + ", region " + emulator.region() + ", path-style)");
        out.println("Shell exports:");
        emulator.shellExports().forEach((k, v) -> out.println("export " + k + "='" + v + "'"));
        out.flush();
    }

    private static int parsePort(String name, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number 0-65535, was '" + value + "'");
        }
    }

    /**
     * Parses "500ms", "20s", "15m", "36h", "2d" or an ISO-8601 duration ("PT20S").
     *
     * @throws IllegalArgumentException if the text is neither
     */
    public static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(text.trim().toUpperCase(java.util.Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            switch (t.charAt(t.length() - 1)) {
                case 's': return Duration.ofSeconds(n);
                case 'm': return Duration.ofMinutes(n);
                case 'h': return Duration.ofHours(n);
                case 'd': return Duration.ofDays(n);
                default: break;
            }
        } catch (RuntimeException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("'" + text + "' is not a duration: use e.g. 500ms, 20s, 15m, 36h, 2d or PT20S");
    }

    /**
     * Options of an {@link IcaEmulator}. Defaults: free ports, in memory, random API key, project "demo",
     * credential TTL 36 h (as ICA), PARTIAL lag 0, presigned URL TTL 1 h, JWT TTL 12 h, page size limit 1000.
     * Not thread-safe.
     */
    public static final class Builder {
        private int port;
        private int s3Port;
        private Path dataDir;
        private String apiKey;
        private Duration credentialTtl = Duration.ofHours(36);
        private Duration partialLag = Duration.ZERO;
        private Duration presignedUrlTtl = Duration.ofHours(1);
        private Duration tokenTtl = Duration.ofHours(12);
        private String projectName; // null: the persisted default project, else "demo"
        private int pageSizeLimit = 1000;

        private Builder() {}

        /** REST port, 0 = any free port. @return this */
        public Builder port(int port) { this.port = port; return this; }

        /** S3 port, 0 = any free port. @return this */
        public Builder s3Port(int s3Port) { this.s3Port = s3Port; return this; }

        /** Keep state and objects in this directory (created if missing). @return this */
        public Builder dataDir(Path dataDir) { this.dataDir = dataDir; return this; }

        /** The API key to accept instead of a random one. @return this */
        public Builder apiKey(String apiKey) {
            if (apiKey != null && apiKey.isBlank()) {
                throw new IllegalArgumentException("apiKey must not be blank");
            }
            this.apiKey = apiKey;
            return this;
        }

        /** Lifetime of temporary credentials (default 36 h). @return this */
        public Builder credentialTtl(Duration ttl) { this.credentialTtl = positive(ttl, "credentialTtl"); return this; }

        /** How long written files stay PARTIAL (default 0). @return this */
        public Builder partialLag(Duration lag) {
            Objects.requireNonNull(lag, "partialLag");
            if (lag.isNegative()) {
                throw new IllegalArgumentException("partialLag must not be negative");
            }
            this.partialLag = lag;
            return this;
        }

        /** Lifetime of presigned URLs (default 1 h, 1 s to 7 days). @return this */
        public Builder presignedUrlTtl(Duration ttl) { this.presignedUrlTtl = positive(ttl, "presignedUrlTtl"); return this; }

        /** Lifetime of JWTs from {@code POST /api/tokens} (default 12 h). @return this */
        public Builder tokenTtl(Duration ttl) { this.tokenTtl = positive(ttl, "tokenTtl"); return this; }

        /**
         * Name of the default project (default "demo"; with a {@link #dataDir} that holds one, the default project
         * it had). A data dir without a project of this name gets a new one, which becomes the default.
         *
         * @return this
         */
        public Builder projectName(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("projectName must not be blank");
            }
            this.projectName = name;
            return this;
        }

        /** Largest accepted {@code pageSize}; above it the API answers 400 (default 1000). @return this */
        public Builder pageSizeLimit(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("pageSizeLimit must be >= 1");
            }
            this.pageSizeLimit = limit;
            return this;
        }

        /**
         * Starts the emulator.
         *
         * @throws IllegalStateException if a server cannot start (e.g. the port is taken)
         * @throws UncheckedIOException if the data directory cannot be used
         */
        public IcaEmulator start() {
            try {
                return new IcaEmulator(this);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the ICA emulator: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("Cannot start the ICA emulator: " + e.getMessage(), e);
            }
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
