package io.icasdk.transfer.internal;

import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cancel switch of one job: in-flight requests register here so that a cancel aborts them at once
 * instead of waiting for them to finish. Thread-safe.
 */
public final class Cancellation {
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    /** Whether the job was cancelled. */
    public boolean isCancelled() {
        return cancelled;
    }

    /** Throws {@link CancellationException} when the job was cancelled. */
    public void check() {
        if (cancelled) {
            throw new CancellationException("The transfer was cancelled");
        }
    }

    /** Cancels the job and every registered request. */
    public void cancel() {
        cancelled = true;
        for (CompletableFuture<?> f : inFlight) {
            f.cancel(true);
        }
    }

    /** Tracks a request until it completes; cancels it right away when the job is already cancelled. */
    public <T> CompletableFuture<T> track(CompletableFuture<T> request) {
        inFlight.add(request);
        request.whenComplete((v, t) -> inFlight.remove(request));
        if (cancelled) {
            request.cancel(true);
        }
        return request;
    }
}
