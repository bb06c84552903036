package io.icasdk.testkit.internal;

import io.icasdk.testkit.S3Op;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Mutable, thread-safe fault switches read by the REST and S3 sides. Not part of the API. */
public final class FaultState {
    private final Duration defaultCredentialTtl;
    private final Duration defaultPartialLag;
    private final Duration defaultPresignedUrlTtl;
    private final Duration defaultTokenTtl;

    private final AtomicInteger throttleRemaining = new AtomicInteger();
    private volatile Duration throttleRetryAfter;
    private final AtomicInteger unavailableRemaining = new AtomicInteger();
    private volatile Duration restLatency = Duration.ZERO;
    private final AtomicInteger resetRemaining = new AtomicInteger();
    private volatile S3Op resetOp = S3Op.ANY;
    private final AtomicInteger corruptRemaining = new AtomicInteger();
    private final AtomicInteger stallRemaining = new AtomicInteger();
    private volatile Duration stall = Duration.ZERO;
    private volatile Duration s3Latency = Duration.ZERO;
    private volatile long s3BandwidthBytesPerSecond;
    private volatile Duration credentialTtl;
    private volatile Duration partialLag;
    private volatile Duration presignedUrlTtl;
    private volatile Duration tokenTtl;
    private volatile String denyAbortsSuffix;
    private final Object abortGate = new Object();
    private int abortsToGather; // guarded by abortGate
    private long gatherNanos; // guarded by abortGate
    private int abortsInFlight; // guarded by abortGate
    private int abortsInFlightMax; // guarded by abortGate

    private final AtomicInteger throttledCount = new AtomicInteger();
    private final AtomicInteger unavailableCount = new AtomicInteger();
    private final AtomicInteger resetCount = new AtomicInteger();
    private final AtomicInteger restRequestCount = new AtomicInteger();
    private final AtomicInteger s3RequestCount = new AtomicInteger();
    private final AtomicInteger s3RequestsInFlight = new AtomicInteger();
    private final AtomicInteger stalledCount = new AtomicInteger();
    private final AtomicInteger corruptedCount = new AtomicInteger();
    private final AtomicInteger expiredTokenCount = new AtomicInteger();
    private final AtomicInteger credentialsIssuedCount = new AtomicInteger();

    public FaultState(Duration credentialTtl, Duration partialLag, Duration presignedUrlTtl, Duration tokenTtl) {
        this.defaultCredentialTtl = credentialTtl;
        this.defaultPartialLag = partialLag;
        this.defaultPresignedUrlTtl = presignedUrlTtl;
        this.defaultTokenTtl = tokenTtl;
        reset();
    }

    public void reset() {
        throttleRemaining.set(0);
        throttleRetryAfter = null;
        unavailableRemaining.set(0);
        restLatency = Duration.ZERO;
        resetRemaining.set(0);
        resetOp = S3Op.ANY;
        corruptRemaining.set(0);
        stallRemaining.set(0);
        stall = Duration.ZERO;
        s3Latency = Duration.ZERO;
        s3BandwidthBytesPerSecond = 0;
        credentialTtl = defaultCredentialTtl;
        partialLag = defaultPartialLag;
        presignedUrlTtl = defaultPresignedUrlTtl;
        tokenTtl = defaultTokenTtl;
        denyAbortsSuffix = null;
        s3GatherAborts(0, Duration.ZERO);
    }

    public void s3DenyAborts(String keySuffix) {
        denyAbortsSuffix = keySuffix;
    }

    /** Whether the abort of the multipart upload of {@code key} must be refused. */
    public boolean abortDenied(String key) {
        String suffix = denyAbortsSuffix;
        return suffix != null && key.endsWith(suffix);
    }

    public void s3GatherAborts(int count, Duration atMost) {
        synchronized (abortGate) {
            abortsToGather = count;
            gatherNanos = atMost.toNanos();
            abortGate.notifyAll();
        }
    }

    /** Called when an abort begins: counts it in flight, and holds it while aborts are being gathered. */
    public void abortStarted() {
        synchronized (abortGate) {
            abortsInFlight++;
            abortsInFlightMax = Math.max(abortsInFlightMax, abortsInFlight);
            long deadline = System.nanoTime() + gatherNanos;
            while (abortsToGather > 0 && abortsInFlight < abortsToGather) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    abortGate.wait(left / 1_000_000 + 1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (abortsToGather > 0) { // gathered, or waited long enough: let every held abort go, hold no more
                abortsToGather = 0;
                abortGate.notifyAll();
            }
        }
    }

    public void abortEnded() {
        synchronized (abortGate) {
            abortsInFlight--;
        }
    }

    public int abortsInFlightMax() {
        synchronized (abortGate) {
            return abortsInFlightMax;
        }
    }

    public void throttle(int requests, Duration retryAfter) {
        throttleRetryAfter = retryAfter;
        throttleRemaining.set(requests);
    }

    public void serviceUnavailable(int requests) {
        unavailableRemaining.set(requests);
    }

    public void restLatency(Duration latency) {
        restLatency = Objects.requireNonNull(latency, "latency");
    }

    public void s3ResetConnections(int count, S3Op op) {
        resetOp = Objects.requireNonNull(op, "op");
        resetRemaining.set(count);
    }

    public void s3Latency(Duration latency) {
        s3Latency = Objects.requireNonNull(latency, "latency");
    }

    public void s3BandwidthBytesPerSecond(long bytesPerSecond) {
        s3BandwidthBytesPerSecond = bytesPerSecond;
    }

    public void credentialTtl(Duration ttl) {
        credentialTtl = Objects.requireNonNull(ttl, "ttl");
    }

    public void partialLag(Duration lag) {
        partialLag = Objects.requireNonNull(lag, "lag");
    }

    public void presignedUrlTtl(Duration ttl) {
        presignedUrlTtl = Objects.requireNonNull(ttl, "ttl");
    }

    public void tokenTtl(Duration ttl) {
        tokenTtl = Objects.requireNonNull(ttl, "ttl");
    }

    /** Called once per REST request: the fault to answer with, if any (429 or 503). */
    public Optional<Integer> takeRestFault() {
        restRequestCount.incrementAndGet();
        if (takeOne(throttleRemaining)) {
            throttledCount.incrementAndGet();
            return Optional.of(429);
        }
        if (takeOne(unavailableRemaining)) {
            unavailableCount.incrementAndGet();
            return Optional.of(503);
        }
        return Optional.empty();
    }

    /** True when this S3 request (of kind op) must have its connection cut mid-body. */
    public boolean takeReset(S3Op op) {
        S3Op wanted = resetOp;
        if (wanted != S3Op.ANY && wanted != op) {
            return false;
        }
        if (takeOne(resetRemaining)) {
            resetCount.incrementAndGet();
            return true;
        }
        return false;
    }

    public void s3StallDownloads(int count, Duration stall) {
        this.stall = Objects.requireNonNull(stall, "stall");
        stallRemaining.set(count);
    }

    /** How long this download's body must stop half way, with its connection open, or null. */
    public Duration takeStall() {
        return takeOne(stallRemaining) ? stall : null;
    }

    /** Called when a download's body stops for its stall (not when the stall is taken). */
    public void countStall() {
        stalledCount.incrementAndGet();
    }

    public void s3CorruptDownloads(int count) {
        corruptRemaining.set(count);
    }

    /** True when this download's body must have a byte flipped. */
    public boolean takeCorruption() {
        return takeOne(corruptRemaining);
    }

    /** Called when a download's body has had its byte flipped (not when the corruption is taken). */
    public void countCorruption() {
        corruptedCount.incrementAndGet();
    }

    /** Called when an S3 request is refused with ExpiredToken. */
    public void countExpiredToken() {
        expiredTokenCount.incrementAndGet();
    }

    /** Called when a REST answer hands out temporary credentials. */
    public void countCredentialsIssued() {
        credentialsIssuedCount.incrementAndGet();
    }

    public void countS3Request() {
        s3RequestCount.incrementAndGet();
    }

    /** Called when the S3 server starts handling a request (any request, before authentication). */
    public void s3RequestStarted() {
        s3RequestsInFlight.incrementAndGet();
    }

    /** Called when the S3 server is done with a request (answered, refused, or its connection gone). */
    public void s3RequestEnded() {
        s3RequestsInFlight.decrementAndGet();
    }

    private static boolean takeOne(AtomicInteger remaining) {
        return remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    public Duration throttleRetryAfter() { return throttleRetryAfter; }
    public Duration restLatency() { return restLatency; }

    /** Waits out the REST latency switch (no-op when off). */
    public void delayRest() { pause(restLatency); }

    /** Waits out the S3 latency switch (no-op when off). */
    public void delayS3() { pause(s3Latency); }

    private static void pause(Duration latency) {
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
    public Duration s3Latency() { return s3Latency; }
    public long s3BandwidthBytesPerSecond() { return s3BandwidthBytesPerSecond; }
    public Duration credentialTtl() { return credentialTtl; }
    public Duration partialLag() { return partialLag; }
    public Duration presignedUrlTtl() { return presignedUrlTtl; }
    public Duration tokenTtl() { return tokenTtl; }
    public int throttledCount() { return throttledCount.get(); }
    public int unavailableCount() { return unavailableCount.get(); }
    public int resetCount() { return resetCount.get(); }
    public int restRequestCount() { return restRequestCount.get(); }
    public int s3RequestCount() { return s3RequestCount.get(); }
    public int s3RequestsInFlight() { return s3RequestsInFlight.get(); }
    public int stalledCount() { return stalledCount.get(); }
    public int corruptedCount() { return corruptedCount.get(); }
    public int expiredTokenCount() { return expiredTokenCount.get(); }
    public int credentialsIssuedCount() { return credentialsIssuedCount.get(); }
}
