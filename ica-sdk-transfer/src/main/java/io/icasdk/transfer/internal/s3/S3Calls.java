package io.icasdk.transfer.internal.s3;

import io.icasdk.transfer.internal.Cancellation;
import io.icasdk.transfer.internal.credentials.IssuedCredentials;
import io.icasdk.transfer.internal.credentials.RefreshingCredentialsProvider;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Runs one S3 call with the engine's retry rules:
 * <ul>
 *   <li>each attempt is signed with the scope's current credentials, pinned for that attempt so the
 *       engine knows which ones S3 refused;</li>
 *   <li>refused credentials (ExpiredToken, InvalidAccessKeyId, AccessDenied, a bare 400/403 on HEAD)
 *       are refreshed and the call is repeated at once, outside the retry budget (up to
 *       {@link Policy#maxCredentialRefreshes()} times per call, so a real permission error still ends);</li>
 *   <li>transient failures (network, throttling, 5xx) back off exponentially with jitter, up to
 *       {@link Policy#maxAttempts()} attempts; but once a call used them all without S3 ever having
 *       answered any call (a wrong endpoint, a name that does not resolve), later calls get one attempt
 *       until S3 answers, so that a job of thousands of files fails in seconds, not one backoff each;</li>
 *   <li>everything else fails the call.</li>
 * </ul>
 * Completions run on the engine's executor, never on the S3 client's I/O threads. Thread-safe.
 */
public final class S3Calls {
    private static final Logger log = LoggerFactory.getLogger(S3Calls.class);

    /**
     * Retry rules.
     *
     * @param maxAttempts             attempts for transient failures (1 = no retry)
     * @param initialBackoff          first backoff
     * @param maxBackoff              backoff ceiling
     * @param maxCredentialRefreshes  credential refreshes per call
     */
    public record Policy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, int maxCredentialRefreshes) {
        /** 10 attempts, 200 ms doubling to 10 s, 4 refreshes. */
        public static Policy defaults() {
            return new Policy(10, Duration.ofMillis(200), Duration.ofSeconds(10), 4);
        }
    }

    private final Executor executor;
    private final ScheduledExecutorService scheduler;
    private final Policy policy;
    private final long handshakeBreakNanos;
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong credentialRetries = new AtomicLong();
    /** Whether S3 ever answered a call (any HTTP status). */
    private volatile boolean answered;
    /** Set when a call used all its attempts without an answer while S3 had never answered. */
    private volatile boolean unreachable;
    /**
     * The TLS handshake failure of a call while S3 had never answered (most often a certificate this machine does
     * not trust), or a proxy's refusal of its tunnel (wrong credentials): a setting, not weather, so later calls end
     * with it at once for {@link #HANDSHAKE_BREAK_NANOS} instead of each waiting out the CRT's 10-30 s per failed
     * handshake (four times: the CRT's own retries), or sending a refused password again. Cleared by any answer;
     * after the break, calls try again (a clock set right, a CA installed, a password changed).
     */
    private volatile Refusal handshakeRefused;

    /** How long calls end at once after a refused handshake. */
    static final long HANDSHAKE_BREAK_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** A refused handshake and when it happened ({@link System#nanoTime()}). */
    private record Refusal(Throwable failure, long atNanos) {}

    public S3Calls(Executor executor, ScheduledExecutorService scheduler, Policy policy) {
        this(executor, scheduler, policy, HANDSHAKE_BREAK_NANOS);
    }

    /** With another break after a refused handshake (a test seam). */
    S3Calls(Executor executor, ScheduledExecutorService scheduler, Policy policy, long handshakeBreakNanos) {
        this.executor = executor;
        this.scheduler = scheduler;
        this.policy = policy;
        this.handshakeBreakNanos = handshakeBreakNanos;
    }

    /** Transient-failure retries so far (all calls). */
    public long retryCount() {
        return retries.get();
    }

    /** Retries after refused credentials so far (all calls). */
    public long credentialRetryCount() {
        return credentialRetries.get();
    }

    /**
     * Runs a call.
     *
     * @param what        for logs and errors, e.g. {@code UploadPart 3 of runs/a.bam}
     * @param credentials the scope's credentials
     * @param head        whether it is a HEAD request
     * @param attempt     sends one attempt signed by the given provider
     * @param cancel      the job's cancel switch
     * @return completes with the result, or exceptionally with the last failure
     */
    public <T> CompletableFuture<T> call(String what, RefreshingCredentialsProvider credentials, boolean head,
                                         Function<AwsCredentialsProvider, CompletableFuture<T>> attempt,
                                         Cancellation cancel) {
        CompletableFuture<T> result = new CompletableFuture<>();
        new Run<>(what, credentials, head, attempt, cancel, result).attempt();
        return result;
    }

    private final class Run<T> {
        final String what;
        final RefreshingCredentialsProvider credentials;
        final boolean head;
        final Function<AwsCredentialsProvider, CompletableFuture<T>> send;
        final Cancellation cancel;
        final CompletableFuture<T> result;
        int attempts;
        int refreshes;
        Throwable refreshFailure; // the last failure of ICA to give new credentials after S3 refused the old

        Run(String what, RefreshingCredentialsProvider credentials, boolean head,
            Function<AwsCredentialsProvider, CompletableFuture<T>> send, Cancellation cancel,
            CompletableFuture<T> result) {
            this.what = what;
            this.credentials = credentials;
            this.head = head;
            this.send = send;
            this.cancel = cancel;
            this.result = result;
        }

        void attempt() {
            if (cancel.isCancelled()) {
                result.completeExceptionally(new CancellationException("The transfer was cancelled"));
                return;
            }
            Refusal refused = handshakeRefused;
            if (refused != null && !answered && System.nanoTime() - refused.atNanos() < handshakeBreakNanos) {
                result.completeExceptionally(refused.failure());
                return;
            }
            attempts++;
            IssuedCredentials used;
            try {
                used = credentials.current();
            } catch (Throwable t) {
                failed(t, null);
                return;
            }
            CompletableFuture<T> f;
            try {
                AwsSessionCredentials aws = AwsSessionCredentials.create(used.accessKeyId(),
                        used.secretKey().reveal(), used.sessionToken() == null ? "" : used.sessionToken().reveal());
                f = cancel.track(send.apply(StaticCredentialsProvider.create(aws)));
            } catch (Throwable t) {
                f = CompletableFuture.failedFuture(t);
            }
            f.whenCompleteAsync((value, failure) -> {
                if (failure == null || S3Errors.status(failure) != 0) {
                    answered = true;
                    unreachable = false;
                    handshakeRefused = null;
                }
                if (failure == null) {
                    result.complete(value);
                } else {
                    failed(failure, used);
                }
            }, executor);
        }

        void failed(Throwable failure, IssuedCredentials used) {
            S3Errors.Kind kind = cancel.isCancelled() ? S3Errors.Kind.CANCELLED : S3Errors.classify(failure, head);
            switch (kind) {
                case CREDENTIALS -> {
                    if (used != null && refreshes < policy.maxCredentialRefreshes()) {
                        refreshes++;
                        attempts--; // outside the retry budget
                        credentialRetries.incrementAndGet();
                        log.debug("{}: credentials refused ({}); refreshing and retrying", what,
                                S3Errors.describe(failure));
                        try {
                            credentials.refreshAfterRejection(used.accessKeyId());
                        } catch (Throwable t) {
                            attempts++; // ICA could not give new ones: this try counts, and waits like any retry
                            refreshFailure = t;
                            failed(t, null);
                            return;
                        }
                        refreshFailure = null;
                        attempt();
                        return;
                    }
                    result.completeExceptionally(refusedFor(failure));
                }
                case RETRYABLE -> {
                    boolean noAnswer = !answered && S3Errors.isNoAnswer(failure);
                    if (noAnswer && S3Errors.isRefusedOnTheWay(failure)) {
                        Throwable refusal = S3Errors.unwrap(failure);
                        handshakeRefused = new Refusal(refusal, System.nanoTime());
                        log.debug("{}: the TLS handshake with S3 failed, or the proxy refused its tunnel, and S3 never"
                                + " answered; later calls end with it for a minute or until S3 answers", what);
                        result.completeExceptionally(refusal);
                        return;
                    }
                    if (attempts < policy.maxAttempts() && !(noAnswer && unreachable)) {
                        retries.incrementAndGet();
                        long delay = backoffMillis(attempts);
                        log.debug("{}: attempt {} failed ({}); retrying in {} ms", what, attempts,
                                S3Errors.describe(failure), delay);
                        // A cancel during the wait ends the call at once (the wait is up to maxBackoff).
                        Runnable stop = () -> result.completeExceptionally(
                                new CancellationException("The transfer was cancelled"));
                        cancel.onCancel(stop);
                        scheduler.schedule(() -> {
                            cancel.forget(stop);
                            executor.execute(this::attempt);
                        }, delay, TimeUnit.MILLISECONDS);
                        return;
                    }
                    if (noAnswer && !unreachable) {
                        unreachable = true;
                        log.debug("{}: S3 never answered in {} attempts; later calls get one attempt until it does",
                                what, attempts);
                    }
                    result.completeExceptionally(S3Errors.unwrap(failure));
                }
                case CANCELLED -> result.completeExceptionally(new CancellationException("The transfer was cancelled"));
                default -> result.completeExceptionally(S3Errors.unwrap(failure));
            }
        }

        /**
         * What a call whose credentials S3 kept refusing ends with: when ICA failed to give new ones, that
         * failure (what the user can act on), with S3's refusal attached.
         */
        private Throwable refusedFor(Throwable failure) {
            Throwable refused = S3Errors.unwrap(failure);
            if (refreshFailure == null) {
                return refused;
            }
            Throwable ica = S3Errors.unwrap(refreshFailure);
            ica.addSuppressed(refused);
            return ica;
        }

        long backoffMillis(int attempt) {
            long base = policy.initialBackoff().toMillis() << Math.max(0, Math.min(attempt - 1, 16));
            long cap = Math.min(base, policy.maxBackoff().toMillis());
            return cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
        }
    }
}
