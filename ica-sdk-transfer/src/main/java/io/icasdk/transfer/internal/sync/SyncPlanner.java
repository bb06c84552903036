package io.icasdk.transfer.internal.sync;

import io.icasdk.transfer.SyncAction;
import io.icasdk.transfer.SyncDirection;
import io.icasdk.transfer.SyncItem;
import io.icasdk.transfer.internal.FoldedNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Streams a sync plan: walks the local tree on the calling thread while the remote listing runs on a
 * thread of its own, and pairs the two by relative path as entries arrive. Only entries still waiting
 * for their counterpart are held in memory; every decided step goes straight to the sink. Not
 * thread-safe; one {@link #plan} per instance.
 */
final class SyncPlanner {
    /** Lists the remote folder; entries outside the folder or of unknown type must not be passed on. */
    interface RemoteSource {
        void list(Consumer<RemoteEntry> out) throws Exception;
    }

    /** Receives each planned step on the planning thread; may block to apply backpressure. */
    interface Sink {
        void accept(PlannedAction action) throws InterruptedException;
    }

    /** Thrown (wrapped) when the remote listing fails: the plan is incomplete and nothing may be deleted. */
    static final class RemoteListingException extends Exception {
        RemoteListingException(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static final int BATCH = 512;
    private static final Object END = new Object();

    private final SyncDirection direction;
    private final Path localRoot;
    private final PathFilter filter;
    private final boolean followSymlinks;
    private final boolean folders;
    private final boolean deleteExtra;
    private final ChangeDetector detector;
    private final RemoteSource remote;

    private final Map<String, LocalEntry> pendingLocal = new HashMap<>();
    private final Map<String, RemoteEntry> pendingRemote = new HashMap<>();
    /**
     * Local paths left out (a link not followed, a special file, an unreadable or undecodable name), each
     * also as a folder ("name/"): their project counterparts, and what is below them, are left alone too,
     * never deleted by an upload sync nor downloaded over the local entry.
     */
    private final Set<String> leftOut = new HashSet<>();
    /**
     * With deleteExtra: the folders ("a/b/") the source has, as entries or as folders of its entries; a destination
     * folder not among them is deleted at the end, unless it holds something that stays.
     */
    private final Set<String> sourceFolders = new HashSet<>();
    /** With deleteExtra: the destination folders holding an entry the sync leaves in place (filtered out, left out). */
    private final Set<String> destinationKept = new HashSet<>();
    /** With deleteExtra: the delete of each of the destination's folders, decided at the end (planFolderDeletes). */
    private final List<PlannedAction> folderDeletes = new ArrayList<>();
    /**
     * For a download: the local file system's spelling rules ({@link FoldedNames}). On one that folds names, entries
     * are paired, and folders matched, by the one spelling of their names (a local Data/y is ICA's data/y), and of
     * two project files that are one local file the second fails.
     */
    private FoldedNames localNames = FoldedNames.none();
    /** Whether the source had a file the sync takes part in, or an entry left out saying why (which may be one). */
    private boolean sourceSeen;
    private boolean localDone;
    private boolean remoteDone;
    private boolean complete = true;
    private Sink sink;

    SyncPlanner(SyncDirection direction, Path localRoot, PathFilter filter, boolean followSymlinks, boolean folders,
                boolean deleteExtra, ChangeDetector detector, RemoteSource remote) {
        this.direction = direction;
        this.localRoot = localRoot;
        this.filter = filter;
        this.followSymlinks = followSymlinks;
        this.folders = folders;
        this.deleteExtra = deleteExtra;
        this.detector = detector;
        this.remote = remote;
    }

    /**
     * After {@link #plan}: whether the source held no file the filters take, nor an entry left out (folders alone, as
     * the empty mount points of drives not mounted, count as empty).
     */
    boolean sourceEmpty() {
        return !sourceSeen;
    }

    /** Sets the local file system's spelling rules of a download (default: every name is a file of its own). */
    SyncPlanner localNames(FoldedNames names) {
        this.localNames = direction == SyncDirection.DOWNLOAD ? names : FoldedNames.none();
        return this;
    }

    /** The key that pairs local and remote entries: the path, folded as the local file system folds names. */
    private String match(String key) {
        return localNames.key(key);
    }

    /**
     * Plans the sync, handing every step to the sink.
     *
     * @return true when both sides were read completely (deletes are then safe)
     * @throws IOException when the local root cannot be read
     * @throws RemoteListingException when the remote listing fails
     * @throws InterruptedException when interrupted (cancel)
     */
    boolean plan(Sink sink, BooleanSupplier cancelled, String threadName)
            throws IOException, RemoteListingException, InterruptedException {
        this.sink = sink;
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(64);
        AtomicBoolean stop = new AtomicBoolean();
        Thread lister = new Thread(() -> listRemote(queue, stop), threadName);
        lister.setDaemon(true);
        lister.start();
        try {
            LocalWalker walker = new LocalWalker(localRoot, filter, followSymlinks, folders || deleteExtra,
                    direction == SyncDirection.UPLOAD ? "symbolic link (followSymlinks is off)"
                            : "symbolic link, left alone: a download never writes through one");
            BooleanSupplier stopWalk = () -> cancelled.getAsBoolean() || Thread.currentThread().isInterrupted();
            try {
                // A download's local folder is made before the walk, except by a dry run: what is not there yet is empty.
                boolean nothingLocal = direction == SyncDirection.DOWNLOAD && !Files.exists(localRoot, LinkOption.NOFOLLOW_LINKS);
                if (!nothingLocal) {
                    walker.walk(new Visitor(queue), stopWalk);
                }
            } catch (UncheckedInterrupt e) {
                throw e.getCause();
            } catch (UncheckedListingFailure e) {
                throw e.getCause();
            }
            if (stopWalk.getAsBoolean()) {
                throw new InterruptedException("sync cancelled");
            }
            localDone = true;
            for (RemoteEntry r : new ArrayList<>(pendingRemote.values())) {
                remoteOnly(r);
            }
            pendingRemote.clear();
            while (!remoteDone) {
                Object item = queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (item != null) {
                    handle(item);
                } else if (stopWalk.getAsBoolean()) {
                    throw new InterruptedException("sync cancelled");
                }
            }
            for (LocalEntry l : pendingLocal.values()) {
                localOnly(l);
            }
            pendingLocal.clear();
            planFolderDeletes();
            return complete;
        } finally {
            stop.set(true);
            lister.interrupt();
        }
    }

    private void listRemote(BlockingQueue<Object> queue, AtomicBoolean stop) {
        List<RemoteEntry> batch = new ArrayList<>(BATCH);
        try {
            remote.list(r -> {
                batch.add(r);
                if (batch.size() == BATCH) {
                    put(queue, new ArrayList<>(batch), stop);
                    batch.clear();
                }
            });
            if (!batch.isEmpty()) {
                put(queue, new ArrayList<>(batch), stop);
            }
            put(queue, END, stop);
        } catch (StopListing e) {
            // the planner is gone
        } catch (Throwable t) {
            try {
                put(queue, new RemoteListingException(t), stop);
            } catch (StopListing ignored) {
                // the planner is gone
            }
        }
    }

    private static void put(BlockingQueue<Object> queue, Object item, AtomicBoolean stop) {
        try {
            while (!queue.offer(item, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (stop.get()) {
                    throw new StopListing();
                }
            }
        } catch (InterruptedException e) {
            throw new StopListing();
        }
    }

    private static final class StopListing extends RuntimeException {
        StopListing() {
            super(null, null, false, false);
        }
    }

    private static final class UncheckedInterrupt extends RuntimeException {
        UncheckedInterrupt(InterruptedException e) {
            super(e);
        }

        @Override
        public synchronized InterruptedException getCause() {
            return (InterruptedException) super.getCause();
        }
    }

    private static final class UncheckedListingFailure extends RuntimeException {
        UncheckedListingFailure(RemoteListingException e) {
            super(e);
        }

        @Override
        public synchronized RemoteListingException getCause() {
            return (RemoteListingException) super.getCause();
        }
    }

    @SuppressWarnings("unchecked")
    private void handle(Object item) throws InterruptedException, RemoteListingException {
        if (item == END) {
            remoteDone = true;
        } else if (item instanceof RemoteListingException e) {
            throw e;
        } else {
            for (RemoteEntry r : (List<RemoteEntry>) item) {
                onRemote(r);
            }
        }
    }

    private final class Visitor implements LocalWalker.Visitor {
        private final BlockingQueue<Object> queue;

        Visitor(BlockingQueue<Object> queue) {
            this.queue = queue;
        }

        private void drain() throws InterruptedException, RemoteListingException {
            Object item;
            while (!remoteDone && (item = queue.poll()) != null) {
                handle(item);
            }
        }

        private void run(Step step) {
            try {
                drain();
                step.run();
            } catch (InterruptedException e) {
                throw new UncheckedInterrupt(e);
            } catch (RemoteListingException e) {
                throw new UncheckedListingFailure(e);
            }
        }

        @Override
        public void file(LocalEntry file) {
            run(() -> onLocal(file));
        }

        @Override
        public void folder(LocalEntry folder) {
            run(() -> onLocal(folder));
        }

        @Override
        public void filteredOut(String relativePath) {
            if (deleteExtra && direction == SyncDirection.DOWNLOAD) {
                addFolders(destinationKept, match(relativePath));
            }
        }

        @Override
        public void skipped(String relativePath, String reason) {
            run(() -> {
                leaveOut(relativePath);
                emit(relativePath, SyncAction.SKIP, reason, PlannedAction.Kind.SKIPPED, null, null);
            });
        }

        @Override
        public void failed(String relativePath, String reason) {
            complete = false;
            run(() -> {
                leaveOut(relativePath);
                emit(relativePath, SyncAction.FAIL, reason, PlannedAction.Kind.ERROR, null, null);
            });
        }
    }

    private interface Step {
        void run() throws InterruptedException;
    }

    private void onLocal(LocalEntry l) throws InterruptedException {
        sourceSeen |= direction == SyncDirection.UPLOAD && !l.isFolder();
        if (deleteExtra) {
            if (direction == SyncDirection.UPLOAD) {
                addFolders(sourceFolders, l.relativePath());
            } else if (l.isFolder()) {
                folderDeletes.add(new PlannedAction(new SyncItem(l.relativePath(), SyncAction.DELETE,
                        "folder not in the project folder"), PlannedAction.Kind.DELETE, l, null));
            }
        }
        String key = match(l.relativePath());
        RemoteEntry r = pendingRemote.remove(key);
        if (r != null) {
            both(l, r);
        } else if (remoteDone) {
            localOnly(l);
        } else {
            pendingLocal.put(key, l);
        }
    }

    /** Records a local path left out. A name without a trailing '/' (a link not followed, say) may be a folder. */
    private void leaveOut(String relativePath) {
        sourceSeen |= direction == SyncDirection.UPLOAD;
        String key = match(relativePath);
        if (deleteExtra) { // the folder holding it stays, on either side
            addFolders(direction == SyncDirection.UPLOAD ? sourceFolders : destinationKept, key);
        }
        leftOut.add(key);
        if (!key.endsWith("/")) {
            leftOut.add(key + "/");
        }
    }

    /** Whether a project path is, or is below, a local path left out: one lookup per level of the path. */
    private boolean isLeftOut(String path) {
        if (leftOut.isEmpty()) {
            return false;
        }
        String key = match(path);
        if (leftOut.contains(key)) {
            return true;
        }
        int slash = key.indexOf('/');
        while (slash >= 0 && slash < key.length() - 1) {
            if (leftOut.contains(key.substring(0, slash + 1))) {
                return true;
            }
            slash = key.indexOf('/', slash + 1);
        }
        return false;
    }

    private void onRemote(RemoteEntry r) throws InterruptedException {
        String key = r.relativePath();
        boolean accepted = r.isFolder() ? filter.acceptsFolder(key.substring(0, key.length() - 1)) : filter.acceptsFile(key);
        if (deleteExtra) {
            if (direction == SyncDirection.DOWNLOAD) {
                if (accepted) {
                    addFolders(sourceFolders, match(key));
                }
            } else if (!accepted) {
                addFolders(destinationKept, key);
            } else if (r.isFolder() && !r.isDeleting()) {
                folderDeletes.add(new PlannedAction(new SyncItem(key, SyncAction.DELETE, "folder not in the local folder"),
                        PlannedAction.Kind.DELETE, null, r));
            }
        }
        sourceSeen |= accepted && direction == SyncDirection.DOWNLOAD && !r.isFolder();
        if (!accepted || (r.isFolder() && !folders && !deleteExtra)) {
            return;
        }
        // a file not AVAILABLE is skipped, writing nothing: it does not take the local name from another spelling
        String clash = r.isFolder() || !r.isAvailable() ? null : localNames.claim(r.rawRelativePath(), r.rawRelativePath());
        if (clash != null) { // the first of them is paired and synced, this one fails
            emit(key, SyncAction.FAIL, clash, PlannedAction.Kind.ERROR, null, r);
            return;
        }
        String k = match(key);
        LocalEntry l = pendingLocal.remove(k);
        if (l != null) {
            both(l, r);
        } else if (localDone) {
            remoteOnly(r);
        } else {
            pendingRemote.put(k, r);
        }
    }

    private void both(LocalEntry l, RemoteEntry r) throws InterruptedException {
        if (l.isFolder()) {
            return; // present on both sides: nothing to say
        }
        ChangeDetector.Decision d = detector.compare(l, r);
        PlannedAction.Kind kind = switch (d.action()) {
            case UNCHANGED -> PlannedAction.Kind.UNCHANGED;
            case SKIP -> PlannedAction.Kind.SKIPPED;
            case FAIL -> PlannedAction.Kind.ERROR;
            default -> PlannedAction.Kind.TRANSFER;
        };
        emit(l.relativePath(), d.action(), d.reason(), kind, l, r);
    }

    private void localOnly(LocalEntry l) throws InterruptedException {
        if (direction == SyncDirection.UPLOAD) {
            if (!l.isFolder()) {
                emit(l.relativePath(), SyncAction.UPLOAD, "not in the project folder", PlannedAction.Kind.TRANSFER, l, null);
            } else if (folders && l.emptyFolder()) {
                emit(l.relativePath(), SyncAction.UPLOAD, "empty folder not in the project folder",
                        PlannedAction.Kind.CREATE_FOLDER, l, null);
            }
        } else if (!l.isFolder()) {
            if (deleteExtra) {
                emit(l.relativePath(), SyncAction.DELETE, "not in the project folder", PlannedAction.Kind.DELETE, l, null);
            } else {
                emit(l.relativePath(), SyncAction.SKIP, "only in the local folder (deleteExtra is off)",
                        PlannedAction.Kind.SKIPPED, l, null);
            }
        }
    }

    private void remoteOnly(RemoteEntry r) throws InterruptedException {
        String key = r.relativePath();
        if (isLeftOut(key)) {
            return; // the local entry of this name was left out, saying why: so is this one
        }
        if (r.isFolder() && (direction == SyncDirection.UPLOAD || !folders)) {
            return; // a folder is created only when asked to, and deleted at the end (planFolderDeletes)
        }
        if (direction == SyncDirection.DOWNLOAD) {
            String unsafe = Names.unsafeReason(r.rawRelativePath());
            if (unsafe != null) {
                complete = false;
                emit(key, SyncAction.FAIL, "Refused remote name: " + unsafe + ", so it would land outside the local"
                        + " folder. Nothing was written for it; rename it in ICA, or leave it out with an exclude glob",
                        PlannedAction.Kind.ERROR, null, r);
            } else if (r.isFolder()) {
                emit(key, SyncAction.DOWNLOAD, "folder not in the local folder", PlannedAction.Kind.CREATE_FOLDER, null, r);
            } else if (!r.isAvailable()) {
                emit(key, SyncAction.SKIP, "remote file is " + r.status() + ", not AVAILABLE: left for a later sync",
                        PlannedAction.Kind.SKIPPED, null, r);
            } else {
                emit(key, SyncAction.DOWNLOAD, "not in the local folder", PlannedAction.Kind.TRANSFER, null, r);
            }
        } else if (r.isDeleting()) {
            return; // deleted already (by an earlier run, say), still listed while ICA deletes it
        } else if (deleteExtra) {
            emit(key, SyncAction.DELETE, "not in the local folder", PlannedAction.Kind.DELETE, null, r);
        } else {
            emit(key, SyncAction.SKIP, "only in the project folder (deleteExtra is off)", PlannedAction.Kind.SKIPPED, null, r);
        }
    }

    /**
     * Plans, once both sides were read, the delete of every destination folder the source has no folder of that name
     * for and that holds nothing the sync leaves in place: what it holds is deleted before it (a remote folder is
     * checked again for entries added since, as ICA deletes a folder with all it holds).
     */
    private void planFolderDeletes() throws InterruptedException {
        for (PlannedAction delete : folderDeletes) {
            String key = delete.item().relativePath();
            if (!sourceFolders.contains(match(key)) && !destinationKept.contains(match(key)) && !isLeftOut(key)) {
                sink.accept(delete);
            }
        }
        folderDeletes.clear();
    }

    /** Adds the folders of a path ("a/b/x" gives "a/" and "a/b/"; "a/b/" gives both too) to a set. */
    private static void addFolders(Set<String> to, String relativePath) {
        for (int slash = relativePath.indexOf('/'); slash >= 0; slash = relativePath.indexOf('/', slash + 1)) {
            to.add(relativePath.substring(0, slash + 1));
        }
    }

    private void emit(String path, SyncAction action, String reason, PlannedAction.Kind kind, LocalEntry l, RemoteEntry r)
            throws InterruptedException {
        sink.accept(new PlannedAction(new SyncItem(path, action, reason), kind, l, r));
    }
}
