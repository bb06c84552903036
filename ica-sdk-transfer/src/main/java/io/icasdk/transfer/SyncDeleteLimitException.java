package io.icasdk.transfer;

/**
 * A sync planned more deletions than its {@code maxDelete} allows, so it deleted nothing; or, without a
 * {@code maxDelete}, its source folder was empty, and it would have emptied the destination (an unmounted drive or a
 * wrong folder looks like that: set {@code maxDelete} to empty the destination on purpose). Its transfers did run;
 * {@link #result()} says what they did.
 *
 * <pre>{@code
 * try {
 *     transferManager.sync(request).join();
 * } catch (SyncDeleteLimitException e) {
 *     System.err.println(e.getMessage()); // check the source folder, or raise maxDelete
 * }
 * }</pre>
 */
public final class SyncDeleteLimitException extends TransferException {
    private static final long serialVersionUID = 1L;

    private final transient SyncResult result;
    private final long plannedDeletes;
    private final int maxDelete;
    private final boolean sourceEmpty;

    /** Made by the sync engine. */
    public SyncDeleteLimitException(long plannedDeletes, int maxDelete, SyncResult result) {
        this(plannedDeletes, maxDelete, false, result);
    }

    /**
     * Made by the sync engine.
     *
     * @param sourceEmpty the source was empty and no maxDelete was given ({@code maxDelete} is then 0)
     */
    public SyncDeleteLimitException(long plannedDeletes, int maxDelete, boolean sourceEmpty, SyncResult result) {
        super((sourceEmpty ? "The source folder holds no file (that the filters take), and the sync would have deleted "
                + (plannedDeletes == 1 ? "the one file or folder" : "all " + plannedDeletes + " files and folders")
                + " at the destination; without a maxDelete"
                : "Sync planned " + plannedDeletes + " deletions, more than maxDelete(" + maxDelete + ")")
                + ", nothing was deleted (the transfers ran: " + result.uploaded() + " uploaded, "
                + result.downloaded() + " downloaded, " + result.failed() + " failed). Check that the source folder is "
                + "the right one and complete (an unmounted drive looks empty); if these deletions are intended, "
                + (sourceEmpty ? "set" : "raise") + " maxDelete or run a dry run first to review them.");
        this.plannedDeletes = plannedDeletes;
        this.maxDelete = maxDelete;
        this.sourceEmpty = sourceEmpty;
        this.result = result;
    }

    /** Whether the deletions were refused because the source was empty and no maxDelete was given. */
    public boolean sourceEmpty() {
        return sourceEmpty;
    }

    /** What the sync did (its plan lists the refused deletions). */
    public SyncResult result() {
        return result;
    }

    /** How many files the plan would have deleted. */
    public long plannedDeletes() {
        return plannedDeletes;
    }

    /** The limit that was set. */
    public int maxDelete() {
        return maxDelete;
    }
}
