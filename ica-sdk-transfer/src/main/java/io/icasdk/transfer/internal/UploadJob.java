package io.icasdk.transfer.internal;

import io.icasdk.core.IcaClient;
import io.icasdk.core.ProjectDataClient;
import io.icasdk.core.model.DataStatus;
import io.icasdk.core.model.ProjectData;
import io.icasdk.core.model.ProjectId;
import io.icasdk.transfer.FileOutcome;
import io.icasdk.transfer.FileResult;
import io.icasdk.transfer.OverwritePolicy;
import io.icasdk.transfer.SourceNotFoundException;
import io.icasdk.transfer.TransferResult;
import io.icasdk.transfer.UploadRequest;
import io.icasdk.transfer.internal.journal.JobKey;
import io.icasdk.transfer.internal.journal.Journal;
import io.icasdk.transfer.internal.journal.JournalEntry;
import io.icasdk.transfer.internal.sync.PathFilter;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upload: walks the source lazily, gives each file to a {@link FileUploader} (at most
 * {@code maxFilesInFlight} at once) with the credentials of its scope, journals, and completes the
 * handle. Runs on a worker thread.
 */
public final class UploadJob implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(UploadJob.class);
    /** How long a stopped job waits for the files it started before it closes its journal. */
    static final Duration DRAIN_LIMIT = Duration.ofMinutes(2);

    private final TransferRuntime rt;
    private final IcaClient ica;
    private final UploadRequest request;
    private final ProjectId projectId;
    private final ProgressTracker progress;
    private final DefaultTransferHandle handle;
    private final Cancellation cancel;

    public UploadJob(TransferRuntime rt, IcaClient ica, UploadRequest request, ProjectId projectId,
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
            if (request.sourceStream() != null) {
                handle.complete(uploadStream());
                return;
            }
            Path source = LocalPaths.absolute(request.source());
            if (!Files.exists(source)) {
                throw new SourceNotFoundException("The local path " + source + " does not exist; nothing was"
                        + " uploaded. Check the path and try again");
            }
            boolean single = !Files.isDirectory(source);
            if (single && !Files.isRegularFile(source)) {
                throw new SourceNotFoundException("The local path " + source + " is neither a file nor a folder");
            }
            if (single) {
                JobErrors.checkNoFilters(request.include(), request.exclude(), source.toString());
            }
            String name = request.remoteName(); // null: a single file keeps its own name
            if (name != null && !single) {
                throw new IllegalArgumentException("A remote name (" + name + ") names a single file, but " + source
                        + " is a folder; its contents go into the remote folder");
            }
            ProjectDataClient data = ica.projectData(projectId);
            journal = Journal.open(rt.settings().journalDirectory(), new JobKey("UPLOAD", source,
                    ica.baseUrl().toString(), projectId.value(),
                    name == null ? request.remoteFolder() : request.remoteFolder() + name));
            if (journal.hadHistory()) {
                log.info("Resuming the upload of {} to {} (journal {})", source, request.remoteFolder(),
                        journal.file());
            } else {
                log.info("Uploading {} to project {} folder {}", source, projectId, request.remoteFolder());
            }
            runner = new FileRunner(rt.fileWorkers(), rt.settings().maxFilesInFlight(), cancel, progress);
            Context ctx = new Context(data, journal, source, new CredentialScopes(rt, data, false),
                    new RemoteIndex(data, request.remoteFolder()), runner,
                    new FileUploader(rt), request.presignedUrls() ? new PresignedTransfers(rt) : null);
            failFast(ctx.scopes());
            progress.started();
            if (single) {
                String fileName = name != null ? name : source.getFileName().toString();
                String undecodable = LocalNames.undecodable(fileName);
                if (undecodable != null) {
                    leftOut(source, fileName, FileOutcome.SKIPPED, undecodable);
                } else {
                    submit(ctx, source, fileName, Files.size(source));
                }
            } else {
                walk(ctx, source);
            }
            progress.enumerationDone();
            ctx.runner().awaitAll();
            cancel.check();
            if (request.waitUntilAvailable()) {
                awaitAvailable(ctx.index());
            }
            if (progress.results().stream().noneMatch(r -> r.outcome() == FileOutcome.FAILED)) {
                abandonUnfinished(ctx); // the journal goes next: no run could finish them
            }
            TransferResult result = progress.complete();
            if (result.isSuccess() && journal.unfinished().isEmpty() && journal.abortsDue().isEmpty()) {
                journal.completeAndDelete();
            } else { // kept when uploads given up could not be aborted: the next run tries again
                closeOrDrop(journal);
            }
            log.info("Upload of {} finished: {} succeeded, {} skipped, {} failed, {} bytes sent ({} resumed)", source,
                    result.succeeded(), result.skipped(), result.failed(), result.bytesTransferred(),
                    result.bytesSkippedByResume());
            handle.complete(result);
        } catch (Throwable t) {
            if (runner != null) {
                runner.drain(DRAIN_LIMIT);
            }
            closeOrDrop(journal);
            progress.shutdown();
            if (t instanceof CancellationException || cancel.isCancelled()) {
                if (request.source() != null) {
                    log.info("Upload of {} cancelled; run it again to resume", request.source());
                } else {
                    log.info("Upload of the stream to {}{} cancelled", request.remoteFolder(), request.remoteName());
                }
                handle.fail(new CancellationException("The transfer was cancelled"));
            } else {
                handle.fail(JobErrors.translate(t));
            }
        }
    }

    /** Fails fast, before any file, on a wrong API key, a missing project or a refused folder. */
    private void failFast(CredentialScopes scopes) {
        if (request.remoteFolder().equals("/") || request.presignedUrls()) {
            ica.getProject(projectId);
        } else {
            scopes.folder(request.remoteFolder(), true).current();
        }
    }

    /**
     * A stream: one file, and no journal (a stream cannot be read again, so there is nothing to resume).
     * With an overwrite policy other than OVERWRITE, an existing file leaves the stream unread.
     */
    private TransferResult uploadStream() throws InterruptedException {
        String name = request.remoteName();
        String remotePath = request.remoteFolder() + name;
        ProjectDataClient data = ica.projectData(projectId);
        CredentialScopes scopes = new CredentialScopes(rt, data, false);
        RemoteIndex index = new RemoteIndex(data, request.remoteFolder());
        failFast(scopes);
        log.info("Uploading a stream to project {} as {}", projectId, remotePath);
        progress.started();
        progress.fileDiscovered(0);
        progress.enumerationDone();
        FileResult r = kept(index, remotePath, null);
        if (r == null) {
            CredentialScopes.UploadTarget target = scopes.upload(request.remoteFolder(), name, remotePath, null, true);
            r = new StreamUploader(rt).upload(new StreamUploader.Task(request.sourceStream(), remotePath,
                    target.location(), progress, cancel));
        }
        progress.fileFinished(r);
        cancel.check();
        if (request.waitUntilAvailable()) {
            awaitAvailable(index);
        }
        TransferResult result = progress.complete();
        log.info("Upload of the stream to {} finished: {}, {} bytes sent", remotePath,
                result.isSuccess() ? "succeeded" : "failed", result.bytesTransferred());
        return result;
    }

    private record Context(ProjectDataClient data, Journal journal, Path source, CredentialScopes scopes,
                           RemoteIndex index, FileRunner runner, FileUploader uploader, PresignedTransfers presigned) {}

    private void walk(Context ctx, Path root) throws IOException {
        PathFilter filter = PathFilter.of(request.include(), request.exclude());
        Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        cancel.check();
                        if (dir.equals(root)) {
                            return FileVisitResult.CONTINUE;
                        }
                        return filter.acceptsDirectory(relative(root, dir))
                                ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        String rel = relative(root, file);
                        if (!filter.acceptsFile(rel)) {
                            return FileVisitResult.CONTINUE;
                        }
                        String undecodable = LocalNames.undecodable(rel);
                        if (undecodable != null) {
                            leftOut(file, rel, FileOutcome.SKIPPED, undecodable);
                        } else if (PartialFiles.isPartial(file.getFileName().toString())) {
                            leftOut(file, rel, FileOutcome.SKIPPED, PartialFiles.SKIP_REASON);
                        } else if (attrs.isRegularFile()) {
                            submit(ctx, file, rel, attrs.size());
                        } else { // the walk follows links, so a link here is one whose target is missing
                            leftOut(file, rel, FileOutcome.SKIPPED, attrs.isSymbolicLink() ? "broken symbolic link"
                                    : "not a regular file (a named pipe, socket or device)");
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        String rel = relative(root, file);
                        if (e instanceof FileSystemLoopException) {
                            if (filter.acceptsDirectory(rel)) {
                                leftOut(file, rel, FileOutcome.SKIPPED,
                                        "symbolic link loop: leads back to a folder above it, uploaded once from there");
                            }
                        } else {
                            leftOut(file, rel, FileOutcome.FAILED, "Cannot read " + file + ": "
                                    + (e instanceof AccessDeniedException ? "permission denied" : e.toString()));
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
    }

    /** A path of the walk that is not uploaded, with the reason, in the job's result. */
    private void leftOut(Path file, String rel, FileOutcome outcome, String reason) {
        progress.fileDiscovered(0);
        progress.fileFinished(new FileResult(request.remoteFolder() + rel, file, outcome, reason, 0, 0, false, false));
    }

    private void submit(Context ctx, Path file, String rel, long size) {
        String remotePath = request.remoteFolder() + rel;
        progress.fileDiscovered(size);
        ctx.runner().submit(() -> uploadOne(ctx, file, rel, remotePath),
                e -> new FileResult(remotePath, file, FileOutcome.FAILED, JobErrors.describe(e), size, 0, false,
                        false));
    }

    private FileResult uploadOne(Context ctx, Path file, String rel, String remotePath) {
        JournalEntry entry = ctx.journal().entry(rel);
        if (entry != null && entry.done() && ctx.index().find(remotePath).isEmpty()) {
            // An interrupted run uploaded it, and it is gone from ICA since (deleted or moved): not done any more.
            ctx.journal().fileReset(rel);
            entry = null;
        }
        if (entry == null) {
            FileResult kept = kept(ctx.index(), remotePath, file);
            if (kept != null) {
                return kept;
            }
        }
        if (ctx.presigned() != null) {
            // Past kept(), a file in the index is one to upload over (unfinished, or the policy says so); the
            // policy still decides for a file that appears meanwhile.
            boolean over = entry != null || ctx.index().find(remotePath).isPresent();
            return ctx.presigned().upload(new PresignedTransfers.Upload(file, rel, remotePath, ctx.data(),
                    over ? OverwritePolicy.OVERWRITE : request.overwrite(), ctx.journal(), progress, cancel));
        }
        CredentialScopes.UploadTarget target =
                ctx.scopes().upload(request.remoteFolder(), rel, remotePath, entry, true);
        return ctx.uploader().upload(new FileUploader.Task(file, rel, remotePath, target.location(),
                target.dataId(), ctx.journal(), progress, cancel)).result();
    }

    /**
     * The result of a file that exists in ICA and is left as it is (SKIPPED or FAILED by the overwrite
     * policy), or null when it is to be uploaded.
     *
     * @param file the local file, or null for a stream
     */
    private FileResult kept(RemoteIndex index, String remotePath, Path file) {
        if (request.overwrite() == OverwritePolicy.OVERWRITE
                || index.find(remotePath).filter(d -> !unfinished(d, file)).isEmpty()) {
            return null;
        }
        long size = file == null ? 0 : sizeOf(file);
        if (request.overwrite() == OverwritePolicy.SKIP_EXISTING) {
            return new FileResult(remotePath, file, FileOutcome.SKIPPED, FileResult.EXISTS_IN_ICA, size, 0, false,
                    false);
        }
        return new FileResult(remotePath, file, FileOutcome.FAILED, remotePath
                + " already exists in ICA and was left untouched. " + JobErrors.EXISTS_HINT, size, 0, false, false);
    }

    /**
     * Whether an existing ICA file is an upload that did not finish (a failed stream or root-file upload leaves
     * its PARTIAL record without content; so may another tool): uploaded over, not kept. A PARTIAL file with
     * content (of the local file's size) is one that ICA has not made AVAILABLE yet: kept.
     *
     * @param file the local file, or null for a stream (whose size is not known)
     */
    private static boolean unfinished(ProjectData existing, Path file) {
        Long size = existing.fileSizeInBytes();
        return existing.status() == DataStatus.PARTIAL
                && (size == null || size == 0 || (file != null && size != sizeOf(file)));
    }

    /**
     * Gives up each file the journal still holds unfinished (an interrupted run began it; this run, about to succeed,
     * did not upload it: deleted or moved since, or left out by its filters), as the journal is deleted next and no
     * run could finish it then: its multipart upload is aborted and its result, SKIPPED, says so.
     */
    private void abandonUnfinished(Context ctx) {
        Journal journal = ctx.journal();
        List<JournalEntry> entries = new ArrayList<>(new java.util.TreeMap<>(journal.unfinished()).values());
        Map<String, String> reasons = ctx.uploader().abandon(journal, entries, entry -> ctx.scopes().upload(
                request.remoteFolder(), entry.path(), request.remoteFolder() + entry.path(), entry, false).location());
        reasons.forEach((rel, reason) -> leftOut(Files.isDirectory(ctx.source()) ? ctx.source().resolve(rel)
                : ctx.source(), rel, FileOutcome.SKIPPED, reason));
    }

    private void awaitAvailable(RemoteIndex index) throws InterruptedException {
        Duration timeout = rt.settings().availabilityTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        long delayMillis = 100;
        while (true) {
            index.refresh();
            List<FileResult> pending = new ArrayList<>();
            for (FileResult r : progress.results()) {
                if (r.outcome() == FileOutcome.SUCCESS) {
                    Optional<ProjectData> d = index.find(r.remotePath());
                    if (d.isEmpty() || d.get().status() != DataStatus.AVAILABLE) {
                        pending.add(r);
                    }
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                for (FileResult r : pending) {
                    progress.replace(r, new FileResult(r.remotePath(), r.localPath(), FileOutcome.FAILED,
                            "Uploaded, but ICA did not mark it AVAILABLE within " + timeout, r.sizeInBytes(),
                            r.bytesTransferred(), r.resumed(), r.restartedBecauseSourceChanged()));
                }
                return;
            }
            cancel.check();
            Thread.sleep(delayMillis);
            delayMillis = Math.min(delayMillis * 2, 2000);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    static String relative(Path root, Path p) {
        Path rel = root.relativize(p);
        StringBuilder sb = new StringBuilder();
        for (Path part : rel) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part);
        }
        return sb.toString();
    }

    /** Keeps a journal that holds progress; drops one that holds nothing (the job failed up front). */
    static void closeOrDrop(Journal j) {
        if (j == null) {
            return;
        }
        try {
            if (j.isEmpty()) {
                j.completeAndDelete();
            } else {
                j.close();
            }
        } catch (IOException | RuntimeException e) {
            log.debug("Closing the journal failed", e);
        }
    }
}
