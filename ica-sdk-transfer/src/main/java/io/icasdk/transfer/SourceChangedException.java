package io.icasdk.transfer;

/**
 * The source file changed while it was being transferred, so the copy would be a mix of two versions.
 * Nothing half-written is kept; transfer the file again once it is stable.
 *
 * <p>{@code catch (SourceChangedException e) { waitUntilWritten(file); retry(); }}
 */
public final class SourceChangedException extends TransferException {
    private static final long serialVersionUID = 1L;

    /** @param message which file changed, and how */
    public SourceChangedException(String message) {
        super(message);
    }
}
