package io.icasdk.transfer;

import io.icasdk.core.IcaException;

/**
 * Root of the transfer engine's own errors (ICA and S3 failures arrive as {@link IcaException}s).
 *
 * <p>{@code try { tm.download(req).join(); } catch (TransferException e) { System.err.println(e.getMessage()); }}
 */
public class TransferException extends IcaException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed and what to do */
    public TransferException(String message) {
        super(message);
    }

    /**
     * @param message what failed and what to do
     * @param cause   the underlying failure (an AWS SDK exception stays here, never in a signature)
     */
    public TransferException(String message, Throwable cause) {
        super(message, cause);
    }
}
