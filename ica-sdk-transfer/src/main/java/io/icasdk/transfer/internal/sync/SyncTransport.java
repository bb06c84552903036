package io.icasdk.transfer.internal.sync;

import io.icasdk.transfer.FileResult;
import io.icasdk.transfer.internal.FileUploader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The transfer engine as a sync uses it: one job (one journal, shared credentials) fed file by file.
 * Implementations are thread-safe.
 */
interface SyncTransport {
    /**
     * Starts sending a local file to {@code remotePath} ({@code "/a/b/x.txt"}), replacing what is there.
     * The future completes with the file's outcome and the ETag of the object written; failures are FAILED
     * results, not exceptional completions.
     *
     * @param inIca whether the plan saw a file at {@code remotePath}: when it did not, an upload an interrupted run
     *              finished is sent again (ICA lost it since: deleted, moved), not taken as done
     */
    CompletableFuture<FileUploader.Uploaded> upload(Path localFile, long sizeInBytes, String remotePath, boolean inIca);

    /** Starts fetching a remote file to {@code target}, replacing what is there; sets mtime to the remote time. */
    CompletableFuture<FileResult> download(RemoteEntry remote, String remotePath, Path target);

    /**
     * The files (paths relative to the folders, as ICA names them) whose download an interrupted run of this sync
     * left unfinished; none for an upload sync.
     */
    Set<String> unfinishedDownloads();

    /**
     * The files (paths relative to the folders, as ICA names them) whose upload an interrupted run began and no run
     * finished or gave up yet (an abort that failed keeps one for the next run); none for a download sync.
     */
    Set<String> unfinishedUploads();

    /**
     * Forgets an unfinished download that no run will finish (ICA no longer lists its file): deletes the
     * temporary file the interrupted run left and its journal record.
     */
    void forgetDownload(String relativePath);

    /**
     * Gives up the uploads an interrupted run of this sync began that this run did not finish (their files deleted
     * or moved, or left out by its filters), for a sync whose transfers all succeeded, whose journal is deleted
     * next: aborts their multipart uploads (S3 would keep their parts, unseen) and forgets them. Returns why each
     * (a relative path, as ICA names it) was not uploaded and what became of it; none for a download sync.
     */
    Map<String, String> abandonUnfinishedUploads();

    /** Bytes moved by this job so far, files in flight included (for progress). */
    long bytesTransferred();

    /** Stops every file in flight; their journal entries stay for a later run. */
    void cancelAll();

    /**
     * Ends the job. With {@code success} (every transfer succeeded, nothing cancelled) its journal may be
     * removed; otherwise it stays so a rerun continues.
     */
    void finish(boolean success);
}
