package io.icasdk.transfer;

/**
 * Receives transfer events. Calls for one transfer arrive in order on one thread owned by the transfer
 * (never an I/O thread), so a slow listener delays only other events, never the transfer; progress
 * events are rate-limited (at most about ten a second) and coalesced when the listener is slow.
 *
 * <p>{@code TransferListener l = new TransferListener() { public void onFileCompleted(FileResult r) {
 * System.out.println(r.remotePath() + " " + r.outcome()); } };}
 */
public interface TransferListener {
    /** The transfer started (totals may still grow). */
    default void onStarted(TransferProgress progress) {}

    /** Bytes or files moved. */
    default void onProgress(TransferProgress progress) {}

    /** One file finished, whatever its outcome. */
    default void onFileCompleted(FileResult result) {}

    /** The transfer finished (not called when it was cancelled or failed as a whole). */
    default void onCompleted(TransferResult result) {}
}
