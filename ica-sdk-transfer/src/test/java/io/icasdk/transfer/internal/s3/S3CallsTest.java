package io.icasdk.transfer.internal.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.icasdk.core.IcaServiceException;
import io.icasdk.core.Secret;
import io.icasdk.transfer.internal.Cancellation;
import io.icasdk.transfer.internal.credentials.IssuedCredentials;
import io.icasdk.transfer.internal.credentials.RefreshingCredentialsProvider;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The retry budget of calls to an S3 that has never answered: spent once, then one attempt per call. */
class S3CallsTest {
    private static final int ATTEMPTS = 4;

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final S3Calls calls = new S3Calls(executor, scheduler,
            new S3Calls.Policy(ATTEMPTS, Duration.ofMillis(1), Duration.ofMillis(2), 1));
    private final RefreshingCredentialsProvider creds = new RefreshingCredentialsProvider("test", () ->
            new IssuedCredentials("AKIDTEST", Secret.of("secret"), Secret.of("token"), "us-east-1", "bucket",
                    "p/", null, null, Instant.now(), null), Clock.systemUTC(), executor);
    private final Cancellation cancel = new Cancellation();

    @AfterEach
    void stop() {
        executor.shutdownNow();
        scheduler.shutdownNow();
    }

    /** Runs a call whose every attempt fails with this failure; returns how many attempts it made. */
    private int attemptsOfACallFailingWith(Throwable failure) {
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<String> f = calls.call("PutObject p/x", creds, false, provider -> {
            attempts.incrementAndGet();
            return CompletableFuture.failedFuture(failure);
        }, cancel);
        assertThatThrownBy(f::join).hasRootCauseMessage(failure.getMessage());
        return attempts.get();
    }

    private static Throwable dnsFailure() {
        return NativeS3.clientError("PutObject", URI.create("https://bucket.s3.us-east-1.amazonaws.com"), null,
                "AWS_IO_DNS_INVALID_NAME", "Host name was invalid for dns resolution.", null);
    }

    private static Throwable tlsFailure() {
        return NativeS3.clientError("PutObject", URI.create("https://bucket.s3.us-east-1.amazonaws.com"), null,
                "AWS_IO_TLS_ERROR_NEGOTIATION_FAILURE", "TLS (SSL) negotiation failed", null);
    }

    @Test
    void aTlsHandshakeFailing_beforeS3EverAnswered_endsItsCallAtOnce_andLaterCallsAreNotSent() {
        assertThat(attemptsOfACallFailingWith(tlsFailure())).as("a certificate is not weather").isEqualTo(1);
        assertThat(attemptsOfACallFailingWith(tlsFailure())).as("each handshake costs the CRT 10-30 s").isZero();

        Throwable later = catchThrowable(() -> calls.call("PutObject p/z", creds, false,
                provider -> CompletableFuture.completedFuture("etag"), cancel).join());

        assertThat(later).hasRootCauseMessage(tlsFailure().getMessage());
    }

    /** A call waiting to retry (up to maxBackoff, 10 s by default) ends at once when its job is cancelled. */
    @Test
    void aCancelDuringTheBackoffBeforeARetry_endsTheCallAtOnce() throws Exception {
        S3Calls slow = new S3Calls(executor, scheduler,
                new S3Calls.Policy(ATTEMPTS, Duration.ofMinutes(1), Duration.ofMinutes(1), 1));
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<String> f = slow.call("PutObject p/x", creds, false, provider -> {
            attempts.incrementAndGet();
            return CompletableFuture.failedFuture(S3Exception.builder().statusCode(503).message("Slow Down")
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("SlowDown").build()).build());
        }, cancel);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (attempts.get() == 0) { // the first attempt failed: the call now waits its backoff
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(5); // polling the attempt made on another thread, bounded by the deadline
        }
        cancel.cancel();

        assertThat(f.handle((v, e) -> e).get(5, TimeUnit.SECONDS))
                .isInstanceOf(java.util.concurrent.CancellationException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void aRefusedHandshake_stopsLaterCallsOnlyForItsBreak_thenTheyTryAgain() {
        S3Calls noBreak = new S3Calls(executor, scheduler,
                new S3Calls.Policy(ATTEMPTS, Duration.ofMillis(1), Duration.ofMillis(2), 1), 0);
        AtomicInteger attempts = new AtomicInteger();
        for (int i = 0; i < 2; i++) {
            CompletableFuture<String> f = noBreak.call("PutObject p/x", creds, false, provider -> {
                attempts.incrementAndGet();
                return CompletableFuture.failedFuture(tlsFailure());
            }, cancel);
            assertThatThrownBy(f::join).hasRootCauseMessage(tlsFailure().getMessage());
        }

        assertThat(attempts).as("a clock set right, a CA installed: the next call tries").hasValue(2);
    }

    @Test
    void aCallFailingItsHandshake_whileAnotherGetsAnAnswer_stillCompletes() throws Exception {
        CompletableFuture<String> inFlight = new CompletableFuture<>(); // sent before the handshake failed
        CompletableFuture<String> other = calls.call("HeadObject p/other", creds, true, p -> inFlight, cancel);
        Logger logger = (Logger) LoggerFactory.getLogger(S3Calls.class);
        Level level = logger.getLevel();
        AppenderBase<ILoggingEvent> hook = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                if (e.getFormattedMessage().contains("the TLS handshake with S3 failed")) {
                    inFlight.complete("ok"); // S3 answers the other call just as this one records its failure
                    other.join();
                }
            }
        };
        hook.start();
        logger.setLevel(Level.DEBUG);
        logger.addAppender(hook);
        try {
            CompletableFuture<String> f = calls.call("PutObject p/x", creds, false,
                    p -> CompletableFuture.failedFuture(tlsFailure()), cancel);

            assertThat(f.handle((v, e) -> e).get(5, TimeUnit.SECONDS)).hasMessageContaining("NEGOTIATION_FAILURE");
        } finally {
            logger.detachAppender(hook);
            logger.setLevel(level);
        }
    }

    @Test
    void aTlsHandshakeFailing_afterS3Answered_isRetriedLikeAnyBrokenConnection() {
        aCallThatSucceeds();

        assertThat(attemptsOfACallFailingWith(tlsFailure())).isEqualTo(ATTEMPTS);
    }

    private void aCallThatSucceeds() {
        assertThat(calls.call("PutObject p/y", creds, false, provider -> CompletableFuture.completedFuture("etag"),
                cancel).join()).isEqualTo("etag");
    }

    @Test
    void anS3ThatNeverAnswered_costsOneRetryBudget_thenOneAttemptPerCall_untilItAnswers() {
        assertThat(attemptsOfACallFailingWith(dnsFailure())).as("the first call retries in full").isEqualTo(ATTEMPTS);
        assertThat(attemptsOfACallFailingWith(dnsFailure())).as("later calls fail at once").isEqualTo(1);
        assertThat(attemptsOfACallFailingWith(dnsFailure())).isEqualTo(1);

        aCallThatSucceeds();

        assertThat(attemptsOfACallFailingWith(dnsFailure())).as("an S3 that answered once may come back")
                .isEqualTo(ATTEMPTS);
        assertThat(attemptsOfACallFailingWith(dnsFailure())).isEqualTo(ATTEMPTS);
    }

    @Test
    void anS3ThatAnswersWithErrors_keepsTheFullRetryBudget() {
        S3Exception busy = (S3Exception) S3Exception.builder().statusCode(503).message("SlowDown").build();
        assertThat(attemptsOfACallFailingWith(busy)).isEqualTo(ATTEMPTS);
        assertThat(attemptsOfACallFailingWith(dnsFailure())).as("S3 did answer before").isEqualTo(ATTEMPTS);
    }

    /**
     * S3 refuses the credentials and ICA cannot give new ones: the call waits between its tries (it had none:
     * the budget's count went below one) and ends with ICA's failure, which says what happened, rather than
     * S3's refusal of the old credentials.
     */
    @Test
    void refusedCredentials_whileIcaCannotGiveNewOnes_waitBetweenTries_andEndWithIcasFailure() {
        AtomicInteger fetches = new AtomicInteger();
        RefreshingCredentialsProvider failingRefresh = new RefreshingCredentialsProvider("folder /x/", () -> {
            if (fetches.incrementAndGet() > 1) {
                throw new IcaServiceException("ICA answered 503 ICA_API_503 (service unavailable)", null);
            }
            return new IssuedCredentials("AK1", Secret.of("secret"), Secret.of("token"), "us-east-1", "bucket",
                    "p/", null, null, Instant.now(), null);
        }, Clock.systemUTC(), executor);
        S3Calls slow = new S3Calls(executor, scheduler, new S3Calls.Policy(ATTEMPTS, Duration.ofMillis(100),
                Duration.ofMillis(100), 4));
        S3Exception expired = (S3Exception) S3Exception.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ExpiredToken")
                        .errorMessage("The provided token has expired.").build()).build();
        long t0 = System.nanoTime();
        CompletableFuture<String> f = slow.call("UploadPart 3 of p/a.bin", failingRefresh, false,
                provider -> CompletableFuture.failedFuture(expired), cancel);
        Throwable failure = S3Errors.unwrap(catchThrowable(f::join));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(failure).isInstanceOf(IcaServiceException.class).hasMessageContaining("ICA_API_503");
    }
}
