package io.icasdk.transfer.internal.sync;

import io.icasdk.core.ProjectDataClient;
import io.icasdk.core.model.DataId;
import io.icasdk.transfer.FileOutcome;
import io.icasdk.transfer.FileResult;
import io.icasdk.transfer.OverwritePolicy;
import io.icasdk.transfer.SyncDirection;
import io.icasdk.transfer.TransferException;
import io.icasdk.transfer.internal.Cancellation;
import io.icasdk.transfer.internal.CredentialScopes;
import io.icasdk.transfer.internal.FileDownloader;
import io.icasdk.transfer.internal.FileUploader;
import io.icasdk.transfer.internal.ProgressTracker;
import io.icasdk.transfer.internal.TransferRuntime;
import io.icasdk.transfer.internal.credentials.RefreshingCredentialsProvider;
import io.icasdk.transfer.internal.journal.JobKey;
import io.icasdk.transfer.internal.journal.Journal;
import io.icasdk.transfer.internal.journal.JournalBusyException;
import io.icasdk.transfer.internal.journal.JournalEntry;
import io.icasdk.transfer.internal.journal.JournalUnavailableException;
import io.icasdk.transfer.internal.s3.S3Location;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sync's transfers on the S3 engine: one journal for the whole sync (keyed by direction, local folder,
 * server, project and remote folder, so a rerun of the same sync resumes partly moved files), folder-scoped
 * credentials shared by every file, and the engine's resumable single-file uploader and downloader.
 * Thread-safe.
 */
final class EngineSyncTransport implements SyncTransport {
    private static final Logger LOG = LoggerFactory.getLogger(EngineSyncTransport.class);

    private final TransferRuntime rt;
    private final ProjectDataClient data;
    private final SyncDirection direction;
    private final String remoteFolder;
    private final Path localRoot;
    private final Journal journal;
    private final CredentialScopes scopes;
    private final Cancellation cancel = new Cancellation();
    private final ProgressTracker progress = new ProgressTracker();
    private final FileUploader uploader;
    private final FileDownloader downloader;

    EngineSyncTransport(TransferRuntime rt, String serverUrl, ProjectDataClient data, CredentialScopes scopes,
                        SyncDirection direction, Path localRoot, String remoteFolder) {
        this.rt = rt;
        this.data = data;
        this.direction = direction;
        this.remoteFolder = remoteFolder;
        this.localRoot = localRoot;
        try {
            this.journal = Journal.open(rt.settings().journalDirectory(), new JobKey("SYNC_" + direction.name(), localRoot,
                    serverUrl, data.projectId().value(), remoteFolder));
        } catch (JournalBusyException | JournalUnavailableException e) { // they say what to do
            throw new TransferException(e.getMessage(), e);
        } catch (IOException e) {
            throw new TransferException("Cannot open the sync journal in " + rt.settings().journalDirectory()
                    + ": " + e.getMessage() + ". Check that the folder can be written, or choose another journal folder",
                    e);
        }
        if (journal.hadHistory()) {
            LOG.info("Resuming the interrupted sync of {} and {} (journal {})", localRoot, remoteFolder, journal.file());
        }
        this.scopes = scopes;
        this.uploader = new FileUploader(rt);
        this.downloader = new FileDownloader(rt);
    }

    @Override
    public CompletableFuture<FileUploader.Uploaded> upload(Path localFile, long sizeInBytes, String remotePath,
                                                           boolean inIca) {
        String rel = remotePath.substring(remoteFolder.length());
        return run(() -> {
            JournalEntry entry = journal.entry(rel);
            if (!inIca && entry != null && entry.done()) { // an interrupted run finished it; ICA lost it since
                journal.fileReset(rel);
                entry = null;
            }
            CredentialScopes.UploadTarget target = scopes.upload(remoteFolder, rel, remotePath, entry, true);
            return uploader.upload(new FileUploader.Task(localFile, rel, remotePath, target.location(), target.dataId(),
                    journal, progress, cancel));
        }, FileUploader.Uploaded::without, remotePath, localFile, sizeInBytes);
    }

    @Override
    public CompletableFuture<FileResult> download(RemoteEntry remote, String remotePath, Path target) {
        String rel = remotePath.substring(remoteFolder.length());
        return run(() -> {
            CredentialScopes.Scoped scoped = !remoteFolder.equals("/")
                    ? new CredentialScopes.Scoped(scopes.folder(remoteFolder, false), rel)
                    : scopes.belowRoot(rel, new DataId(remote.dataId()), remotePath);
            RefreshingCredentialsProvider creds = scoped.credentials();
            String keyRel = scoped.keyRel();
            Instant modified = remote.timeModifiedMillis() > 0 ? Instant.ofEpochMilli(remote.timeModifiedMillis()) : null;
            return downloader.download(new FileDownloader.Task(rel, remotePath, localRoot, target, remote.sizeInBytes(),
                    remote.objectETag(), modified, new S3Location(creds, creds.current().keyFor(keyRel)),
                    OverwritePolicy.OVERWRITE, journal, progress, cancel));
        }, Function.identity(), remotePath, target, remote.sizeInBytes());
    }

    @Override
    public Set<String> unfinishedDownloads() {
        return direction == SyncDirection.DOWNLOAD ? journal.unfinished().keySet() : Set.of();
    }

    @Override
    public Set<String> unfinishedUploads() {
        return direction == SyncDirection.UPLOAD ? journal.unfinished().keySet() : Set.of();
    }

    @Override
    public void forgetDownload(String relativePath) {
        JournalEntry entry = journal.entry(relativePath);
        if (entry != null) {
            FileDownloader.forgetBelow(journal, entry, localRoot);
        }
    }

    @Override
    public Map<String, String> abandonUnfinishedUploads() {
        if (direction != SyncDirection.UPLOAD) {
            return Map.of();
        }
        return uploader.abandon(journal, new ArrayList<>(new TreeMap<>(journal.unfinished()).values()),
                entry -> scopes.upload(remoteFolder, entry.path(), remoteFolder + entry.path(), entry, false).location());
    }

    /** Runs one file's work on a file worker; a cancel or an exception becomes a FAILED result ({@code failed}). */
    private <T> CompletableFuture<T> run(Supplier<T> work, Function<FileResult, T> failed, String remotePath, Path local,
                                         long size) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return work.get();
            } catch (CancellationException e) {
                return failed.apply(new FileResult(remotePath, local, FileOutcome.FAILED,
                        "cancelled; a rerun continues it", size, 0, false, false));
            } catch (RuntimeException e) {
                return failed.apply(new FileResult(remotePath, local, FileOutcome.FAILED, describe(e), size, 0, false,
                        false));
            }
        }, rt.fileWorkers());
    }

    private static String describe(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    @Override
    public long bytesTransferred() {
        var p = progress.snapshot();
        return p.bytesTransferred() - p.bytesSkippedByResume();
    }

    @Override
    public void cancelAll() {
        cancel.cancel();
    }

    @Override
    public void finish(boolean success) {
        progress.shutdown();
        try {
            if (success) {
                if (direction == SyncDirection.DOWNLOAD) {
                    FileDownloader.forgetAllUnfinished(journal, localRoot); // left out by this run's filters
                }
            }
            if (success && journal.unfinished().isEmpty() && journal.abortsDue().isEmpty()) {
                journal.completeAndDelete();
            } else { // kept when uploads given up could not be aborted: the next run tries again
                journal.close();
            }
        } catch (IOException e) {
            LOG.warn("Could not close the sync journal {}: {}", journal.file(), e.toString());
        }
    }
}
