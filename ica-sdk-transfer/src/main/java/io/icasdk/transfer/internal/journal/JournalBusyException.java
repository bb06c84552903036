package io.icasdk.transfer.internal.journal;

import java.io.IOException;

/** Another run of the same job holds the journal's lock. */
public final class JournalBusyException extends IOException {
    private static final long serialVersionUID = 1L;

    public JournalBusyException(String message) {
        super(message);
    }
}
