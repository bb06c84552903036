package io.icasdk.transfer.internal;

import io.icasdk.transfer.TransferHandle;
import io.icasdk.transfer.TransferProgress;
import io.icasdk.transfer.TransferResult;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The handle of a running job: its future (cancelling it cancels the job), progress, cancel. */
public final class DefaultTransferHandle implements TransferHandle {
    private final CompletableFuture<TransferResult> future = new CompletableFuture<>();
    private final Cancellation cancellation;
    private final ProgressTracker progress;

    public DefaultTransferHandle(Cancellation cancellation, ProgressTracker progress) {
        this.cancellation = cancellation;
        this.progress = progress;
        future.whenComplete((r, t) -> {
            if (future.isCancelled()) {
                cancellation.cancel();
            }
        });
    }

    @Override
    public CompletableFuture<TransferResult> completion() {
        return future;
    }

    @Override
    public TransferProgress progress() {
        return progress.snapshot();
    }

    @Override
    public void cancel() {
        // A CancellationException completion counts as cancelled (isCancelled()), and join() says what happened.
        future.completeExceptionally(new CancellationException(CANCELLED));
    }

    /** What join() of a cancelled transfer throws. */
    public static final String CANCELLED = "The transfer was cancelled; run the same transfer again to resume it";

    @Override
    public TransferResult join() {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /**
     * Wraps the job that completes this handle so that the handle is complete when the job's thread is done,
     * whatever happened: a job whose own failure handling failed (an {@link Error} such as a class that cannot
     * be loaded, or memory running out, while it cleaned up or described the failure) left {@link #join()}
     * waiting for good, with nothing logged.
     */
    public Runnable completedBy(Runnable job) {
        return () -> {
            try {
                job.run();
            } catch (Throwable t) {
                future.completeExceptionally(t);
                throw t;
            } finally {
                future.completeExceptionally(new IllegalStateException("The transfer ended without a result"));
            }
        };
    }

    /** The job's cancel switch. */
    public Cancellation cancellation() {
        return cancellation;
    }

    /** Completes the handle (no effect after a cancel). */
    public void complete(TransferResult result) {
        future.complete(result);
    }

    /** Fails the handle (no effect after a cancel). */
    public void fail(Throwable t) {
        future.completeExceptionally(t);
    }
}
