package io.icasdk.transfer;

/**
 * What a sync does (or, in a dry run, would do) with one path.
 *
 * <pre>{@code
 * long uploads = result.plan().stream().filter(i -> i.action() == SyncAction.UPLOAD).count();
 * }</pre>
 */
public enum SyncAction {
    /** Send the local file to the project (or create the remote folder). */
    UPLOAD,
    /** Fetch the remote file (or create the local folder). */
    DOWNLOAD,
    /** Delete the file on the destination because the source has no such file ({@code deleteExtra}). */
    DELETE,
    /** Leave the path alone; the item's reason says why (unchanged, a skipped symlink, ...). */
    SKIP
}
