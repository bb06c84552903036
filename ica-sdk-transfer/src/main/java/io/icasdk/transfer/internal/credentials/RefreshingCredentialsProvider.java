package io.icasdk.transfer.internal.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * S3 credentials for one ICA scope (a folder or a file), fetched from ICA and renewed before they
 * expire.
 *
 * <ul>
 *   <li>Ahead of expiry: ICA's AWS-format credentials carry no expiry, so they are assumed to live
 *       36 h from issue; RCLONE-format ones say when they expire. Inside the last fifth of the lifetime
 *       (at most the last 5 minutes) a refresh starts in the background while the current credentials
 *       keep serving; in the last tenth (at most 10 s) callers wait for the new ones.</li>
 *   <li>On rejection: when S3 answers ExpiredToken or similar, {@link #refreshAfterRejection} fetches new
 *       credentials unless another caller already did.</li>
 *   <li>Single-flight: one fetch at a time, whoever asks.</li>
 * </ul>
 *
 * <p>The AWS SDK (CRT or Java) calls {@link #resolveCredentials()} when it signs a request. Thread-safe.
 */
public final class RefreshingCredentialsProvider implements AwsCredentialsProvider {
    private static final Logger log = LoggerFactory.getLogger(RefreshingCredentialsProvider.class);

    /** ICA's documented lifetime of temporary credentials. */
    public static final Duration ASSUMED_LIFETIME = Duration.ofHours(36);
    private static final Duration MAX_REFRESH_MARGIN = Duration.ofMinutes(5);
    private static final Duration MAX_HARD_MARGIN = Duration.ofSeconds(10);
    /** How long a failed background refresh waits before the next one (the current credentials still serve). */
    static final Duration BACKGROUND_RETRY = Duration.ofSeconds(30);

    private final String scope;
    private final CredentialSource source;
    private final Clock clock;
    private final Executor executor;
    private final AtomicInteger fetches = new AtomicInteger();

    private volatile State state;
    private CompletableFuture<IssuedCredentials> inFlight; // guarded by this
    private volatile Instant nextBackgroundTry = Instant.MIN; // after a failed background refresh

    private record State(IssuedCredentials credentials, AwsSessionCredentials aws, Instant refreshAt,
                         Instant hardExpiry) {}

    /**
     * @param scope    what the credentials are for, for logs (no secrets), e.g. {@code folder /runs/}
     * @param source   where new credentials come from
     * @param clock    the clock deciding expiry
     * @param executor runs background refreshes (ICA calls block)
     */
    public RefreshingCredentialsProvider(String scope, CredentialSource source, Clock clock, Executor executor) {
        this.scope = scope;
        this.source = source;
        this.clock = clock;
        this.executor = executor;
    }

    /** Starts with credentials already in hand (e.g. from createFileWithTemporaryCredentials). */
    public RefreshingCredentialsProvider seed(IssuedCredentials initial) {
        this.state = stateOf(initial);
        return this;
    }

    @Override
    public AwsCredentials resolveCredentials() {
        return validState().aws();
    }

    /**
     * Credentials good for at least a few more seconds (fetching them when needed).
     *
     * @throws RuntimeException whatever the source threw when no valid credentials are left
     */
    public IssuedCredentials current() {
        return validState().credentials();
    }

    private State validState() {
        State s = state;
        Instant now = clock.instant();
        if (s != null && now.isBefore(s.refreshAt())) {
            return s;
        }
        if (s != null && now.isBefore(s.hardExpiry())) {
            if (!now.isBefore(nextBackgroundTry)) { // after a failure, not at every request: ICA rate-limits
                startRefresh();
            }
            return s;
        }
        await(startRefresh());
        return state;
    }

    /**
     * S3 refused credentials with this access key id: fetches new ones unless that already happened.
     *
     * @return the credentials to retry with
     */
    public IssuedCredentials refreshAfterRejection(String rejectedAccessKeyId) {
        CompletableFuture<IssuedCredentials> refresh;
        synchronized (this) {
            State s = state;
            if (s != null && !s.credentials().accessKeyId().equals(rejectedAccessKeyId)) {
                return s.credentials();
            }
            log.info("S3 refused the temporary credentials for {}; fetching new ones from ICA", scope);
            refresh = startRefresh();
        }
        return await(refresh);
    }

    /** How many times credentials were fetched. */
    public int fetchCount() {
        return fetches.get();
    }

    /** What these credentials are for (no secrets). */
    public String scope() {
        return scope;
    }

    private synchronized CompletableFuture<IssuedCredentials> startRefresh() {
        if (inFlight != null) {
            return inFlight;
        }
        CompletableFuture<IssuedCredentials> f = new CompletableFuture<>();
        inFlight = f;
        try {
            executor.execute(() -> fetch(f));
        } catch (RejectedExecutionException e) { // the transfer manager is closing: no fetch, no waiting for one
            inFlight = null;
            f.completeExceptionally(new IllegalStateException("No new credentials for " + scope
                    + ": the transfer manager is closed", e));
        }
        return f;
    }

    private void fetch(CompletableFuture<IssuedCredentials> f) {
        try {
            IssuedCredentials fresh = source.fetch();
            State next = stateOf(fresh);
            int count;
            synchronized (this) {
                state = next;
                inFlight = null;
                count = fetches.incrementAndGet();
            }
            if (count > 1) {
                log.info("Temporary credentials for {} refreshed (valid until about {})", scope,
                        next.refreshAt());
            } else {
                log.debug("Temporary credentials for {} fetched", scope);
            }
            f.complete(fresh);
        } catch (Throwable t) {
            nextBackgroundTry = clock.instant().plus(BACKGROUND_RETRY);
            State s = state;
            if (s != null && clock.instant().isBefore(s.hardExpiry())) {
                log.warn("Refreshing the temporary credentials for {} failed ({}); the current ones serve until {},"
                        + " trying again in {} s", scope, t.getMessage(), s.hardExpiry(), BACKGROUND_RETRY.toSeconds());
            }
            synchronized (this) {
                inFlight = null;
            }
            f.completeExceptionally(t);
        }
    }

    private State stateOf(IssuedCredentials c) {
        Instant expiry = c.expiresAt() != null ? c.expiresAt() : c.issuedAt().plus(ASSUMED_LIFETIME);
        Duration lifetime = Duration.between(c.issuedAt(), expiry);
        if (lifetime.isNegative()) {
            lifetime = Duration.ZERO;
        }
        Duration margin = min(MAX_REFRESH_MARGIN, lifetime.dividedBy(5));
        Duration hardMargin = min(MAX_HARD_MARGIN, lifetime.dividedBy(10));
        AwsSessionCredentials aws = AwsSessionCredentials.create(c.accessKeyId(), c.secretKey().reveal(),
                c.sessionToken() == null ? "" : c.sessionToken().reveal());
        return new State(c, aws, expiry.minus(margin), expiry.minus(hardMargin));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static IssuedCredentials await(CompletableFuture<IssuedCredentials> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new CompletionException(cause);
        }
    }

    @Override
    public String toString() {
        return "RefreshingCredentialsProvider[" + scope + "]";
    }
}
