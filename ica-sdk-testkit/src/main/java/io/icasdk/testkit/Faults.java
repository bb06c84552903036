package io.icasdk.testkit;

import io.icasdk.testkit.internal.FaultState;
import java.time.Duration;
import java.util.Objects;

/**
 * Fault switches of a running {@link IcaEmulator}, flipped at run time from a test, plus counters that
 * prove a fault fired.
 *
 * <pre>{@code
 * emulator.faults().throttle(3, Duration.ofSeconds(1));   // next 3 REST calls: 429 + Retry-After: 1
 * client.getProject(id);                                   // retries through them
 * assertThat(emulator.faults().throttledCount()).isEqualTo(3);
 * }</pre>
 *
 * <p>Thread-safe. Every switch has an "off" value (0 requests, {@link Duration#ZERO}); {@link #reset()}
 * turns all of them off and restores the builder's credential TTL, PARTIAL lag, URL and token TTLs.
 * Counters are never reset.
 */
public final class Faults {
    private final FaultState state;
    private final Runnable expireCredentials;

    Faults(FaultState state, Runnable expireCredentials) {
        this.state = state;
        this.expireCredentials = expireCredentials;
    }

    /**
     * Answers the next {@code requests} REST calls with 429 {@code ICA_API_429}.
     *
     * @param retryAfter value of the {@code Retry-After} header (whole seconds, rounded up), or null for none
     * @return this
     * @throws IllegalArgumentException if requests is negative
     */
    public Faults throttle(int requests, Duration retryAfter) {
        state.throttle(nonNegative(requests), retryAfter);
        return this;
    }

    /**
     * Answers the next {@code requests} REST calls with 503 {@code ICA_API_503}.
     *
     * @return this
     * @throws IllegalArgumentException if requests is negative
     */
    public Faults serviceUnavailable(int requests) {
        state.serviceUnavailable(nonNegative(requests));
        return this;
    }

    /**
     * Delays every REST response by {@code latency} (ZERO = off).
     *
     * @return this
     * @throws NullPointerException if latency is null
     */
    public Faults restLatency(Duration latency) {
        state.restLatency(latency);
        return this;
    }

    /**
     * Cuts the connection half way through the body of the next {@code count} S3 object transfers of
     * kind {@code op} (downloads: after half the response body; uploads: after half the request body). A
     * transfer with no bytes (an empty object) has nothing to cut and does not count towards {@code count}.
     *
     * @return this
     * @throws IllegalArgumentException if count is negative
     */
    public Faults s3ResetConnections(int count, S3Op op) {
        state.s3ResetConnections(nonNegative(count), Objects.requireNonNull(op, "op"));
        return this;
    }

    /**
     * Stops the body of the next {@code count} S3 downloads half way for {@code stall}, with the connection
     * open, then cuts it: what a connection that a firewall or NAT dropped without a word looks like to a
     * client, which only notices by its own timeout. A GET that returns no bytes (an empty object) is not
     * stalled and does not count towards {@code count}: the stall waits for the next GET with bytes.
     *
     * @return this
     * @throws IllegalArgumentException if count or stall is negative
     */
    public Faults s3StallDownloads(int count, Duration stall) {
        if (Objects.requireNonNull(stall, "stall").isNegative()) {
            throw new IllegalArgumentException("stall must not be negative, was " + stall);
        }
        state.s3StallDownloads(nonNegative(count), stall);
        return this;
    }

    /**
     * Flips one bit in the first byte of the body of the next {@code count} S3 downloads (a GET's response
     * body, with the status, length and ETag untouched): what a faulty disk, proxy or network card does,
     * which only a client that checks what it received notices. A GET that returns no bytes (an empty object)
     * has nothing to flip and does not count towards {@code count}: the corruption waits for the next GET with
     * bytes.
     *
     * @return this
     * @throws IllegalArgumentException if count is negative
     */
    public Faults s3CorruptDownloads(int count) {
        state.s3CorruptDownloads(nonNegative(count));
        return this;
    }

    /**
     * Delays every S3 request by {@code latency} (ZERO = off).
     *
     * @return this
     * @throws NullPointerException if latency is null
     */
    public Faults s3Latency(Duration latency) {
        state.s3Latency(latency);
        return this;
    }

    /**
     * Caps the rate of every S3 object body (each upload and download stream) at this many bytes per
     * second (0 = unlimited).
     *
     * @return this
     * @throws IllegalArgumentException if negative
     */
    public Faults s3BandwidthBytesPerSecond(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bytesPerSecond must be >= 0, was " + bytesPerSecond);
        }
        state.s3BandwidthBytesPerSecond(bytesPerSecond);
        return this;
    }

    /**
     * Lifetime of temporary credentials issued from now on (ICA: 36 h).
     *
     * @return this
     * @throws NullPointerException if ttl is null
     */
    public Faults credentialTtl(Duration ttl) {
        state.credentialTtl(ttl);
        return this;
    }

    /**
     * Makes every temporary credential issued so far expire now: their next S3 request gets
     * 400 {@code ExpiredToken}.
     *
     * @return this
     */
    public Faults expireCredentials() {
        expireCredentials.run();
        return this;
    }

    /**
     * How long a file stays PARTIAL after its object was written (applies to writes from now on).
     *
     * @return this
     * @throws NullPointerException if lag is null
     */
    public Faults partialLag(Duration lag) {
        state.partialLag(lag);
        return this;
    }

    /**
     * Lifetime of presigned upload/download URLs minted from now on (at least 1 s, at most 7 days).
     *
     * @return this
     * @throws NullPointerException if ttl is null
     */
    public Faults presignedUrlTtl(Duration ttl) {
        state.presignedUrlTtl(ttl);
        return this;
    }

    /**
     * Lifetime of JWTs issued by {@code POST /api/tokens} from now on.
     *
     * @return this
     * @throws NullPointerException if ttl is null
     */
    public Faults tokenTtl(Duration ttl) {
        state.tokenTtl(ttl);
        return this;
    }

    /**
     * Refuses with 403 {@code AccessDenied} every abort of a multipart upload whose key ends with {@code keySuffix}
     * (null = off), as S3 does for credentials not allowed to abort: the upload stays.
     *
     * @return this
     */
    public Faults s3DenyAborts(String keySuffix) {
        state.s3DenyAborts(keySuffix);
        return this;
    }

    /**
     * Holds each multipart-upload abort until {@code count} of them are in the emulator at once, then lets them all
     * go on; when one has waited {@code atMost} first, lets every held one go and holds no more (a client that aborts
     * one at a time is delayed once). With {@link #s3AbortsInFlightMax()} it shows how many aborts a client sends
     * side by side, whatever the speed of the machine.
     *
     * @return this
     * @throws IllegalArgumentException if count is negative
     * @throws NullPointerException if atMost is null
     */
    public Faults s3GatherAborts(int count, Duration atMost) {
        state.s3GatherAborts(nonNegative(count), Objects.requireNonNull(atMost, "atMost"));
        return this;
    }

    /** @return the most multipart-upload aborts (not refused) the emulator has handled at once so far */
    public int s3AbortsInFlightMax() { return state.abortsInFlightMax(); }

    /** Turns every fault off and restores the configured TTLs and lag. @return this */
    public Faults reset() {
        state.reset();
        return this;
    }

    /** @return how many REST calls were answered 429 so far */
    public int throttledCount() { return state.throttledCount(); }

    /** @return how many REST calls were answered 503 so far */
    public int serviceUnavailableCount() { return state.unavailableCount(); }

    /**
     * Counted when an S3 request with a body is picked to have its connection cut (see
     * {@link #s3ResetConnections}), just before its body is cut.
     *
     * @return how many S3 transfers were cut so far
     */
    public int resetCount() { return state.resetCount(); }

    /** @return how many REST requests arrived so far */
    public int restRequestCount() { return state.restRequestCount(); }

    /** @return how many authenticated S3 requests arrived so far */
    public int s3RequestCount() { return state.s3RequestCount(); }

    /**
     * The S3 requests the server is handling now, from their arrival until their answer is written or their
     * connection is gone: a test awaits 0 before arming a fault meant for the next run, so that a request of a
     * cancelled run the server was still handling cannot take it. Always 0 when the emulator could not install
     * its S3 servlet filters (it warns so at start).
     *
     * @return how many S3 requests are in flight on the server
     */
    public int s3RequestsInFlight() { return state.s3RequestsInFlight(); }

    /**
     * Counted when a download's body stops for its {@link #s3StallDownloads stall} (before the wait), so a
     * test can await it while the client hangs.
     *
     * @return how many S3 downloads were stalled so far
     */
    public int stalledCount() { return state.stalledCount(); }

    /**
     * Counted when the byte is flipped, before the client receives it (see {@link #s3CorruptDownloads}).
     *
     * @return how many S3 downloads were corrupted so far
     */
    public int corruptedCount() { return state.corruptedCount(); }

    /**
     * S3 requests signed with temporary credentials past their lifetime ({@link #credentialTtl}) or expired by
     * {@link #expireCredentials()}. Presigned URLs past their lifetime get 403 and are not counted.
     *
     * @return how many S3 requests were refused with 400 {@code ExpiredToken} so far
     */
    public int expiredTokenCount() { return state.expiredTokenCount(); }

    /**
     * Temporary credentials handed out by {@code createTemporaryCredentials}, the
     * {@code WithTemporaryCredentials} creates and folder upload sessions, in AWS or RCLONE format: proof that
     * a client fetched new credentials, e.g. after an {@code ExpiredToken}. Presigned URLs are not counted.
     *
     * @return how many sets of temporary credentials were issued so far
     */
    public int credentialsIssuedCount() { return state.credentialsIssuedCount(); }

    private static int nonNegative(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("count must be >= 0, was " + n);
        }
        return n;
    }
}
