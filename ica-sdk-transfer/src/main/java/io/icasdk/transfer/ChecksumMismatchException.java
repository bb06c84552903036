package io.icasdk.transfer;

/**
 * Bytes that arrived differ from what the source holds (size, checksum or ETag). The damaged copy is
 * discarded. A download has already fetched such a file once more within the job (a copy damaged on the
 * way is a transient error) and reports this only when that copy failed its check too; running the
 * transfer again fetches the file afresh. A stream ({@code TransferManager.openStream}) cannot fetch
 * again the bytes it handed out: it fails at once.
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
