package io.icasdk.transfer.internal.sync;

import io.icasdk.core.IcaClient;
import io.icasdk.core.IcaException;
import io.icasdk.core.model.ProjectId;
import io.icasdk.transfer.internal.FileRunner;
import io.icasdk.transfer.internal.FileUploader;
import io.icasdk.transfer.internal.FoldedNames;
import io.icasdk.transfer.internal.ListenerDispatcher;
import io.icasdk.transfer.internal.LocalPaths;
import io.icasdk.transfer.internal.TransferRuntime;
import io.icasdk.transfer.internal.TransferSettings;
import io.icasdk.transfer.internal.journal.Journal;
import io.icasdk.transfer.internal.journal.JournalUnavailableException;
import io.icasdk.core.ProjectDataClient;
import io.icasdk.core.model.DataId;
import io.icasdk.core.model.ProjectData;
import io.icasdk.transfer.FileOutcome;
import io.icasdk.transfer.FileResult;
import io.icasdk.transfer.SourceNotFoundException;
import io.icasdk.transfer.SyncAction;
import io.icasdk.transfer.SyncDeleteLimitException;
import io.icasdk.transfer.SyncDirection;
import io.icasdk.transfer.SyncHandle;
import io.icasdk.transfer.SyncItem;
import io.icasdk.transfer.SyncRequest;
import io.icasdk.transfer.SyncResult;
import io.icasdk.transfer.TransferException;
import io.icasdk.transfer.internal.CredentialScopes;
import io.icasdk.transfer.TransferListener;
import io.icasdk.transfer.TransferProgress;
import io.icasdk.transfer.TransferResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one sync: plans on its own thread, feeds transfers to the engine with a bounded number in flight,
 * records what happened, deletes last. Thread-safe through its handle.
 */
public final class SyncJob {
    private static final Logger LOG = LoggerFactory.getLogger(SyncJob.class);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Duration PROGRESS_EVERY = Duration.ofMillis(200);
    /** Up to this many project files of one folder to delete are looked up by id; more, with a listing of it. */
    private static final int LOOKUPS_PER_FOLDER = 20;
    /** Why a file that an interrupted run left unfinished, and that ICA no longer lists, is not downloaded. */
    static final String GONE_FROM_ICA = "It is no longer in ICA (deleted or moved since an interrupted run of this"
            + " sync); what that run had fetched of it was removed";

    /**
     * What a sync needs from its transfer manager.
     *
     * @param data the project's data client
     * @param stateDirectory where per-target sync state lives (null: in memory only)
     * @param enginePartSizeInBytes the engine's part size (to check multipart ETags)
     * @param maxFilesInFlight files transferred at once
     * @param transports opens the engine job for a sync (called once, not for dry runs)
     * @param listeners the manager's default listener(s); the request's own is added after them
     */
    record Settings(ProjectDataClient data, Path stateDirectory, long enginePartSizeInBytes, int maxFilesInFlight,
                    Function<SyncRequest, SyncTransport> transports,
                    Function<SyncRequest, ToLongFunction<RemoteEntry>> firstPartSizes, List<TransferListener> listeners) {
        /** Copies the listener list. */
        Settings {
            listeners = List.copyOf(listeners);
        }
    }

    private final SyncRequest request;
    private final Settings settings;
    private final String name = "ica-sync-" + SEQUENCE.incrementAndGet();
    /** Tells the listeners, in order, on a thread of their own (never the worker's or a transfer's). */
    private final ListenerDispatcher events;
    private final String remoteFolder;
    private final Path localRoot;
    private final CompletableFuture<SyncResult> completion = new CompletableFuture<>();
    private final Handle handle = new Handle();
    private volatile boolean cancelled;
    private final long startNanos = System.nanoTime();

    private final List<SyncItem> plan = Collections.synchronizedList(new ArrayList<>());
    private final List<FileResult> files = Collections.synchronizedList(new ArrayList<>());
    private final List<PlannedAction> deletes = new ArrayList<>();
    /**
     * Downloads of a sync with deleteExtra whose target a local entry the sync deletes is in the way of (a file where
     * ICA now has a folder, a folder where it has a file): started after the deletes.
     */
    private final List<PlannedAction> afterDeletes = new ArrayList<>();
    /**
     * Downloads an interrupted run left unfinished whose files the listing has not (yet) shown; none in a dry run,
     * which opens no journal and so changes nothing.
     */
    private final Set<String> unfinished = ConcurrentHashMap.newKeySet();
    private volatile SyncTransport transport;
    /** How the local file system spells names, for a download sync (see {@link FoldedNames}). */
    private volatile FoldedNames localNames = FoldedNames.none();
    /** The plan is complete: the progress totals are final. */
    private volatile boolean planned;
    /** Starts the planned transfers (none in a dry run). */
    private volatile Starter starter;
    /** The plan found nothing at the source (that the filters take). */
    private volatile boolean sourceEmpty;
    private final int limit;
    private final Semaphore slots;
    /** Completes when the worker has stopped touching files, journal and state (tests wait on it). */
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final AtomicLong uploaded = new AtomicLong();
    private final AtomicLong downloaded = new AtomicLong();
    private final AtomicLong unchanged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong filesTotal = new AtomicLong();
    private final AtomicLong filesDone = new AtomicLong();
    private final AtomicLong filesFailed = new AtomicLong();
    private final AtomicLong bytesTotal = new AtomicLong();
    private final AtomicLong bytesDone = new AtomicLong();
    /** Of {@link #bytesDone}, those towards the files' sizes (a copy discarded and fetched again counts once). */
    private final AtomicLong bytesProgressed = new AtomicLong();
    private final AtomicLong bytesResumed = new AtomicLong();
    private final AtomicLong transferFailures = new AtomicLong();
    private final AtomicLong deletedCount = new AtomicLong();
    /** The project files and folders this run deleted (a folder is deleted only when it holds nothing else). */
    private final Set<String> deletedIds = ConcurrentHashMap.newKeySet();

    private SyncJob(SyncRequest request, Settings settings) {
        this.request = request;
        this.settings = settings;
        List<TransferListener> all = new ArrayList<>(settings.listeners());
        request.listener().ifPresent(all::add);
        this.events = new ListenerDispatcher(all, name + "-listener", PROGRESS_EVERY);
        this.limit = Math.max(1, settings.maxFilesInFlight());
        this.slots = new Semaphore(limit);
        this.remoteFolder = request.remoteFolder();
        this.localRoot = LocalPaths.absolute(request.localRoot());
    }

    /**
     * Starts a sync on the transfer engine, on a thread of its own; every failure arrives through the handle.
     *
     * @param rt the transfer manager's runtime (settings, pools, S3 clients)
     * @param ica the client
     * @param projectId the project (the request's, or the client's default)
     * @param listeners the manager's default listener(s); the request's own is called after them
     */
    public static SyncHandle start(SyncRequest request, TransferRuntime rt, IcaClient ica, ProjectId projectId,
                                   List<TransferListener> listeners) {
        SyncJob job = new SyncJob(request, settings(request, rt, ica, projectId, listeners));
        rt.track(job.handle::cancel, job.terminated); // closing the manager cancels it and waits for its end
        return job.launch();
    }

    /** What a sync on the transfer engine needs: the settings {@link #start} (the public one) runs it with. */
    static Settings settings(SyncRequest request, TransferRuntime rt, IcaClient ica, ProjectId projectId,
                             List<TransferListener> listeners) {
        ProjectDataClient data = ica.projectData(projectId);
        Path localRoot = LocalPaths.absolute(request.localRoot());
        TransferSettings ts = rt.settings();
        // One set of credentials for the planner's HEADs of part 1 and the transfers: one ICA call per scope
        CredentialScopes scopes = new CredentialScopes(rt, data, request.direction() == SyncDirection.DOWNLOAD);
        return new Settings(data, ts.journalDirectory().resolve("sync-state"), ts.partSizeInBytes(),
                ts.maxFilesInFlight(), r -> new EngineSyncTransport(rt, ica.baseUrl().toString(), data, scopes,
                        r.direction(), localRoot, r.remoteFolder()), r -> new RemoteParts(rt, scopes, r.remoteFolder())::firstPartSize,
                listeners);
    }

    /**
     * Starts a sync on a thread of its own and returns its handle; every failure arrives through the handle. Not
     * tracked by a transfer manager (tests).
     */
    static SyncHandle start(SyncRequest request, Settings settings) {
        return new SyncJob(request, settings).launch();
    }

    private SyncHandle launch() {
        Thread t = new Thread(this::run, name);
        t.setDaemon(true);
        completion.whenComplete((r, e) -> {
            if (completion.isCancelled()) {
                cancel();
            }
        });
        t.start();
        return handle;
    }

    private void run() {
        Runnable outcome = null;
        try {
            outcome = work();
        } finally {
            terminated.complete(null);
        }
        // Only now: journal and state are closed, and every event told, when the caller sees the result. A cancelled
        // handle is complete already: it does not wait for a listener. A listener that closes the transfer manager
        // does not wait for itself, as the job has terminated.
        CompletableFuture<Void> told = new CompletableFuture<>();
        events.shutdown().whenComplete((r, e) -> told.complete(null));
        completion.whenComplete((r, e) -> told.complete(null));
        told.join();
        outcome.run();
    }

    private Runnable work() {
        Runnable outcome;
        SyncStateStore store = null;
        SyncTransport transport = null;
        boolean transportOk = false;
        try {
            validate();
            store = openStore();
            ChangeDetector detector = new ChangeDetector(request.direction(), request.compareMode(), store, localRoot,
                    settings.enginePartSizeInBytes(), settings.firstPartSizes().apply(request));
            if (request.direction() == SyncDirection.DOWNLOAD && Files.isDirectory(localRoot)) {
                localNames = FoldedNames.probe(localRoot); // a dry run's too: its plan says what the run does
                if (localNames.folds()) { // a paired Data/y and data/y are one file: one state, whichever spelling
                    store.foldKeys(localNames::key);
                }
            }
            SyncPlanner planner = new SyncPlanner(request.direction(), localRoot,
                    PathFilter.of(request.include(), request.exclude(), localNames.ignoresCase()), request.followSymlinks(),
                    request.createEmptyFolders(), request.deleteExtra(), detector, this::listRemote)
                    .localNames(localNames);
            if (!request.dryRun()) {
                transport = settings.transports().apply(request);
                this.transport = transport;
                unfinished.addAll(transport.unfinishedDownloads()); // those still listed are taken out
            }
            LOG.info("Sync started: {}", request);
            TransferProgress first = progress();
            events.dispatch(l -> l.onStarted(first));
            Semaphore slots = this.slots;
            SyncStateStore st = store;
            SyncTransport tr = transport;
            starter = request.dryRun() ? null : new Starter(Thread.currentThread().getName() + "-start");
            boolean complete = planner.plan(a -> accept(a, st, tr, slots), () -> cancelled, Thread.currentThread().getName() + "-list");
            planned = true;
            sourceEmpty = planner.sourceEmpty();
            if (starter != null) {
                starter.finish(); // every planned transfer started
            }
            while (!slots.tryAcquire(limit, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                // every transfer has its outcome (cancelled ones too)
            }
            slots.release(limit);
            if (cancelled) {
                throw new CancellationException("sync cancelled");
            }
            forgetGoneFromIca(tr);
            if (tr != null && transferFailures.get() == 0) { // its journal goes at the end: no run could finish them
                abandonUnfinishedUploads(tr);
            }
            SyncDeleteLimitException refused;
            if (afterDeletes.isEmpty()) {
                refused = runDeletes(complete, deletes);
            } else { // the deletes that make room, the downloads that waited for them, then the others
                List<PlannedAction> inTheWay = deletesInTheWay();
                List<PlannedAction> others = new ArrayList<>(deletes);
                others.removeAll(inTheWay);
                refused = runDeletes(complete, inTheWay);
                runAfterDeletes(st, tr, slots);
                SyncDeleteLimitException later = runDeletes(complete, others);
                refused = refused != null ? refused : later;
            }
            SyncResult result = result();
            transportOk = transferFailures.get() == 0;
            // Compacting keeps only the paths this run saw: a run with filters did not look at the others, whose
            // state (what the last sync of them wrote) must outlive it.
            boolean sawEverything = request.include().isEmpty() && request.exclude().isEmpty();
            store.close(complete && sawEverything && !request.dryRun());
            store = null;
            LOG.info("Sync {}: {}", request.dryRun() ? "planned" : "completed", result);
            TransferProgress last = progress(); // final totals, also for a sync that transferred nothing
            TransferResult completed = new TransferResult(result.files(), result.bytesTransferred(), bytesResumed.get(),
                    result.duration());
            events.dispatch(l -> l.onProgress(last));
            events.dispatch(l -> l.onCompleted(completed));
            if (refused != null) {
                SyncDeleteLimitException e = new SyncDeleteLimitException(refused.plannedDeletes(), refused.maxDelete(),
                        refused.sourceEmpty(), result);
                outcome = () -> completion.completeExceptionally(e);
            } else {
                outcome = () -> completion.complete(result);
            }
        } catch (InterruptedException | CancellationException e) {
            stopTransfers();
            outcome = () -> completion.completeExceptionally(new CancellationException("Sync cancelled; run it again to continue"));
        } catch (SyncPlanner.RemoteListingException e) {
            stopTransfers();
            Throwable cause = e.getCause();
            RuntimeException failure = cause instanceof IcaException ica ? ica
                    : new TransferException("Listing project folder " + remoteFolder + " failed: " + cause, cause);
            outcome = () -> completion.completeExceptionally(failure);
        } catch (IcaException e) {
            stopTransfers();
            outcome = () -> completion.completeExceptionally(e);
        } catch (JournalUnavailableException e) {
            stopTransfers();
            TransferException failure = new TransferException(e.getMessage(), e);
            outcome = () -> completion.completeExceptionally(failure);
        } catch (IOException e) {
            stopTransfers();
            TransferException failure = new TransferException("Cannot read local folder " + localRoot + ": "
                    + LocalWalker.describe(e) + ". Check that it exists and is readable.", e);
            outcome = () -> completion.completeExceptionally(failure);
        } catch (RuntimeException | Error e) {
            stopTransfers();
            TransferException failure = new TransferException("Sync failed unexpectedly: " + e, e);
            outcome = () -> completion.completeExceptionally(failure);
        } finally {
            if (store != null) {
                store.close(false);
            }
            if (transport != null) {
                try {
                    transport.finish(transportOk && !cancelled);
                } catch (RuntimeException e) {
                    LOG.warn("Closing the sync's transfer job failed: {}", e.toString());
                }
            }
        }
        return outcome;
    }

    /**
     * After the sync stopped early: starts nothing more (before the cancel frees slots the starter would fill),
     * cancels the transfers in flight, and waits (bounded) until each has its outcome, so nothing writes after
     * the job ends.
     */
    private void stopTransfers() {
        Starter s = starter;
        if (s != null) {
            s.stop();
        }
        cancelInFlight();
        try {
            if (slots.tryAcquire(limit, 2, java.util.concurrent.TimeUnit.MINUTES)) {
                slots.release(limit);
            } else {
                LOG.warn("Transfers of the stopped sync did not end within 2 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** For tests: the worker of this handle has ended. */
    static CompletableFuture<Void> terminated(SyncHandle handle) {
        return ((Handle) handle).job().terminated;
    }

    private void validate() {
        if (request.direction() == SyncDirection.UPLOAD) {
            if (!Files.isDirectory(localRoot)) {
                throw new SourceNotFoundException("Local folder " + localRoot + (Files.exists(localRoot)
                        ? " is not a folder" : " does not exist") + "; an upload sync needs an existing folder as its source.");
            }
            if (!remoteFolder.equals("/") && settings.data().findByPath(remoteFolder).isEmpty() && remoteFileInTheWay()) {
                throw new TransferException("Cannot sync into " + remoteFolder + ": " + withoutSlash(remoteFolder)
                        + " is a file in project " + settings.data().projectId().value() + "; choose a folder."
                        + " Nothing was uploaded.");
            }
        } else {
            if (!remoteFolder.equals("/") && settings.data().findByPath(remoteFolder).isEmpty()) {
                throw new SourceNotFoundException("Project folder " + remoteFolder + " does not exist in project "
                        + settings.data().projectId().value() + (remoteFileInTheWay()
                        ? "; " + withoutSlash(remoteFolder) + " is a file, and a sync works on folders: download the file instead."
                        : "; check the path (paths are case-sensitive; folders end with '/')."));
            }
            if (Files.exists(localRoot) && !Files.isDirectory(localRoot)) {
                throw new TransferException("Local path " + localRoot + " exists and is not a folder; a download sync needs a folder.");
            }
            if (!request.dryRun()) {
                try {
                    Files.createDirectories(localRoot);
                } catch (IOException e) {
                    throw new TransferException("Cannot create local folder " + localRoot + ": " + LocalWalker.describe(e), e);
                }
            }
        }
    }

    /** Whether the remote folder's path, without its final '/', names a file. */
    private boolean remoteFileInTheWay() {
        return settings.data().findByPath(withoutSlash(remoteFolder)).filter(ProjectData::isFile).isPresent();
    }

    private static String withoutSlash(String folder) {
        return folder.substring(0, folder.length() - 1);
    }

    /** @throws TransferException when the state file cannot be read or written (not the local folder's fault) */
    private SyncStateStore openStore() {
        Path dir = settings.stateDirectory();
        if (dir == null) {
            return SyncStateStore.inMemory();
        }
        String key = localRoot + "\n" + settings.data().projectId().value() + "\n" + remoteFolder;
        Path file = dir.resolve(SyncStateStore.fileNameFor(key));
        try {
            if (!request.dryRun()) {
                Journal.createPrivateDirectory(dir);
            }
            return request.dryRun() ? SyncStateStore.readOnly(file) : SyncStateStore.open(file);
        } catch (SyncStateStore.Busy e) {
            throw new TransferException("Another sync of " + localRoot + " and project folder " + remoteFolder
                    + " is running (in either direction: they share what was synced): " + e.getMessage() + ". Wait"
                    + " for it to end, then run this one again. Nothing was transferred.", e);
        } catch (IOException e) {
            throw new TransferException("Cannot open the sync state " + file + ": " + LocalPaths.problem(e) + ". It"
                    + " lives in the journal folder (journalDirectory, ica's --journal-dir): check that it is a"
                    + " writable folder. Nothing was transferred.", e);
        }
    }

    private void listRemote(java.util.function.Consumer<RemoteEntry> out) {
        boolean root = remoteFolder.equals("/");
        if (request.direction() == SyncDirection.UPLOAD && !root && settings.data().findByPath(remoteFolder).isEmpty()) {
            return; // nothing there yet: everything is new
        }
        for (ProjectData d : settings.data().listRecursive(remoteFolder)) {
            RemoteEntry r = toEntry(d);
            if (r != null) {
                unfinished.remove(r.rawRelativePath());
                out.accept(r);
            }
        }
    }

    /**
     * The files an interrupted run left unfinished that the whole listing did not show (deleted or moved in ICA):
     * their temporary files and journal records go, as nothing else would remove them (the plan holds only what
     * ICA lists, and walks leave temporary files out), and a SKIP says so.
     */
    private void forgetGoneFromIca(SyncTransport transport) {
        for (String rel : new TreeSet<>(unfinished)) {
            transport.forgetDownload(rel);
            plan.add(new SyncItem(Names.key(rel), SyncAction.SKIP, GONE_FROM_ICA));
            files.add(new FileResult(remotePath(rel), Names.isSafeRelativePath(rel) ? localRoot.resolve(rel) : localRoot,
                    FileOutcome.SKIPPED, GONE_FROM_ICA, 0, 0, false, false));
        }
    }

    /**
     * The uploads an interrupted run began that this one did not (their files deleted or moved locally, or left out
     * by its filters): given up (their multipart uploads aborted), and a SKIP says so, unless the plan already
     * holds the path (a file in the project root keeps its empty PARTIAL record, which the listing shows).
     */
    private void abandonUnfinishedUploads(SyncTransport transport) {
        Map<String, String> reasons = transport.abandonUnfinishedUploads();
        if (reasons.isEmpty()) {
            return;
        }
        Set<String> planned = new HashSet<>();
        synchronized (plan) {
            plan.forEach(i -> planned.add(i.relativePath()));
        }
        deletes.forEach(d -> planned.add(d.item().relativePath()));
        reasons.forEach((rel, reason) -> {
            if (planned.add(Names.key(rel))) {
                plan.add(new SyncItem(Names.key(rel), SyncAction.SKIP, reason));
                files.add(new FileResult(remotePath(rel), Names.isSafeRelativePath(rel) ? localRoot.resolve(rel)
                        : localRoot, FileOutcome.SKIPPED, reason, 0, 0, false, false));
            }
        });
    }

    private RemoteEntry toEntry(ProjectData d) {
        String path = d.path();
        if (path == null || !path.startsWith(remoteFolder) || path.length() == remoteFolder.length()) {
            return null;
        }
        String raw = path.substring(remoteFolder.length());
        if (d.isFolder()) {
            if (!raw.endsWith("/")) {
                raw = raw + "/";
            }
        } else if (!d.isFile() || raw.endsWith("/")) {
            return null;
        }
        long size = d.fileSizeInBytes() == null ? 0 : d.fileSizeInBytes();
        long time = d.timeModified() == null ? 0 : d.timeModified().toEpochMilli();
        return new RemoteEntry(Names.key(raw), raw, d.id() == null ? null : d.id().value(), size, time,
                ChangeDetector.normalizeEtag(d.objectETag()), d.status() == null ? "UNKNOWN" : d.status().name());
    }

    private void accept(PlannedAction a, SyncStateStore store, SyncTransport transport, Semaphore slots)
            throws InterruptedException {
        SyncItem item = a.item();
        switch (a.kind()) {
            case UNCHANGED -> {
                unchanged.incrementAndGet();
                plan.add(item);
            }
            case SKIPPED -> plan.add(item);
            case ERROR -> {
                plan.add(item);
                failed.incrementAndGet();
                if (!request.dryRun()) {
                    files.add(new FileResult(remotePath(item.relativePath()), localPath(a), FileOutcome.FAILED,
                            item.reason(), 0, 0, false, false));
                }
            }
            case DELETE -> deletes.add(a);
            case CREATE_FOLDER -> {
                plan.add(item);
                if (!request.dryRun()) {
                    createFolder(a);
                }
            }
            case TRANSFER -> {
                plan.add(item);
                long size = a.local() != null && item.action() == SyncAction.UPLOAD ? a.local().sizeInBytes()
                        : a.remote().sizeInBytes();
                filesTotal.incrementAndGet();
                bytesTotal.addAndGet(size);
                if (request.dryRun()) {
                    (item.action() == SyncAction.UPLOAD ? uploaded : downloaded).incrementAndGet();
                    return;
                }
                starter.add(() -> begin(a, size, store, transport, slots)); // the planning goes on meanwhile
            }
            default -> throw new IllegalStateException("unknown step " + a.kind());
        }
    }

    /** Starts a planned transfer once a slot is free (on the {@link Starter}'s thread), or says why it cannot. */
    private void begin(PlannedAction a, long size, SyncStateStore store, SyncTransport transport, Semaphore slots)
            throws InterruptedException {
        SyncItem item = a.item();
        while (!slots.tryAcquire(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            if (cancelled || starter.stopped) {
                throw new InterruptedException("sync cancelled");
            }
        }
        if (cancelled || starter.stopped) {
            slots.release();
            throw new InterruptedException("sync cancelled");
        }
        String clash = item.action() == SyncAction.DOWNLOAD && a.local() == null
                ? localNames.otherSpellingThere(downloadTarget(a)) : null;
        if (clash != null) {
            slots.release();
            finished(a, new FileResult(remotePath(item.relativePath()), localPath(a), FileOutcome.FAILED, clash,
                    size, 0, false, false), null, store);
            return;
        }
        if (item.action() == SyncAction.DOWNLOAD && request.deleteExtra() && inTheWay(downloadTarget(a))) {
            slots.release();
            afterDeletes.add(a);
            return;
        }
        startTransfer(a, size, store, transport, slots);
    }

    /**
     * Starts the planned transfers in plan order as slots free up, on a thread of its own: the planner queues up to
     * {@link FileRunner#LOOK_AHEAD} of them and plans on, so a sync's totals are final (and its ETA known) long
     * before its last transfers start, while memory stays bounded.
     */
    private final class Starter implements Runnable {
        private final java.util.concurrent.BlockingQueue<Step> queue =
                new java.util.concurrent.LinkedBlockingQueue<>(FileRunner.LOOK_AHEAD);
        private final Step end = () -> { };
        private final Thread thread;
        /** Set when the sync stopped early: nothing more starts. */
        private volatile boolean stopped;
        private volatile Throwable failure;

        Starter(String name) {
            thread = new Thread(this, name);
            thread.setDaemon(true);
            thread.start();
        }

        /** Queues a transfer; waits while the queue is full. */
        void add(Step start) throws InterruptedException {
            while (!queue.offer(start, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (cancelled) {
                    throw new InterruptedException("sync cancelled");
                }
                rethrow();
            }
            rethrow();
        }

        @Override
        public void run() {
            try {
                for (Step s = queue.take(); s != end; s = queue.take()) {
                    s.run();
                }
            } catch (InterruptedException | RuntimeException | Error e) {
                failure = e;
                queue.clear(); // a planner waiting for room goes on, and sees the failure
            }
        }

        /** Waits until every queued transfer has started; the starter's failure (a cancel) is rethrown. */
        void finish() throws InterruptedException {
            while (failure == null && !queue.offer(end, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (cancelled) {
                    throw new InterruptedException("sync cancelled");
                }
            }
            thread.join();
            rethrow();
        }

        /** Throws what stopped the thread (a cancel), if anything did. */
        private void rethrow() throws InterruptedException {
            Throwable f = failure;
            if (f instanceof InterruptedException ie) {
                throw ie;
            }
            if (f instanceof RuntimeException re) {
                throw re;
            }
            if (f instanceof Error err) {
                throw err;
            }
        }

        /** The sync stopped early: drops the transfers not started and waits for the thread (bounded). */
        void stop() {
            stopped = true;
            queue.clear();
            queue.offer(end);
            try {
                thread.join(java.util.concurrent.TimeUnit.MINUTES.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A step of the {@link Starter}. */
    private interface Step {
        void run() throws InterruptedException;
    }

    private void startTransfer(PlannedAction a, long size, SyncStateStore store, SyncTransport transport, Semaphore slots) {
        SyncItem item = a.item();
        CompletableFuture<FileUploader.Uploaded> f;
        try {
            if (item.action() == SyncAction.UPLOAD) {
                f = transport.upload(localRoot.resolve(a.local().rawRelativePath()), size, uploadTarget(a),
                        a.remote() != null);
            } else {
                f = transport.download(a.remote(), remotePath(a.remote().rawRelativePath()), downloadTarget(a))
                        .thenApply(FileUploader.Uploaded::without); // recordDownload has the remote's ETag
            }
        } catch (RuntimeException e) {
            slots.release();
            finished(a, new FileResult(remotePath(item.relativePath()), localPath(a), FileOutcome.FAILED,
                    "could not start: " + e.getMessage(), size, 0, false, false), null, store);
            return;
        }
        f.whenComplete((u, e) -> {
            FileResult result = u != null ? u.result() : new FileResult(remotePath(item.relativePath()), localPath(a),
                    FileOutcome.FAILED, String.valueOf(e instanceof CompletionException ce ? ce.getCause() : e), size, 0,
                    false, false);
            try {
                finished(a, result, u != null ? u.objectETag() : null, store);
            } finally {
                slots.release();
            }
        });
    }

    /** @param uploadedETag the ETag S3 gave the object an upload wrote, when known */
    private void finished(PlannedAction a, FileResult r, String uploadedETag, SyncStateStore store) {
        files.add(r);
        bytesDone.addAndGet(r.bytesTransferred());
        bytesProgressed.addAndGet(Math.min(r.bytesTransferred(), r.sizeInBytes()));
        if (r.resumed()) {
            bytesResumed.addAndGet(Math.max(0, r.sizeInBytes() - r.bytesTransferred()));
        }
        String key = a.item().relativePath();
        if (r.outcome() == FileOutcome.FAILED) {
            failed.incrementAndGet();
            filesFailed.incrementAndGet();
            transferFailures.incrementAndGet();
        } else {
            filesDone.incrementAndGet();
            if (a.item().action() == SyncAction.UPLOAD) {
                uploaded.incrementAndGet();
                store.markSynced(key, a.local().sizeInBytes(), a.local().mtimeMillis(), uploadedETag);
            } else {
                downloaded.incrementAndGet();
                recordDownload(a, store);
            }
        }
        events.dispatch(l -> l.onFileCompleted(r));
        events.progress(this::progress);
    }

    /**
     * The project path an upload writes: the file it was paired with, whose name may be spelled in another
     * Unicode normalization form than the local one (a name in NFD from macOS against ICA's NFC), else the
     * local name. Writing under the local spelling would leave the paired file stale beside a second one.
     */
    private String uploadTarget(PlannedAction a) {
        return remotePath(a.remote() != null ? a.remote().rawRelativePath() : a.local().rawRelativePath());
    }

    /** The local file a download writes: the one it was paired with (see uploadTarget), else the remote name. */
    private Path downloadTarget(PlannedAction a) {
        return localRoot.resolve(a.local() != null ? a.local().rawRelativePath() : a.remote().rawRelativePath());
    }

    /** Remembers a downloaded file; makes sure its mtime is the remote time so size+mtime stays stable. */
    private void recordDownload(PlannedAction a, SyncStateStore store) {
        RemoteEntry remote = a.remote();
        Path target = downloadTarget(a);
        try {
            BasicFileAttributes attrs = Files.readAttributes(target, BasicFileAttributes.class);
            long mtime = attrs.lastModifiedTime().toMillis();
            if (remote.timeModifiedMillis() > 0 && mtime != remote.timeModifiedMillis()) {
                Files.setLastModifiedTime(target, FileTime.fromMillis(remote.timeModifiedMillis()));
                // what the file system kept: FAT rounds to 2 s, others to 1 s; the next run compares with it
                mtime = Files.getLastModifiedTime(target).toMillis();
            }
            store.markSynced(a.item().relativePath(), attrs.size(), mtime, remote.objectETag());
        } catch (IOException e) {
            LOG.debug("Could not record downloaded {}: {}", target, e.toString());
        }
    }

    private void createFolder(PlannedAction a) {
        String rel = a.item().relativePath();
        try {
            if (request.direction() == SyncDirection.UPLOAD) {
                String folder = remotePath(a.local().rawRelativePath());
                String parent = folder.substring(0, folder.lastIndexOf('/', folder.length() - 2) + 1);
                String name = folder.substring(parent.length(), folder.length() - 1);
                settings.data().createFolder(r -> r.name(name).folderPath(parent));
                files.add(new FileResult(folder, localRoot.resolve(a.local().rawRelativePath()), FileOutcome.SUCCESS, null,
                        0, 0, false, false));
            } else {
                Path dir = localRoot.resolve(a.remote().rawRelativePath());
                Files.createDirectories(dir);
                files.add(new FileResult(remotePath(a.remote().rawRelativePath()), dir, FileOutcome.SUCCESS, null, 0, 0,
                        false, false));
            }
        } catch (IOException | RuntimeException e) {
            failed.incrementAndGet();
            files.add(new FileResult(remotePath(rel), localPath(a), FileOutcome.FAILED, "could not create folder: " + e.getMessage(),
                    0, 0, false, false));
        }
    }

    /**
     * Runs {@code these} of the planned deletes, unless the source was not read completely, a step failed, or all
     * the planned deletes together exceed maxDelete; returns the refusal when the max-delete guard tripped.
     */
    private SyncDeleteLimitException runDeletes(boolean complete, List<PlannedAction> these) throws InterruptedException {
        if (these.isEmpty()) {
            return null;
        }
        long failures = failed.get();
        // An empty source that would empty the destination is most often a drive not mounted or a wrong folder:
        // without an explicit maxDelete, it deletes nothing.
        boolean emptySource = sourceEmpty && request.maxDelete() == SyncRequest.UNLIMITED;
        int max = emptySource ? 0 : request.maxDelete();
        boolean overLimit = max >= 0 && deletes.size() > max;
        String limit = emptySource ? "the source folder " + (request.include().isEmpty() && request.exclude().isEmpty()
                ? "holds no file" : "holds no file the filters take") + " (an unmounted drive, a wrong folder?) and no"
                + " maxDelete was given" : deletes.size() + " deletions exceed the maximum of " + max + " (maxDelete)";
        if (request.dryRun()) {
            String note = overLimit ? "; " + SyncItem.NOT_DELETED_BY_A_REAL_RUN + ": " + limit : "";
            for (PlannedAction d : these) {
                plan.add(note.isEmpty() ? d.item() : new SyncItem(d.item().relativePath(), SyncAction.DELETE, d.item().reason() + note));
            }
            deletedCount.addAndGet(these.size());
            return null;
        }
        String heldBack = null;
        if (!complete) {
            heldBack = "kept: the source could not be read completely, so nothing is deleted";
        } else if (failures > 0) {
            heldBack = "kept: " + failures + " step(s) failed, so nothing is deleted";
        } else if (overLimit) {
            heldBack = "kept: " + limit + ", so nothing is deleted";
        }
        if (heldBack != null) {
            for (PlannedAction d : these) {
                keep(d, heldBack);
            }
            return overLimit && complete && failures == 0
                    ? new SyncDeleteLimitException(deletes.size(), max, emptySource, result()) : null;
        }
        List<PlannedAction> folders = new ArrayList<>();
        List<PlannedAction> fileDeletes = new ArrayList<>();
        for (PlannedAction d : these) {
            (d.item().relativePath().endsWith("/") ? folders : fileDeletes).add(d);
        }
        deleteFiles(fileDeletes);
        long failedNow = failed.get() - failures;
        // deepest first: a folder after the folders in it
        folders.sort(java.util.Comparator.comparing((PlannedAction d) -> d.item().relativePath()).reversed());
        for (PlannedAction d : folders) {
            if (failedNow > 0) {
                keep(d, "kept: " + failedNow + " delete(s) failed, so no folder is deleted");
            } else if (!cancelled) {
                deleteFolder(d);
            }
        }
        return null;
    }

    /** Deletes files, several at once in the project (each an ICA call), one after another locally. */
    private void deleteFiles(List<PlannedAction> these) throws InterruptedException {
        if (these.isEmpty()) {
            return;
        }
        int threads = request.direction() == SyncDirection.UPLOAD ? Math.min(4, Math.max(1, settings.maxFilesInFlight())) : 1;
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, Thread.currentThread().getName() + "-delete");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            if (request.direction() == SyncDirection.UPLOAD) {
                Map<String, List<PlannedAction>> byFolder = new java.util.LinkedHashMap<>();
                for (PlannedAction d : these) {
                    String path = remotePath(d.remote().rawRelativePath());
                    byFolder.computeIfAbsent(path.substring(0, path.lastIndexOf('/') + 1), k -> new ArrayList<>()).add(d);
                }
                byFolder.forEach((folder, planned) -> futures.add(pool.submit(() -> deleteWhereThePlanSawThem(folder, planned))));
            } else {
                for (PlannedAction d : these) {
                    futures.add(pool.submit(() -> delete(d)));
                }
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    LOG.debug("delete task failed", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Whether a local entry stands where a download is to write: a folder at its name, or a file where one of its
     * folders is to be (a link to a folder is a folder here).
     */
    private boolean inTheWay(Path target) {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        for (Path p = target.getParent(); p != null && p.startsWith(localRoot) && !p.equals(localRoot); p = p.getParent()) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(p)) {
                return true;
            }
        }
        return false;
    }

    /** The planned deletes of local entries that stand where a download held back by {@link #inTheWay} writes. */
    private List<PlannedAction> deletesInTheWay() {
        List<PlannedAction> found = new ArrayList<>();
        for (PlannedAction d : deletes) {
            Path entry = localRoot.resolve(d.local().rawRelativePath());
            for (PlannedAction a : afterDeletes) {
                Path target = downloadTarget(a);
                if (target.startsWith(entry) || entry.startsWith(target)) {
                    found.add(d);
                    break;
                }
            }
        }
        return found;
    }

    /**
     * Starts the downloads held back by {@link #inTheWay} once the deletes in their way ran, a folder in the way
     * removed first if the deletes left it without files (a folder still holding one stays, and its download fails
     * saying so), and waits for them. Deletes held back (a failure, maxDelete) leave the entries in the way: those
     * downloads fail. The other deletes run after them, and only if they succeeded.
     */
    private void runAfterDeletes(SyncStateStore store, SyncTransport transport, Semaphore slots)
            throws InterruptedException {
        for (PlannedAction a : afterDeletes) {
            if (cancelled) {
                throw new InterruptedException("sync cancelled");
            }
            Path target = downloadTarget(a);
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                removeFoldersWithoutFiles(target);
            }
            while (!slots.tryAcquire(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (cancelled) {
                    throw new InterruptedException("sync cancelled");
                }
            }
            startTransfer(a, a.remote().sizeInBytes(), store, transport, slots);
        }
        while (!slots.tryAcquire(limit, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            // every transfer has its outcome
        }
        slots.release(limit);
    }

    /** Deletes a folder and the folders below it when none holds anything else; leaves it all otherwise. */
    private static void removeFoldersWithoutFiles(Path folder) {
        try (java.util.stream.Stream<Path> walk = Files.walk(folder)) {
            List<Path> all = walk.sorted(java.util.Comparator.reverseOrder()).toList();
            if (all.stream().allMatch(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))) {
                for (Path p : all) {
                    Files.delete(p);
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.debug("Could not remove the folder {} in the way of a download: {}", folder, e.toString());
        }
    }

    /**
     * Deletes a folder the source has no folder of that name for, once the files planned for deletion in it are gone,
     * unless it still holds something: ICA deletes a folder, by id, with all it holds, so a project folder is looked
     * up again first (kept when no longer at its path, moved since the plan, say, or when it holds an upload an
     * interrupted run began whose abort failed: a sync of the project root could not reach it any more) and listed
     * again (kept when it holds what this run did not delete, a file added since the plan, say); a local folder is
     * deleted only when empty.
     */
    private void deleteFolder(PlannedAction d) {
        try {
            if (request.direction() == SyncDirection.UPLOAD) {
                String folder = remotePath(d.remote().rawRelativePath());
                String rel = d.remote().rawRelativePath();
                if (transport.unfinishedUploads().stream().anyMatch(u -> u.startsWith(rel))) {
                    // a sync of the project root reaches the upload only with the credentials of its top folder
                    keep(d, "kept: it holds an upload an interrupted run began, whose parts could not be discarded"
                            + " yet; the next run tries again");
                    return;
                }
                ProjectData now = settings.data().findByPath(folder).orElse(null);
                if (now == null || !d.remote().dataId().equals(now.id().value())) {
                    keep(d, "kept: ICA no longer has it at this path (moved, deleted or replaced since the plan)");
                    return;
                }
                for (ProjectData x : settings.data().listRecursive(folder)) {
                    if (x.status() != io.icasdk.core.model.DataStatus.DELETING
                            && (x.id() == null || !deletedIds.contains(x.id().value()))) {
                        keep(d, "kept: it holds " + x.path() + ", which this sync does not delete");
                        return;
                    }
                }
                settings.data().delete(new DataId(d.remote().dataId()));
                deletedIds.add(d.remote().dataId());
            } else {
                Path dir = localRoot.resolve(d.local().rawRelativePath());
                if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    keep(d, "kept: it is no longer a folder");
                    return;
                }
                try {
                    Files.deleteIfExists(dir);
                } catch (java.nio.file.DirectoryNotEmptyException e) {
                    keep(d, "kept: it holds entries this sync does not delete (left out, or added since the plan)");
                    return;
                }
            }
            deletedCount.incrementAndGet();
            plan.add(d.item());
            files.add(new FileResult(remotePath(d.item().relativePath()), localPath(d), FileOutcome.SUCCESS, null, 0, 0,
                    false, false));
        } catch (IOException | RuntimeException e) {
            failed.incrementAndGet();
            plan.add(d.item());
            files.add(new FileResult(remotePath(d.item().relativePath()), localPath(d), FileOutcome.FAILED,
                    "could not delete folder: " + (e instanceof IOException io ? LocalPaths.problem(io) : e.getMessage()),
                    0, 0, false, false));
        }
    }

    /** Reports a planned delete not done, and why (a SKIP). */
    private void keep(PlannedAction d, String why) {
        plan.add(new SyncItem(d.item().relativePath(), SyncAction.SKIP, d.item().reason() + "; " + why));
        files.add(new FileResult(remotePath(d.item().relativePath()), localPath(d), FileOutcome.SKIPPED, why, 0, 0, false,
                false));
    }

    /**
     * Deletes project files of one folder that are still where the plan saw them. ICA deletes by id, and a file moved
     * since the plan (a long sync gives others time to reorganize the project) would go from its new place: such a
     * file is kept. A few files are looked up by id (a file gone already counts as deleted), more with one listing of
     * their folder (which may hold thousands).
     */
    private void deleteWhereThePlanSawThem(String folder, List<PlannedAction> planned) {
        Map<String, String> pathById = new java.util.HashMap<>();
        boolean listed = planned.size() > LOOKUPS_PER_FOLDER;
        try {
            if (listed) {
                for (ProjectData x : settings.data().listFolder(folder)) {
                    if (x.id() != null) {
                        pathById.put(x.id().value(), x.path());
                    }
                }
            } else {
                for (PlannedAction d : planned) {
                    try {
                        pathById.put(d.remote().dataId(), settings.data().get(new DataId(d.remote().dataId())).path());
                    } catch (io.icasdk.core.IcaNotFoundException gone) {
                        // gone already: delete() counts it as deleted
                    }
                }
            }
        } catch (RuntimeException e) {
            for (PlannedAction d : planned) {
                failed.incrementAndGet();
                plan.add(d.item());
                files.add(new FileResult(remotePath(d.item().relativePath()), localPath(d), FileOutcome.FAILED,
                        "could not delete: looking it up in " + folder + " failed: " + e.getMessage(), 0, 0, false,
                        false));
            }
            return;
        }
        for (PlannedAction d : planned) {
            String now = pathById.get(d.remote().dataId());
            if (now != null && !now.equals(remotePath(d.remote().rawRelativePath()))) {
                keep(d, "kept: ICA has it at " + now + " now (moved since the plan)");
            } else if (now == null && listed) {
                keep(d, "kept: ICA no longer lists it in " + folder + " (moved or deleted since the plan)");
            } else {
                delete(d);
            }
        }
    }

    private void delete(PlannedAction d) {
        SyncItem item = d.item();
        if (cancelled) {
            return;
        }
        try {
            if (request.direction() == SyncDirection.UPLOAD) {
                try {
                    settings.data().delete(new DataId(d.remote().dataId()));
                } catch (io.icasdk.core.IcaNotFoundException gone) {
                    LOG.debug("{} was deleted already", d.remote().rawRelativePath()); // as the local deleteIfExists
                }
                deletedIds.add(d.remote().dataId());
            } else {
                Files.deleteIfExists(localRoot.resolve(d.local().rawRelativePath()));
            }
            deletedCount.incrementAndGet();
            plan.add(item);
            files.add(new FileResult(remotePath(item.relativePath()), localPath(d), FileOutcome.SUCCESS, null,
                    d.remote() != null ? d.remote().sizeInBytes() : d.local().sizeInBytes(), 0, false, false));
        } catch (IOException | RuntimeException e) {
            failed.incrementAndGet();
            plan.add(item);
            files.add(new FileResult(remotePath(item.relativePath()), localPath(d), FileOutcome.FAILED,
                    "could not delete: " + (e instanceof IOException io ? LocalPaths.problem(io) : e.getMessage()), 0, 0,
                    false, false));
        }
    }

    private SyncResult result() {
        List<SyncItem> planCopy;
        List<FileResult> filesCopy;
        synchronized (plan) {
            planCopy = List.copyOf(plan);
        }
        synchronized (files) {
            filesCopy = List.copyOf(files);
        }
        return new SyncResult(planCopy, filesCopy, uploaded.get(), downloaded.get(), deletedCount.get(), unchanged.get(),
                failed.get(), bytesDone.get(), Duration.ofNanos(System.nanoTime() - startNanos), request.dryRun());
    }

    private TransferProgress progress() {
        SyncTransport t = transport;
        long moved = t == null ? bytesProgressed.get() : Math.max(bytesProgressed.get(), t.bytesTransferred());
        return new TransferProgress(filesTotal.get(), filesDone.get(), filesFailed.get(), bytesTotal.get(),
                moved + bytesResumed.get(), bytesResumed.get(), Duration.ofNanos(System.nanoTime() - startNanos), planned);
    }

    private String remotePath(String rawRelative) {
        return remoteFolder + rawRelative;
    }

    private Path localPath(PlannedAction a) {
        if (a.local() != null) {
            return localRoot.resolve(a.local().rawRelativePath());
        }
        if (a.remote() != null && Names.isSafeRelativePath(a.remote().rawRelativePath())) {
            return localRoot.resolve(a.remote().rawRelativePath());
        }
        return a.item().relativePath().isEmpty() || !Names.isSafeRelativePath(a.item().relativePath())
                ? localRoot : localRoot.resolve(a.item().relativePath());
    }

    private void cancel() {
        cancelled = true; // the worker polls this; no interrupt, which would close the state store's channel
        cancelInFlight();
    }

    private void cancelInFlight() {
        SyncTransport t = transport;
        if (t != null) {
            try {
                t.cancelAll();
            } catch (RuntimeException e) {
                LOG.debug("cancel failed", e);
            }
        }
    }

    private final class Handle implements SyncHandle {
        SyncJob job() {
            return SyncJob.this;
        }

        @Override
        public CompletableFuture<SyncResult> completion() {
            return completion;
        }

        @Override
        public TransferProgress progress() {
            return SyncJob.this.progress();
        }

        @Override
        public void cancel() {
            SyncJob.this.cancel();
            completion.completeExceptionally(new CancellationException("The sync was cancelled; run it again to"
                    + " continue"));
        }

        @Override
        public SyncResult join() {
            try {
                return completion.join();
            } catch (CompletionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new TransferException("Sync failed: " + cause, cause);
            }
        }

        @Override
        public String toString() {
            return "SyncHandle[" + request + "]";
        }
    }
}
