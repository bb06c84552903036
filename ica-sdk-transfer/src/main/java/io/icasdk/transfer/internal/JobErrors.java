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

    /**
     * Include and exclude globs pick files inside a folder: given with a single file they would be ignored
     * (the file moved whatever they say), so they are refused.
     *
     * @throws IllegalArgumentException when there are globs
     */
    static void checkNoFilters(java.util.List<String> include, java.util.List<String> exclude, String file) {
        if (!include.isEmpty() || !exclude.isEmpty()) {
            throw new IllegalArgumentException(FILTERS_NEED_A_FOLDER + ", but " + file + " is a single file: leave"
                    + " them out, or give its folder");
        }
    }

    /** The start of {@link #checkNoFilters}'s message. */
    static final String FILTERS_NEED_A_FOLDER = "Include and exclude globs pick files inside a folder";

    static String describe(Throwable t) {
        return FileUploader.reason(t);
    }
}
