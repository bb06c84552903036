package io.icasdk.transfer.internal;

import io.icasdk.core.IcaException;
import io.icasdk.transfer.TransferException;
import io.icasdk.transfer.internal.journal.JournalBusyException;
import io.icasdk.transfer.internal.journal.JournalUnavailableException;
import io.icasdk.transfer.internal.s3.S3Errors;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Turns a job-level failure into the exception the handle completes with. */
final class JobErrors {
    /** What to do about a file that exists at the destination under {@link io.icasdk.transfer.OverwritePolicy#FAIL}. */
    static final String EXISTS_HINT = "Use OverwritePolicy.OVERWRITE to replace it or SKIP_EXISTING to keep it";

    private JobErrors() {}

    static RuntimeException translate(Throwable t) {
        Throwable x = S3Errors.unwrap(t);
        if (x instanceof IcaException ica) {
            return ica;
        }
        if (x instanceof JournalBusyException || x instanceof JournalUnavailableException) {
            return new TransferException(x.getMessage(), x);
        }
        if (x instanceof IOException || x instanceof UncheckedIOException) {
            return new TransferException("A local file or the transfer journal could not be read or written: "
                    + x.getMessage(), x);
        }
        if (x instanceof IllegalArgumentException || x instanceof IllegalStateException
                || x instanceof NullPointerException) {
            return (RuntimeException) x;
        }
        return new TransferException("The transfer failed: " + describe(x), x);
    }

    static String describe(Throwable t) {
        return FileUploader.reason(t);
    }
}
