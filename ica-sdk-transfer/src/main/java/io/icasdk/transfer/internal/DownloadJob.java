package io.icasdk.transfer.internal;

import io.icasdk.core.IcaClient;
import io.icasdk.core.IcaNotFoundException;
import io.icasdk.core.ProjectDataClient;
import io.icasdk.core.model.DataId;
import io.icasdk.core.model.DataStatus;
import io.icasdk.core.model.DownloadUrl;
import io.icasdk.core.model.ProjectData;
import io.icasdk.core.model.ProjectId;
import io.icasdk.transfer.DownloadRequest;
import io.icasdk.transfer.FileOutcome;
import io.icasdk.transfer.FileResult;
import io.icasdk.transfer.PathTraversalException;
import io.icasdk.transfer.SourceNotFoundException;
import io.icasdk.transfer.TransferResult;
import io.icasdk.transfer.internal.credentials.RefreshingCredentialsProvider;
import io.icasdk.transfer.internal.journal.JobKey;
import io.icasdk.transfer.internal.journal.Journal;
import io.icasdk.transfer.internal.journal.JournalEntry;
import io.icasdk.transfer.internal.s3.LocalIoException;
import io.icasdk.transfer.internal.s3.S3Location;
import io.icasdk.transfer.internal.sync.PathFilter;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One download: resolves the remote file or folder, lists a folder once (cursor paging, a page ahead),
 * gives each file to a {@link FileDownloader} with read-only credentials of its scope, journals, and
 * completes the handle. Runs on a worker thread.
 */
public final class DownloadJob implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(DownloadJob.class);
    /** Listed items waiting for their turn: two of ICA's pages, so the next page is fetched while these start. */
    private static final int LISTING_READ_AHEAD = 2_000;
    /** Why a file that an interrupted run left unfinished, and that ICA no longer lists, is not downloaded. */
    private static final String GONE_FROM_ICA = "It is no longer in ICA (deleted or moved since an interrupted run"
            + " of this download); what that run had fetched of it was removed";

    private final TransferRuntime rt;
    private final IcaClient ica;
    private final DownloadRequest request;
    private final ProjectId projectId;
    private final ProgressTracker progress;
    private final DefaultTransferHandle handle;
    private final Cancellation cancel;

    public DownloadJob(TransferRuntime rt, IcaClient ica, DownloadRequest request, ProjectId projectId,
                       ProgressTracker progress, DefaultTransferHandle handle) {
        this.rt = rt;
        this.ica = ica;
        this.request = request;
        this.projectId = projectId;
        this.progress = progress;
        this.handle = handle;
        this.cancel = handle.cancellation();
    }

    @Override
    public void run() {
        Journal journal = null;
        FileRunner runner = null;
        try {
            ProjectDataClient data = ica.projectData(projectId);
            String what = request.remotePath() != null ? request.remotePath() : request.dataId().value();
            Path target = LocalPaths.absolute(request.target());
            Optional<ProjectData> source;
            try {
                source = resolve(data);
            } catch (SourceNotFoundException e) {
                throw forgetUnfinished(target, what, e);
            }
            boolean wholeProject = source.isEmpty();
            CredentialScopes scopes = new CredentialScopes(rt, data, true);
            FileDownloader downloader = new FileDownloader(rt);
            runner = new FileRunner(rt.fileWorkers(), rt.settings().maxFilesInFlight(), cancel, progress);
            PresignedTransfers presigned = request.presignedUrls() ? new PresignedTransfers(rt) : null;
            UrlBatch batch = presigned == null ? null : new UrlBatch(data, runner, presigned);
            if (!wholeProject && source.get().isFile()) {
                ProjectData file = source.get();
                JobErrors.checkNoFilters(request.include(), request.exclude(), file.path());
                Path root;
                Path local;
                if (Files.isDirectory(target)) {
                    root = target;
                    local = PathSafety.resolveInside(root, file.name());
                } else {
                    root = target.getParent();
                    local = target;
                    TargetFolders.createFolder(root);
                }
                journal = open(target, what);
                if (presigned != null) {
                    progress.started();
                    batch.add(journal, root, local, file.name(), file);
                    batch.flush();
                } else {
                    RefreshingCredentialsProvider creds = scopes.forData(file.id(), "file " + file.path());
                    creds.current(); // fail fast on a wrong key or a refused file
                    progress.started();
                    submit(runner, downloader, journal, root, local, file.name(), file, creds, "");
                }
            } else {
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target)) {
                    throw new IllegalArgumentException("The target " + target + " is a file; a folder download needs"
                            + " a folder (it is created when missing)");
                }
                TargetFolders.createFolder(target);
                journal = open(target, what);
                FoldedNames written = FoldedNames.probe(target);
                String folder = wholeProject ? "/" : source.get().path();
                RefreshingCredentialsProvider folderCreds = null;
                if (presigned != null) {
                    ica.getProject(projectId);
                } else if (!wholeProject) {
                    folderCreds = scopes.folder(source.get());
                    folderCreds.current();
                } else {
                    ica.getProject(projectId);
                }
                progress.started();
                PathFilter filter = PathFilter.of(request.include(), request.exclude());
                Map<String, JournalEntry> unfinished = journal.unfinished(); // those still listed are taken out
                try (ReadAhead<ProjectData> listing = new ReadAhead<>(data.listRecursive(folder), LISTING_READ_AHEAD,
                        rt.workers(), cancel)) {
                    while (listing.hasNext()) {
                        ProjectData item = listing.next();
                        cancel.check();
                        String rel = item.path().substring(folder.length());
                        if (item.isFolder()) {
                            String dir = rel.endsWith("/") ? rel.substring(0, rel.length() - 1) : rel;
                            if (!dir.isEmpty() && filter.acceptsDirectory(dir)) {
                                makeFolder(target, dir);
                            }
                            continue;
                        }
                        unfinished.remove(rel);
                        if (!filter.acceptsFile(rel)) {
                            continue;
                        }
                        Path local;
                        try {
                            local = PathSafety.resolveInside(target, rel);
                        } catch (PathTraversalException e) {
                            refused(item, e);
                            continue;
                        }
                        String clash = item.status() == DataStatus.AVAILABLE ? written.claim(rel, item.path()) : null;
                        if (clash != null) {
                            notDownloaded(item, local, clash);
                            continue;
                        }
                        if (batch != null) {
                            batch.add(journal, target, local, rel, item);
                            continue;
                        }
                        CredentialScopes.Scoped scoped = folderCreds != null
                                ? new CredentialScopes.Scoped(folderCreds, rel)
                                : scopes.belowRoot(rel, item.id(), item.path());
                        submit(runner, downloader, journal, target, local, rel, item, scoped.credentials(),
                                scoped.keyRel());
                    }
                }
                for (JournalEntry gone : unfinished.values()) {
                    goneFromIca(journal, target, folder, gone);
                }
            }
            if (batch != null) {
                batch.flush();
            }
            progress.enumerationDone();
            runner.awaitAll();
            cancel.check();
            TransferResult result = progress.complete();
            if (result.isSuccess()) {
                FileDownloader.forgetAllUnfinished(journal, target); // left out by this run's filters
                journal.completeAndDelete();
            } else {
                UploadJob.closeOrDrop(journal);
            }
            log.info("Download of {} finished: {} succeeded, {} skipped, {} failed, {} bytes received ({} resumed)",
                    what, result.succeeded(), result.skipped(), result.failed(), result.bytesTransferred(),
                    result.bytesSkippedByResume());
            handle.complete(result);
        } catch (Throwable t) {
            if (runner != null) {
                runner.drain(UploadJob.DRAIN_LIMIT);
            }
            UploadJob.closeOrDrop(journal);
            progress.shutdown();
            if (t instanceof CancellationException || cancel.isCancelled()) {
                log.info("Download cancelled; run it again to resume");
                handle.fail(new CancellationException("The transfer was cancelled"));
            } else {
                handle.fail(JobErrors.translate(t));
            }
        }
    }

    private JobKey key(Path target, String what) {
        return new JobKey("DOWNLOAD", target, ica.baseUrl().toString(), projectId.value(), what);
    }

    private Journal open(Path target, String what) throws IOException {
        Journal j = Journal.open(rt.settings().journalDirectory(), key(target, what));
        if (j.hadHistory()) {
            log.info("Resuming the download of {} to {} (journal {})", what, target, j.file());
        } else {
            log.info("Downloading {} from project {} to {}", what, projectId, target);
        }
        return j;
    }

    /** The file or folder to download, or empty for the whole project ({@code /}). */
    private Optional<ProjectData> resolve(ProjectDataClient data) {
        if (request.dataId() != null) {
            try {
                return Optional.of(data.get(request.dataId()));
            } catch (IcaNotFoundException e) {
                throw new SourceNotFoundException("No file or folder with id " + request.dataId() + " in project "
                        + projectId + "; nothing was downloaded");
            }
        }
        String path = request.remotePath();
        if (path.equals("/")) {
            return Optional.empty();
        }
        Optional<ProjectData> found = data.findByPath(path);
        if (found.isEmpty()) { // "/a/b" may be the folder "/a/b/", and "/a/b/" the file "/a/b"
            found = data.findByPath(path.endsWith("/") ? path.substring(0, path.length() - 1) : path + "/");
        }
        if (found.isEmpty()) {
            throw new SourceNotFoundException("The remote path " + path + " does not exist in project " + projectId
                    + "; nothing was downloaded. Check the path (folders end with /)");
        }
        return found;
    }

    private void submit(FileRunner runner, FileDownloader downloader, Journal journal, Path root, Path local,
                        String rel, ProjectData item, RefreshingCredentialsProvider creds, String keyRel) {
        long size = item.fileSizeInBytes() == null ? 0 : item.fileSizeInBytes();
        progress.fileDiscovered(size);
        if (item.status() != DataStatus.AVAILABLE || item.fileSizeInBytes() == null) {
            progress.fileFinished(new FileResult(item.path(), local, FileOutcome.FAILED, item.path() + " is "
                    + item.status() + " in ICA, not AVAILABLE; wait for it (or unarchive it) and download again",
                    size, 0, false, false));
            return;
        }
        runner.submit(() -> downloader.download(new FileDownloader.Task(rel, item.path(), root, local, size,
                        item.objectETag(), item.timeModified(), new S3Location(creds, creds.current().keyFor(keyRel)),
                        request.overwrite(), journal, progress, cancel)),
                e -> new FileResult(item.path(), local, FileOutcome.FAILED, JobErrors.describe(e), size, 0, false,
                        false));
    }

    private record Pending(Journal journal, Path root, Path local, String rel, ProjectData item) {}

    /** Files waiting for their presigned URLs, minted 50 at a time with one ICA call. */
    private final class UrlBatch {
        private static final int SIZE = 50;
        private final ProjectDataClient data;
        private final FileRunner runner;
        private final PresignedTransfers presigned;
        private final List<Pending> pending = new ArrayList<>();

        UrlBatch(ProjectDataClient data, FileRunner runner, PresignedTransfers presigned) {
            this.data = data;
            this.runner = runner;
            this.presigned = presigned;
        }

        void add(Journal journal, Path root, Path local, String rel, ProjectData item) {
            long size = item.fileSizeInBytes() == null ? 0 : item.fileSizeInBytes();
            progress.fileDiscovered(size);
            if (item.status() != DataStatus.AVAILABLE || item.fileSizeInBytes() == null) {
                progress.fileFinished(new FileResult(item.path(), local, FileOutcome.FAILED, item.path() + " is "
                        + item.status() + " in ICA, not AVAILABLE; wait for it (or unarchive it) and download again",
                        size, 0, false, false));
                return;
            }
            pending.add(new Pending(journal, root, local, rel, item));
            if (pending.size() >= SIZE) {
                flush();
            }
        }

        void flush() {
            if (pending.isEmpty()) {
                return;
            }
            List<DataId> ids = new ArrayList<>();
            for (Pending p : pending) {
                ids.add(p.item().id());
            }
            Map<DataId, URI> urls = new HashMap<>();
            for (DownloadUrl u : data.createDownloadUrls(ids)) {
                urls.put(u.dataId(), u.url());
            }
            for (Pending p : pending) {
                ProjectData item = p.item();
                Path local = p.local();
                AtomicReference<URI> first = new AtomicReference<>(urls.get(item.id()));
                Supplier<URI> url = () -> {
                    URI u = first.getAndSet(null);
                    return u != null ? u : data.createDownloadUrl(item.id());
                };
                long size = item.fileSizeInBytes();
                runner.submit(() -> presigned.download(new PresignedTransfers.Download(p.rel(), item.path(),
                                p.root(), local, size, item.objectETag(), item.timeModified(), url,
                                request.overwrite(), p.journal(), progress, cancel)),
                        e -> new FileResult(item.path(), local, FileOutcome.FAILED, JobErrors.describe(e), size, 0,
                                false, false));
            }
            pending.clear();
        }
    }

    private void refused(ProjectData item, PathTraversalException e) {
        log.info("Refused remote file {}: {}", item.path(), e.getMessage()); // its result says so
        notDownloaded(item, null, e.getMessage());
    }

    /** A listed file this job does not download, failed with the reason. */
    private void notDownloaded(ProjectData item, Path local, String reason) {
        long size = item.fileSizeInBytes() == null ? 0 : item.fileSizeInBytes();
        progress.fileDiscovered(size);
        progress.fileFinished(new FileResult(item.path(), local, FileOutcome.FAILED, reason, size, 0, false, false));
    }

    /**
     * A file an interrupted run of this job left unfinished and that the listing no longer holds (deleted or
     * moved in ICA): its temporary file and record go, and its result says why (nothing else would remove them).
     */
    private void goneFromIca(Journal journal, Path root, String folder, JournalEntry entry) {
        Path local = FileDownloader.forgetBelow(journal, entry, root);
        progress.fileDiscovered(0);
        progress.fileFinished(new FileResult(folder + entry.path(), local, FileOutcome.SKIPPED, GONE_FROM_ICA, 0, 0,
                false, false));
    }

    /**
     * The source no longer exists: what an interrupted run of this job left of its unfinished files (temporary
     * files, the journal) goes, as no rerun could finish them, and the error says so.
     */
    private SourceNotFoundException forgetUnfinished(Path target, String what, SourceNotFoundException gone) {
        JobKey key = key(target, what);
        if (!Journal.exists(rt.settings().journalDirectory(), key)) {
            return gone;
        }
        int forgotten = 0;
        try {
            Journal journal = Journal.open(rt.settings().journalDirectory(), key);
            try {
                forgotten = FileDownloader.forgetAllUnfinished(journal, target);
            } finally {
                journal.completeAndDelete();
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Could not remove what an interrupted download of {} left: {}", what, e.toString());
        }
        return forgotten == 0 ? gone : new SourceNotFoundException(gone.getMessage()
                + ". What an interrupted run of this download had fetched of it was removed");
    }

    private static void makeFolder(Path root, String rel) throws IOException {
        try {
            Path dir = PathSafety.resolveInside(root, rel);
            PathSafety.checkNoEscapeThroughLinks(root, dir.resolve("x"));
            TargetFolders.createFolder(dir);
        } catch (PathTraversalException e) {
            log.warn("Refused remote folder {}: {}", rel, e.getMessage());
        } catch (LocalIoException e) { // a local file in the way: only the files below it fail, saying so
            log.warn(e.getMessage());
        }
    }
}
