package io.icasdk.transfer;

/**
 * A sync planned more deletions than its {@code maxDelete} allows, so it deleted nothing. Its transfers
 * did run; {@link #result()} says what they did.
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

    /** Made by the sync engine. */
    public SyncDeleteLimitException(long plannedDeletes, int maxDelete, SyncResult result) {
        super("Sync planned " + plannedDeletes + " deletions, more than maxDelete(" + maxDelete
                + "), so nothing was deleted (the transfers ran: " + result.uploaded() + " uploaded, "
                + result.downloaded() + " downloaded, " + result.failed() + " failed). Check that the source folder is "
                + "the right one and complete; if these deletions are intended, raise maxDelete or run a dry run first "
                + "to review them.");
        this.plannedDeletes = plannedDeletes;
        this.maxDelete = maxDelete;
        this.result = result;
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
