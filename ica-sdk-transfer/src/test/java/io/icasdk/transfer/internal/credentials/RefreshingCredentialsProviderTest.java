package io.icasdk.transfer.internal.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icasdk.core.IcaThrottledException;
import io.icasdk.core.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class RefreshingCredentialsProviderTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final AtomicInteger issued = new AtomicInteger();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private CredentialSource source(Duration ttlOrNull) {
        return () -> {
            int n = issued.incrementAndGet();
            Instant now = clock.instant();
            return new IssuedCredentials("AK" + n, Secret.of("secret" + n), Secret.of("token" + n), "us-east-1",
                    "b", "p/", null, null, now, ttlOrNull == null ? null : now.plus(ttlOrNull));
        };
    }

    @Test
    void knownExpiry_refreshesInTheBackgroundInsideTheMargin_thenBlocksNearExpiry() throws Exception {
        var p = new RefreshingCredentialsProvider("folder /a/", source(Duration.ofSeconds(100)), clock, executor);
        assertThat(p.resolveCredentials().accessKeyId()).isEqualTo("AK1");
        clock.advance(Duration.ofSeconds(79));
        assertThat(p.resolveCredentials().accessKeyId()).isEqualTo("AK1");
        assertThat(p.fetchCount()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2)); // inside the last fifth: served from cache, refreshed behind
        assertThat(p.resolveCredentials().accessKeyId()).isEqualTo("AK1");
        awaitFetches(p, 2);
        assertThat(p.resolveCredentials().accessKeyId()).isEqualTo("AK2");
        clock.advance(Duration.ofSeconds(95)); // past the hard margin of AK2: the caller waits for AK3
        assertThat(p.resolveCredentials().accessKeyId()).isEqualTo("AK3");
        assertThat(((AwsSessionCredentials) p.resolveCredentials()).sessionToken()).isEqualTo("token3");
    }

    @Test
    void awsFormatWithoutExpiry_isAssumedToLive36Hours() {
        var p = new RefreshingCredentialsProvider("folder /a/", source(null), clock, executor);
        p.current();
        clock.advance(Duration.ofHours(35).plusMinutes(54));
        assertThat(p.current().accessKeyId()).isEqualTo("AK1");
        clock.advance(Duration.ofMinutes(6).plusSeconds(55)); // 36h - 5s: within the hard margin
        assertThat(p.current().accessKeyId()).isEqualTo("AK2");
    }

    @Test
    void refreshAfterRejection_isSingleFlight_andIgnoresAlreadyReplacedKeys() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CredentialSource slow = () -> {
            IssuedCredentials c = source(Duration.ofHours(1)).fetch();
            if (c.accessKeyId().equals("AK2")) {
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return c;
        };
        var p = new RefreshingCredentialsProvider("file /x", slow, clock, executor);
        assertThat(p.current().accessKeyId()).isEqualTo("AK1");
        List<Future<IssuedCredentials>> callers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            callers.add(executor.submit(() -> p.refreshAfterRejection("AK1")));
        }
        release.countDown();
        for (Future<IssuedCredentials> f : callers) {
            assertThat(f.get(5, TimeUnit.SECONDS).accessKeyId()).isEqualTo("AK2");
        }
        assertThat(issued.get()).isEqualTo(2);
        // A late caller that saw AK1 refused gets AK2 without another fetch.
        assertThat(p.refreshAfterRejection("AK1").accessKeyId()).isEqualTo("AK2");
        assertThat(issued.get()).isEqualTo(2);
    }

    @Test
    void failedFetch_surfaces_andTheNextCallTriesAgain() {
        AtomicInteger calls = new AtomicInteger();
        CredentialSource flaky = () -> {
            if (calls.incrementAndGet() == 1) {
                throw new IcaThrottledException("ICA is throttling", "ICA_API_429", null, null, null);
            }
            return source(Duration.ofHours(1)).fetch();
        };
        var p = new RefreshingCredentialsProvider("folder /a/", flaky, clock, executor);
        assertThatThrownBy(p::current).isInstanceOf(IcaThrottledException.class);
        assertThat(p.current().accessKeyId()).isEqualTo("AK1");
    }

    /** ICA rate-limits: a failed refresh ahead of expiry is not tried again at every request signed meanwhile. */
    @Test
    void aFailedBackgroundRefresh_waitsBeforeTheNext_whileTheCurrentCredentialsServe() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CredentialSource failingLater = () -> {
            if (calls.incrementAndGet() > 1) {
                throw new IcaThrottledException("ICA is throttling", "ICA_API_429", null, null, null);
            }
            return source(Duration.ofSeconds(1000)).fetch();
        };
        var p = new RefreshingCredentialsProvider("folder /a/", failingLater, clock, executor);
        assertThat(p.current().accessKeyId()).isEqualTo("AK1");
        clock.advance(Duration.ofSeconds(900)); // inside the refresh margin, far from the hard one
        p.resolveCredentials();
        awaitCalls(calls, 2);
        for (int i = 0; i < 100; i++) {
            assertThat(p.resolveCredentials().accessKeyId()).isEqualTo("AK1");
        }
        Thread.sleep(100);
        assertThat(calls).as("no new fetch at every request").hasValue(2);
        clock.advance(RefreshingCredentialsProvider.BACKGROUND_RETRY);
        p.resolveCredentials();
        awaitCalls(calls, 3);
    }

    /** A transfer manager that closed cannot run a fetch: callers get an error, not a wait that never ends. */
    @Test
    void aFetchTheExecutorRefuses_failsItsCallers_andDoesNotBlockTheNext() {
        ExecutorService closed = Executors.newSingleThreadExecutor();
        closed.shutdown();
        var p = new RefreshingCredentialsProvider("folder /a/", source(Duration.ofHours(1)), clock, closed);
        assertThatThrownBy(p::current).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(p::current).as("not left waiting on the refused fetch").isInstanceOf(
                IllegalStateException.class);
    }

    private static void awaitCalls(AtomicInteger calls, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (calls.get() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(calls).hasValue(n);
    }

    @Test
    void toString_andIssuedCredentials_neverShowSecrets() {
        var p = new RefreshingCredentialsProvider("folder /a/", source(null), clock, executor);
        IssuedCredentials c = p.current();
        assertThat(c.toString()).doesNotContain("secret1").doesNotContain("token1");
        assertThat(p.toString()).doesNotContain("secret1");
    }

    private static void awaitFetches(RefreshingCredentialsProvider p, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (p.fetchCount() < n && System.nanoTime() < deadline) {
            Thread.sleep(5); // polling a counter bumped by another thread; bounded by the deadline
        }
        assertThat(p.fetchCount()).isEqualTo(n);
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
