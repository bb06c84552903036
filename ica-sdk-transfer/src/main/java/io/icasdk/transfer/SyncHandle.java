package io.icasdk.transfer;

import java.util.concurrent.CompletableFuture;

/**
 * A running sync.
 *
 * <pre>{@code
 * SyncHandle handle = transferManager.sync(r -> r.direction(SyncDirection.DOWNLOAD)
 *         .localRoot(Path.of("results")).remoteFolder("/runs/run42/out/"));
 * System.out.println(handle.progress().filesDone());
 * SyncResult result = handle.join();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public interface SyncHandle {
    /**
     * Completes with the result once every planned step has an outcome (some files may have failed: see
     * {@link SyncResult#failed()}). Completes exceptionally when the sync could not run at all (missing
     * local folder or remote folder, authentication, the remote listing failed: an
     * {@link io.icasdk.core.IcaException}), with {@link SyncDeleteLimitException} when the max-delete guard
     * stopped the deletes, and is cancelled by {@link #cancel()}. Cancelling this future cancels the sync.
     */
    CompletableFuture<SyncResult> completion();

    /** A snapshot of the progress so far: totals grow while the plan is still being made. */
    TransferProgress progress();

    /**
     * Stops planning and transferring as soon as in-flight requests end; nothing is deleted. Running the
     * same sync again continues: finished files compare as unchanged and partly transferred ones resume
     * from the transfer journal.
     */
    void cancel();

    /**
     * Waits for the result.
     *
     * @throws io.icasdk.core.IcaException (or a subtype such as {@link SourceNotFoundException} or
     *     {@link SyncDeleteLimitException}) when the sync could not run or its deletes were refused
     * @throws java.util.concurrent.CancellationException when it was cancelled
     */
    SyncResult join();
}
