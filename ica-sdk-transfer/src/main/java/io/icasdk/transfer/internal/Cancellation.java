package io.icasdk.transfer.internal;

import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

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

    /**
     * A request whose {@code cancel} waits until it really ended; {@code abort} only starts ending it, so that
     * all of a job's requests end at once rather than one after the other.
     */
    public interface Abortable {
        /** Starts ending the request; returns at once. */
        void abort();

        /** Ends the request, waits until it ended or the deadline ({@link System#nanoTime}) passed, then cancels the future. */
        void cancelBy(long deadlineNanos);
    }

    /** How long a cancel waits for a job's requests to end (they normally end within milliseconds). */
    public static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** Cancels the job and every registered request; returns when they ended, or after {@link #MAX_WAIT_NANOS}. */
    public void cancel() {
        cancelled = true;
        long deadline = System.nanoTime() + MAX_WAIT_NANOS;
        for (CompletableFuture<?> f : inFlight) {
            if (f instanceof Abortable a) {
                a.abort();
            }
        }
        for (CompletableFuture<?> f : inFlight) {
            if (f instanceof Abortable a) {
                a.cancelBy(deadline);
            } else {
                f.cancel(true);
            }
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
