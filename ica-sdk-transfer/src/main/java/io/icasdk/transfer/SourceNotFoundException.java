package io.icasdk.transfer;

/**
 * What a transfer should read does not exist: a missing local file or folder (upload), or a missing
 * remote path or data id (download). Nothing was transferred.
 *
 * <p>{@code catch (SourceNotFoundException e) { System.err.println(e.getMessage()); }}
 */
public final class SourceNotFoundException extends TransferException {
    private static final long serialVersionUID = 1L;

    /** @param message what is missing and where it was looked for */
    public SourceNotFoundException(String message) {
        super(message);
    }
}
