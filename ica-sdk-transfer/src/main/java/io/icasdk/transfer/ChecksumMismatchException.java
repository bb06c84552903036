package io.icasdk.transfer;

/**
 * Bytes that arrived differ from what the source holds (size, checksum or ETag). The damaged copy is
 * discarded; running the transfer again fetches the file afresh.
 *
 * <p>{@code catch (ChecksumMismatchException e) { retryLater(); }}
 */
public final class ChecksumMismatchException extends TransferException {
    private static final long serialVersionUID = 1L;

    /** @param message what differed, for which file */
    public ChecksumMismatchException(String message) {
        super(message);
    }
}
