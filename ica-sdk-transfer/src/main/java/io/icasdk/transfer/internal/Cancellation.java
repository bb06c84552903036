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
    private final Set<Runnable> onCancel = ConcurrentHashMap.newKeySet();
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

    /**
     * Cancels the job and every registered request, then runs the {@link #onCancel} actions; returns when
     * the requests ended (or after {@link #MAX_WAIT_NANOS}) and the actions ran.
     */
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
        for (Runnable action : onCancel) {
            if (onCancel.remove(action)) {
                action.run();
            }
        }
    }

    /**
     * Runs {@code action} on the thread that cancels the job, once its requests ended (at once when it is
     * cancelled already): clean-up that must not wait for the job's own thread, which may be blocked (a
     * stream's read), while the process that cancels may be about to exit.
     */
    public void onCancel(Runnable action) {
        onCancel.add(action);
        if (cancelled && onCancel.remove(action)) {
            action.run();
        }
    }

    /** Removes an {@link #onCancel} action that has not run. */
    public void forget(Runnable action) {
        onCancel.remove(action);
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
