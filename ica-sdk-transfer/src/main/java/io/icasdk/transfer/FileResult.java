package io.icasdk.transfer;

import java.nio.file.Path;

/**
 * How one file of a transfer ended.
 *
 * <p>{@code for (FileResult f : result.files()) if (f.outcome() == FileOutcome.FAILED) log(f.remotePath(), f.reason());}
 *
 * @param remotePath                   the file's path in the project, e.g. {@code /runs/r1/a.fastq.gz}
 * @param localPath                    the local file
 * @param outcome                      success, skipped or failed
 * @param reason                       why it failed or was skipped (null on success); clear and secret-free
 * @param sizeInBytes                  the file's size
 * @param bytesTransferred             bytes this run moved for this file (excluding resumed bytes)
 * @param resumed                      whether this run continued the work of an earlier, interrupted run
 * @param restartedBecauseSourceChanged whether earlier progress was thrown away because the source changed
 */
public record FileResult(String remotePath, Path localPath, FileOutcome outcome, String reason, long sizeInBytes,
                         long bytesTransferred, boolean resumed, boolean restartedBecauseSourceChanged) {

    /** The {@link #reason()} of an upload's file left alone because it exists in ICA (the skip policy). */
    public static final String EXISTS_IN_ICA = "It exists in ICA";

    /** The {@link #reason()} of a download's file left alone because the local file exists (the skip policy). */
    public static final String LOCAL_FILE_EXISTS = "The local file exists";

    /** Whether the file succeeded. */
    public boolean isSuccess() {
        return outcome == FileOutcome.SUCCESS;
    }

    /** Whether the file was skipped because it exists at the destination ({@link OverwritePolicy#SKIP_EXISTING}). */
    public boolean isSkippedBecauseItExists() {
        return outcome == FileOutcome.SKIPPED && (EXISTS_IN_ICA.equals(reason) || LOCAL_FILE_EXISTS.equals(reason));
    }
}
