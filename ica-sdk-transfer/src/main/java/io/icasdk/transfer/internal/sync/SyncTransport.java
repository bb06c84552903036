package io.icasdk.transfer.internal.sync;

import io.icasdk.transfer.FileResult;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The transfer engine as a sync uses it: one job (one journal, shared credentials) fed file by file.
 * Implementations are thread-safe.
 */
public interface SyncTransport {
    /** One file on its way. */
    public interface Transfer {
        /** Completes with the file's outcome; failures are FAILED results, not exceptional completions. */
        CompletableFuture<FileResult> result();

        /** Bytes of this file moved so far (for progress). */
        long bytesTransferred();

        /** Stops the file; its journal entry stays for a later run. */
        void cancel();
    }

    /** Starts sending a local file to {@code remotePath} ({@code "/a/b/x.txt"}), replacing what is there. */
    Transfer upload(Path localFile, long sizeInBytes, String remotePath);

    /** Starts fetching a remote file to {@code target}, replacing what is there; sets mtime to the remote time. */
    Transfer download(String dataId, long sizeInBytes, String remotePath, Path target);

    /**
     * Ends the job. With {@code success} (every transfer succeeded, nothing cancelled) its journal may be
     * removed; otherwise it stays so a rerun continues.
     */
    void finish(boolean success);
}
