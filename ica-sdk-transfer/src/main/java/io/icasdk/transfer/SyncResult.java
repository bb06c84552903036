package io.icasdk.transfer;

import java.time.Duration;
import java.util.List;

/**
 * What a sync did (or, for a dry run, would do).
 *
 * <pre>{@code
 * SyncResult r = transferManager.sync(request).join();
 * System.out.printf("%d up, %d down, %d deleted, %d unchanged, %d failed%n",
 *         r.uploaded(), r.downloaded(), r.deleted(), r.unchanged(), r.failed());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param plan every step with its reason, in the order decided; for a dry run, the plan itself
 * @param files the outcome of every transfer, folder creation, delete and failure ({@code SUCCESS},
 *     {@code SKIPPED} such as a delete held back, {@code FAILED} with the reason); empty for a dry run
 * @param uploaded files uploaded (dry run: to be uploaded)
 * @param downloaded files downloaded (dry run: to be downloaded)
 * @param deleted files deleted (dry run: to be deleted)
 * @param unchanged files found equal on both sides
 * @param failed paths that failed (transfers, deletes, unreadable local paths, unsafe remote names)
 * @param bytesTransferred bytes moved by this run
 * @param duration wall time of the run
 * @param dryRun whether this was a dry run
 */
public record SyncResult(List<SyncItem> plan, List<FileResult> files, long uploaded, long downloaded, long deleted,
                         long unchanged, long failed, long bytesTransferred, Duration duration, boolean dryRun) {
    /** Copies the lists. */
    public SyncResult {
        plan = List.copyOf(plan);
        files = List.copyOf(files);
    }

    /** True when nothing failed. */
    public boolean isSuccess() {
        return failed == 0;
    }

    /** The steps of the plan with this action. */
    public List<SyncItem> itemsWith(SyncAction action) {
        return plan.stream().filter(i -> i.action() == action).toList();
    }

    @Override
    public String toString() {
        return "SyncResult[" + (dryRun ? "dry run, " : "") + "uploaded=" + uploaded + ", downloaded=" + downloaded
                + ", deleted=" + deleted + ", unchanged=" + unchanged + ", failed=" + failed + ", bytesTransferred="
                + bytesTransferred + ", duration=" + duration + ", steps=" + plan.size() + "]";
    }
}
