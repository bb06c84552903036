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
    /**
     * Delete the file, or folder, on the destination because the source has no such file or folder
     * ({@code deleteExtra}).
     */
    DELETE,
    /** Nothing to do: both sides hold the same file (the reason says how that was decided). */
    UNCHANGED,
    /**
     * Leave the path alone for another reason, which the item gives: a symbolic link or special file, a
     * file only on the destination while {@code deleteExtra} is off, a remote file not yet AVAILABLE, a file an
     * interrupted download sync left unfinished that ICA no longer lists (what that run had fetched of it is
     * removed, and the item says so; not a failure), a file an interrupted upload sync began that the rerun does
     * not upload (deleted or moved, or left out by its filters: its multipart upload is aborted, and the item
     * says so).
     */
    SKIP,
    /**
     * Nothing can be done with the path, for the reason the item gives, which says what to do instead: a
     * remote name that would land outside the local folder, a local path that cannot be read. Counted in
     * {@link SyncResult#failed()} (and, but for a dry run, listed as a {@code FAILED} file), and the sync then
     * deletes nothing.
     */
    FAIL
}
