package io.icasdk.transfer;

import java.util.concurrent.CompletableFuture;

/**
 * A running transfer.
 *
 * <p>{@code TransferHandle h = tm.upload(r -> r.source(dir).remoteFolder("/runs/"));
 * TransferResult result = h.join();}
 *
 * <p>Thread-safe.
 */
public interface TransferHandle {
    /**
     * Completes with the result once every file has an outcome (some may have failed); completes
     * exceptionally when the transfer could not run at all (bad credentials, missing source,
     * {@link TransferException}) and is cancelled by {@link #cancel()}. Cancelling this future
     * cancels the transfer.
     */
    CompletableFuture<TransferResult> completion();

    /** A snapshot of the progress so far. */
    TransferProgress progress();

    /**
     * Stops the transfer as soon as in-flight requests end. The journal stays, so running the same
     * transfer again continues where this one stopped.
     */
    void cancel();

    /**
     * Waits for the result.
     *
     * @throws io.icasdk.core.IcaException       (or a subtype such as {@link TransferException}) when the
     *                                           transfer could not run at all
     * @throws java.util.concurrent.CancellationException when it was cancelled
     */
    TransferResult join();
}
