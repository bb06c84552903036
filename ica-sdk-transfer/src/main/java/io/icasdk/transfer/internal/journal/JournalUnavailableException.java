package io.icasdk.transfer.internal.journal;

import java.io.IOException;

/** The journal folder cannot be created or written: no job can keep its place there. */
public final class JournalUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    public JournalUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
