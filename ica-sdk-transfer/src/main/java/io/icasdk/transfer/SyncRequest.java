package io.icasdk.transfer;

import io.icasdk.core.model.ProjectId;
import io.icasdk.transfer.internal.sync.PathFilter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to sync: a local folder and a project folder, which side is the source, and how to compare.
 *
 * <pre>{@code
 * SyncRequest request = SyncRequest.builder()
 *         .direction(SyncDirection.UPLOAD)
 *         .localRoot(Path.of("/data/run42"))
 *         .remoteFolder("/runs/run42/")
 *         .deleteExtra(true).maxDelete(100)
 *         .exclude("*.tmp")
 *         .build();
 * SyncResult result = transferManager.sync(request).join();
 * }</pre>
 *
 * <p>Immutable and thread-safe; the builder is not thread-safe.
 */
public final class SyncRequest {
    /** {@link #maxDelete()} when no limit is set. */
    public static final int UNLIMITED = -1;

    private final SyncDirection direction;
    private final Path localRoot;
    private final ProjectId projectId;
    private final String remoteFolder;
    private final CompareMode compareMode;
    private final boolean deleteExtra;
    private final int maxDelete;
    private final boolean dryRun;
    private final List<String> include;
    private final List<String> exclude;
    private final boolean followSymlinks;
    private final boolean createEmptyFolders;
    private final TransferListener listener;

    private SyncRequest(Builder b) {
        this.direction = b.direction;
        this.localRoot = b.localRoot;
        this.projectId = b.projectId;
        this.remoteFolder = b.remoteFolder;
        this.compareMode = b.compareMode;
        this.deleteExtra = b.deleteExtra;
        this.maxDelete = b.maxDelete;
        this.dryRun = b.dryRun;
        this.include = List.copyOf(b.include);
        this.exclude = List.copyOf(b.exclude);
        this.followSymlinks = b.followSymlinks;
        this.createEmptyFolders = b.createEmptyFolders;
        this.listener = b.listener;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Which side is the source. */
    public SyncDirection direction() {
        return direction;
    }

    /** The local folder. */
    public Path localRoot() {
        return localRoot;
    }

    /** The project; empty means the client's default project. */
    public Optional<ProjectId> projectId() {
        return Optional.ofNullable(projectId);
    }

    /** The project folder, e.g. {@code "/runs/run42/"}. */
    public String remoteFolder() {
        return remoteFolder;
    }

    /** How files present on both sides are compared. */
    public CompareMode compareMode() {
        return compareMode;
    }

    /**
     * Whether files only on the destination are deleted, and then its folders the source has no folder of that name
     * for (after every transfer succeeded).
     */
    public boolean deleteExtra() {
        return deleteExtra;
    }

    /** The most files and folders a run may delete, or {@link #UNLIMITED}. */
    public int maxDelete() {
        return maxDelete;
    }

    /** Whether this is a dry run (plan only, nothing changes). */
    public boolean dryRun() {
        return dryRun;
    }

    /** Include globs; empty means everything. */
    public List<String> include() {
        return include;
    }

    /** Exclude globs. */
    public List<String> exclude() {
        return exclude;
    }

    /** Whether local symbolic links are followed. */
    public boolean followSymlinks() {
        return followSymlinks;
    }

    /** Whether folders with no files are created on the destination. */
    public boolean createEmptyFolders() {
        return createEmptyFolders;
    }

    /** The listener of this sync, if any. */
    public Optional<TransferListener> listener() {
        return Optional.ofNullable(listener);
    }

    @Override
    public String toString() {
        return "SyncRequest[" + direction + " " + localRoot + (direction == SyncDirection.DOWNLOAD ? " <- " : " -> ")
                + (projectId == null ? "default project" : projectId.value()) + ":" + remoteFolder + ", " + compareMode
                + (deleteExtra ? ", deleteExtra" + (maxDelete >= 0 ? " max " + maxDelete : "") : "")
                + (dryRun ? ", dryRun" : "") + "]";
    }

    /** Builds a {@link SyncRequest}. Not thread-safe. */
    public static final class Builder {
        private SyncDirection direction;
        private Path localRoot;
        private ProjectId projectId;
        private String remoteFolder;
        private CompareMode compareMode = CompareMode.SIZE_AND_MTIME;
        private boolean deleteExtra;
        private int maxDelete = UNLIMITED;
        private boolean dryRun;
        private final List<String> include = new ArrayList<>();
        private final List<String> exclude = new ArrayList<>();
        private boolean followSymlinks;
        private boolean createEmptyFolders;
        private TransferListener listener;

        private Builder() {
        }

        /** Required: which side is the source. */
        public Builder direction(SyncDirection direction) {
            this.direction = Objects.requireNonNull(direction, "direction");
            return this;
        }

        /**
         * Required: the local folder. For {@link SyncDirection#UPLOAD} it must exist; for
         * {@link SyncDirection#DOWNLOAD} it is created when missing.
         */
        public Builder localRoot(Path localRoot) {
            this.localRoot = Objects.requireNonNull(localRoot, "localRoot");
            return this;
        }

        /** The project; default: the client's default project. */
        public Builder projectId(ProjectId projectId) {
            this.projectId = Objects.requireNonNull(projectId, "projectId");
            return this;
        }

        /** The project, by id string. */
        public Builder projectId(String projectId) {
            return projectId(new ProjectId(Objects.requireNonNull(projectId, "projectId")));
        }

        /**
         * Required: the project folder, absolute and ending with {@code /} ({@code "/"} is the project root).
         * For {@link SyncDirection#DOWNLOAD} it must exist.
         */
        public Builder remoteFolder(String remoteFolder) {
            this.remoteFolder = Objects.requireNonNull(remoteFolder, "remoteFolder");
            return this;
        }

        /** How files on both sides are compared; default {@link CompareMode#SIZE_AND_MTIME}. */
        public Builder compareMode(CompareMode compareMode) {
            this.compareMode = Objects.requireNonNull(compareMode, "compareMode");
            return this;
        }

        /**
         * Delete destination files the source does not have (default false), and then the destination folders it has
         * no folder of that name for, each once it holds nothing the sync leaves in place (a file the filters leave
         * out, a link, a file added to a project folder since the plan: a project folder is listed again before it
         * is deleted, as ICA deletes a folder with all it holds). Deletes run only after every transfer succeeded
         * and both sides were read completely.
         */
        public Builder deleteExtra(boolean deleteExtra) {
            this.deleteExtra = deleteExtra;
            return this;
        }

        /**
         * The most files and folders one run may delete (default: no limit, except that a run whose source folder
         * is empty, as an unmounted drive or a wrong folder looks, deletes nothing without a maxDelete). When the
         * plan holds more, nothing is deleted and the sync fails with {@link SyncDeleteLimitException} after its
         * transfers.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder maxDelete(int maxDelete) {
            if (maxDelete < 0) {
                throw new IllegalArgumentException("maxDelete must be 0 or more, was " + maxDelete);
            }
            this.maxDelete = maxDelete;
            return this;
        }

        /** Plan only: the result lists what would happen, and nothing (files, project, state) changes. */
        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /**
         * Only paths matching one of these globs take part. A glob without {@code /} matches a file name at
         * any depth ({@code *.bam}); with {@code /} it matches the path below the synced folders
         * ({@code reads/**}). {@code *} and {@code ?} stay within a name, {@code **} crosses folders,
         * {@code [ab]} and {@code {x,y}} work as usual. Adds to earlier calls.
         */
        public Builder include(String... globs) {
            include.addAll(Arrays.asList(globs));
            return this;
        }

        /**
         * Paths matching one of these globs (or inside a folder matching one) are left out on both sides,
         * so they are neither transferred nor deleted. Wins over {@link #include}. Adds to earlier calls.
         */
        public Builder exclude(String... globs) {
            exclude.addAll(Arrays.asList(globs));
            return this;
        }

        /**
         * Upload what local symbolic links lead to (default false: links are skipped and listed as such). A link
         * back into one of its own parent folders is never entered. For {@link SyncDirection#UPLOAD} only: a
         * download sync never writes, nor deletes, through a link, which could lead out of the local folder.
         */
        public Builder followSymlinks(boolean followSymlinks) {
            this.followSymlinks = followSymlinks;
            return this;
        }

        /** Create folders that hold no files on the destination too (default false). */
        public Builder createEmptyFolders(boolean createEmptyFolders) {
            this.createEmptyFolders = createEmptyFolders;
            return this;
        }

        /**
         * A listener for this sync, in addition to the transfer manager's. It is told as {@link TransferListener}
         * says (one thread, in order, never holding the sync up), and has heard every event, onCompleted last, when
         * the sync's handle completes with its result or failure (a cancel completes the handle at once).
         */
        public Builder listener(TransferListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * @throws NullPointerException if direction, localRoot or remoteFolder is missing
         * @throws IllegalArgumentException if remoteFolder is not absolute with a trailing {@code /}, a glob is
         *     malformed, or followSymlinks is set for a download
         */
        public SyncRequest build() {
            Objects.requireNonNull(direction, "direction is required: SyncDirection.UPLOAD or DOWNLOAD");
            Objects.requireNonNull(localRoot, "localRoot is required");
            Objects.requireNonNull(remoteFolder, "remoteFolder is required, e.g. \"/runs/run42/\"");
            if (!remoteFolder.startsWith("/") || !remoteFolder.endsWith("/") || remoteFolder.contains("//")) {
                throw new IllegalArgumentException("remoteFolder must be an absolute project folder path that ends with '/', "
                        + "e.g. \"/runs/run42/\" (or \"/\" for the project root); was '" + remoteFolder + "'");
            }
            PathFilter.of(include, exclude); // fail fast on a malformed glob
            if (followSymlinks && direction == SyncDirection.DOWNLOAD) { // its deletes would reach through the links
                throw new IllegalArgumentException("followSymlinks is for upload syncs: a download sync never writes,"
                        + " nor deletes, through a symbolic link, which could lead out of the local folder; the links"
                        + " are left alone without it");
            }
            return new SyncRequest(this);
        }
    }
}
