package io.icasdk.transfer.internal.s3;

import java.io.IOException;

/** A local file could not be read or written (as opposed to a network failure): never retried. */
public final class LocalIoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LocalIoException(String message, IOException cause) {
        super(message, cause);
    }

    /** Whether the cause looks like a full disk or an exceeded quota. */
    public boolean isDiskFull() {
        String m = String.valueOf(getCause() == null ? null : getCause().getMessage()).toLowerCase(java.util.Locale.ROOT);
        return m.contains("no space left") || m.contains("disk quota") || m.contains("not enough space");
    }
}
