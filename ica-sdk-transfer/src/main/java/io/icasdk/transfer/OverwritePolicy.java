package io.icasdk.transfer;

/**
 * What to do when a destination file already exists.
 *
 * <p>{@code UploadRequest.builder().source(dir).remoteFolder("/runs/").overwrite(OverwritePolicy.SKIP_EXISTING)}
 *
 * <p>Files the same job already started (a resumed run) are the job's own and are always continued. On
 * upload, an ICA file left PARTIAL without content (an upload that did not finish, by any tool) is not an
 * existing file: it is uploaded over, whatever the policy. On download, FAIL and SKIP_EXISTING also hold
 * for a local file that appears at the target while the file downloads, or between an interrupted run and
 * its rerun: it is left untouched and the download dropped. So do they for a file that the interrupted run had
 * finished and that was edited or replaced before the rerun (its size or modification time no longer those the
 * download gave it): it is no longer the job's own, and OVERWRITE puts the project's copy back.
 */
public enum OverwritePolicy {
    /** The default: an existing destination file fails that file (with a reason) and is left untouched. */
    FAIL,
    /** An existing destination file is skipped, whatever its content. */
    SKIP_EXISTING,
    /** An existing destination file is replaced. */
    OVERWRITE
}
