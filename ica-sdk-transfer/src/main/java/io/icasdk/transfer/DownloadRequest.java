package io.icasdk.transfer;

import io.icasdk.core.model.DataId;
import io.icasdk.core.model.ProjectId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What to download and where: a project file or folder (by path or data id) to a local path.
 *
 * <pre>{@code
 * DownloadRequest r = DownloadRequest.builder()
 *     .remotePath("/runs/run42/")      // a folder: its contents land in target
 *     .target(Path.of("run42"))
 *     .include("*.bam")
 *     .build();
 * }</pre>
 *
 * <p>A folder's contents land in {@code target} (created when missing), keeping their relative paths;
 * a file lands in {@code target} when that is an existing folder, else at {@code target} itself.
 * Immutable and thread-safe.
 */
public final class DownloadRequest {
    private final ProjectId projectId;
    private final String remotePath;
    private final DataId dataId;
    private final Path target;
    private final OverwritePolicy overwrite;
    private final List<String> include;
    private final List<String> exclude;
    private final TransferListener listener;
    private final boolean presignedUrls;

    private DownloadRequest(Builder b) {
        if ((b.remotePath == null) == (b.dataId == null)) {
            throw new IllegalArgumentException("Give exactly one of remotePath (\"/a/b/\" or \"/a/x.txt\") and dataId");
        }
        if (b.remotePath != null && !b.remotePath.startsWith("/")) {
            throw new IllegalArgumentException("remotePath '" + b.remotePath + "' must be absolute, e.g. /runs/r1/");
        }
        this.projectId = b.projectId;
        this.remotePath = b.remotePath;
        this.dataId = b.dataId;
        this.target = Objects.requireNonNull(b.target, "target is required: the local file or folder to write");
        this.overwrite = Objects.requireNonNull(b.overwrite, "overwrite");
        this.include = List.copyOf(b.include);
        this.exclude = List.copyOf(b.exclude);
        this.listener = b.listener;
        this.presignedUrls = b.presignedUrls;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The project, or null for the client's default project. */
    public ProjectId projectId() {
        return projectId;
    }

    /** The remote path, or null when a data id was given. */
    public String remotePath() {
        return remotePath;
    }

    /** The data id, or null when a path was given. */
    public DataId dataId() {
        return dataId;
    }

    /** The local target. */
    public Path target() {
        return target;
    }

    /** What to do with local files that exist. */
    public OverwritePolicy overwrite() {
        return overwrite;
    }

    /** Include globs (empty = everything). */
    public List<String> include() {
        return include;
    }

    /** Exclude globs. */
    public List<String> exclude() {
        return exclude;
    }

    /** The listener of this transfer, or null. */
    public TransferListener listener() {
        return listener;
    }

    /** Whether bytes move through ICA's presigned URLs instead of temporary S3 credentials. */
    public boolean presignedUrls() {
        return presignedUrls;
    }

    @Override
    public String toString() {
        return "DownloadRequest[projectId=" + projectId + ", remotePath=" + remotePath + ", dataId=" + dataId
                + ", target=" + target + ", overwrite=" + overwrite + ", include=" + include + ", exclude=" + exclude
                + "]";
    }

    /** Builds a {@link DownloadRequest}. Not thread-safe. */
    public static final class Builder {
        private ProjectId projectId;
        private String remotePath;
        private DataId dataId;
        private Path target;
        private OverwritePolicy overwrite = OverwritePolicy.FAIL;
        private final List<String> include = new ArrayList<>();
        private final List<String> exclude = new ArrayList<>();
        private TransferListener listener;
        private boolean presignedUrls;

        private Builder() {}

        /** The project (default: the client's default project). */
        public Builder projectId(ProjectId projectId) {
            this.projectId = projectId;
            return this;
        }

        /** The project (default: the client's default project). */
        public Builder projectId(String projectId) {
            this.projectId = projectId == null ? null : ProjectId.of(projectId);
            return this;
        }

        /** A remote folder ({@code /a/b/}) or file ({@code /a/x.txt}); {@code /} is the whole project. */
        public Builder remotePath(String remotePath) {
            this.remotePath = remotePath;
            return this;
        }

        /** A remote file or folder by id (instead of a path). */
        public Builder dataId(DataId dataId) {
            this.dataId = dataId;
            return this;
        }

        /** The local file or folder to write (required). */
        public Builder target(Path target) {
            this.target = target;
            return this;
        }

        /** What to do with local files that exist (default {@link OverwritePolicy#FAIL}). */
        public Builder overwrite(OverwritePolicy overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        /** Only files matching one of these globs (paths relative to the remote folder). Adds to earlier calls. */
        public Builder include(String... globs) {
            include.addAll(Arrays.asList(globs));
            return this;
        }

        /** Leaves out files (and folders) matching one of these globs. Adds to earlier calls. */
        public Builder exclude(String... globs) {
            exclude.addAll(Arrays.asList(globs));
            return this;
        }

        /** A listener for this transfer only (in addition to the manager's). */
        public Builder listener(TransferListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * Moves bytes through ICA's presigned URLs (one GET per file, URLs minted in batches of 50) instead
         * of temporary S3 credentials (default false). For small files, or where S3 credentials are not
         * wanted. Resumes whole files only; no ranged parallelism.
         */
        public Builder presignedUrls(boolean presignedUrls) {
            this.presignedUrls = presignedUrls;
            return this;
        }

        /**
         * @throws IllegalArgumentException unless exactly one of remotePath and dataId is given, or for a
         *                                  relative path
         * @throws NullPointerException     without a target
         */
        public DownloadRequest build() {
            return new DownloadRequest(this);
        }
    }
}
