package io.icasdk.transfer;

/**
 * How one file of a transfer ended.
 *
 * <p>{@code if (r.outcome() == FileOutcome.FAILED) System.err.println(r.remotePath() + ": " + r.reason());}
 */
public enum FileOutcome {
    /** The file is at the destination, byte for byte (also when an earlier, interrupted run moved it). */
    SUCCESS,
    /** Left alone on purpose (it already existed and the overwrite policy says skip). */
    SKIPPED,
    /** Not transferred; {@link FileResult#reason()} says why. Nothing at the destination was damaged. */
    FAILED
}
