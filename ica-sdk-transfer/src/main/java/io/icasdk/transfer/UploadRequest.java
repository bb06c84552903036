package io.icasdk.transfer;

import io.icasdk.core.model.ProjectId;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What to upload and where: a local file or folder into a project folder.
 *
 * <pre>{@code
 * UploadRequest r = UploadRequest.builder()
 *     .source(Path.of("run42"))            // a folder: its contents land in remoteFolder
 *     .remoteFolder("/runs/run42/")        // created when missing
 *     .exclude("*.tmp")
 *     .overwrite(OverwritePolicy.SKIP_EXISTING)
 *     .build();
 * }</pre>
 *
 * <p>A folder's contents (not the folder itself) land in {@code remoteFolder}, keeping their relative
 * paths; a single file lands as {@code remoteFolder + name}, its name its own unless {@link
 * Builder#remoteName} gives another.
 *
 * <p>The source may also be a stream of unknown length ({@link Builder#sourceStream}), e.g. another
 * program's output: it is read to its end and uploaded as the file {@code remoteFolder + remoteName}.
 * A stream cannot be read twice, so such an upload has no journal and does not resume: a failed or
 * cancelled one leaves nothing in the project (its multipart upload is aborted) and must be run again
 * from the start.
 *
 * <pre>{@code
 * tm.upload(r -> r.sourceStream(process.getInputStream()).remoteFolder("/runs/r1/").remoteName("out.bam"))
 *     .join();
 * }</pre>
 *
 * <p>Immutable and thread-safe (a stream source is read by the upload alone).
 */
public final class UploadRequest {
    private final Path source;
    private final InputStream sourceStream;
    private final ProjectId projectId;
    private final String remoteFolder;
    private final String remoteName;
    private final OverwritePolicy overwrite;
    private final List<String> include;
    private final List<String> exclude;
    private final boolean waitUntilAvailable;
    private final TransferListener listener;
    private final boolean presignedUrls;

    private UploadRequest(Builder b) {
        if ((b.source == null) == (b.sourceStream == null)) {
            throw b.source == null ? new NullPointerException("source is required: the local file or folder to upload")
                    : new IllegalArgumentException("give either a source path or a source stream, not both");
        }
        this.source = b.source;
        this.sourceStream = b.sourceStream;
        this.projectId = b.projectId;
        this.remoteFolder = normalizeFolder(b.remoteFolder);
        this.remoteName = b.remoteName == null ? null : checkName(b.remoteName);
        if (sourceStream != null) {
            if (remoteName == null) {
                throw new IllegalArgumentException("a source stream has no name: give the file's name in remoteName,"
                        + " e.g. out.bam");
            }
            if (b.presignedUrls) {
                throw new IllegalArgumentException("a source stream cannot go through a presigned URL, which needs"
                        + " the size up front; leave presignedUrls off");
            }
            if (!b.include.isEmpty() || !b.exclude.isEmpty()) {
                throw new IllegalArgumentException("include and exclude globs choose files of a folder; a source"
                        + " stream is one file");
            }
        }
        this.overwrite = Objects.requireNonNull(b.overwrite, "overwrite");
        this.include = List.copyOf(b.include);
        this.exclude = List.copyOf(b.exclude);
        this.waitUntilAvailable = b.waitUntilAvailable;
        this.listener = b.listener;
        this.presignedUrls = b.presignedUrls;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The local file or folder, or null when the source is a stream. */
    public Path source() {
        return source;
    }

    /** The stream to upload, or null when the source is a local path. */
    public InputStream sourceStream() {
        return sourceStream;
    }

    /** The project, or null for the client's default project. */
    public ProjectId projectId() {
        return projectId;
    }

    /** The remote folder, starting and ending with {@code /} ({@code /} = the project root). */
    public String remoteFolder() {
        return remoteFolder;
    }

    /** The name a single file gets in the remote folder, or null for its own name. */
    public String remoteName() {
        return remoteName;
    }

    /** What to do with files that exist remotely. */
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

    /** Whether to wait until ICA marks every uploaded file AVAILABLE. */
    public boolean waitUntilAvailable() {
        return waitUntilAvailable;
    }

    /** The listener of this transfer, or null. */
    public TransferListener listener() {
        return listener;
    }

    /** Whether bytes move through ICA's presigned URLs instead of temporary S3 credentials. */
    public boolean presignedUrls() {
        return presignedUrls;
    }

    static String normalizeFolder(String folder) {
        if (folder == null) {
            return "/";
        }
        if (!folder.startsWith("/")) { // as DownloadRequest and SyncRequest: "runs/r1" is not quietly /runs/r1/
            throw new IllegalArgumentException("remoteFolder '" + folder + "' must be absolute, e.g. /runs/r1/");
        }
        String f = folder;
        if (!f.endsWith("/")) {
            f = f + "/";
        }
        if (f.contains("//") || f.contains("/../") || f.contains("/./")) {
            throw new IllegalArgumentException("remote folder '" + folder + "' must be a plain absolute path such as"
                    + " /runs/r1/ (no empty, '.' or '..' segments)");
        }
        return f;
    }

    private static String checkName(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\0")) {
            throw new IllegalArgumentException("remote name '" + name + "' must be a file name, without '/',"
                    + " such as sample1.fastq.gz; the folder goes in remoteFolder");
        }
        return name;
    }

    @Override
    public String toString() {
        return "UploadRequest[source=" + (source != null ? source : "<stream>") + ", projectId=" + projectId
                + ", remoteFolder=" + remoteFolder
                + (remoteName == null ? "" : ", remoteName=" + remoteName)
                + ", overwrite=" + overwrite + ", include=" + include + ", exclude=" + exclude
                + ", waitUntilAvailable=" + waitUntilAvailable + "]";
    }

    /** Builds an {@link UploadRequest}. Not thread-safe. */
    public static final class Builder {
        private Path source;
        private InputStream sourceStream;
        private ProjectId projectId;
        private String remoteFolder = "/";
        private String remoteName;
        private OverwritePolicy overwrite = OverwritePolicy.FAIL;
        private final List<String> include = new ArrayList<>();
        private final List<String> exclude = new ArrayList<>();
        private boolean waitUntilAvailable;
        private TransferListener listener;
        private boolean presignedUrls;

        private Builder() {}

        /** The local file or folder (required, unless the source is a stream). */
        public Builder source(Path source) {
            this.source = source;
            return this;
        }

        /**
         * A stream to upload instead of a local path, read to its end (it is not closed); {@link #remoteName}
         * names the file. Its end is the file's end: a producer that dies midway leaves a shorter file, which
         * only the producer's own exit status reveals (in a shell, {@code set -o pipefail}).
         *
         * <p>Its parts are held in memory until S3 took them (so a failed request is sent again from memory),
         * in direct buffers, off the Java heap: up to {@code maxRequestsInFlight} parts plus the one being
         * read, 72 MiB with the default 8 parts of 8 MiB (direct memory, which the JVM bounds by
         * {@code -XX:MaxDirectMemorySize}, by default the maximum heap size). The part size grows with the stream (doubling every 1,000 parts, up to 1 GiB), so
         * that a stream of up to about 4 TiB fits in S3's 10,000 parts; past 8 GiB the parts in flight are
         * fewer, as the same memory holds fewer of them.
         */
        public Builder sourceStream(InputStream sourceStream) {
            this.sourceStream = sourceStream;
            return this;
        }

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

        /**
         * The remote folder, absolute, e.g. {@code /runs/r1/} (a missing trailing {@code /} is added; default
         * {@code /}, the project root). A relative one ({@code runs/r1}) fails in {@link #build()}.
         */
        public Builder remoteFolder(String remoteFolder) {
            this.remoteFolder = remoteFolder;
            return this;
        }

        /**
         * The name the file gets in the remote folder when the source is a single file (default: its own
         * name), like {@code cp a.txt runs/b.txt}. A folder upload with a remote name fails.
         */
        public Builder remoteName(String remoteName) {
            this.remoteName = remoteName;
            return this;
        }

        /** What to do with files that exist remotely (default {@link OverwritePolicy#FAIL}). */
        public Builder overwrite(OverwritePolicy overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        /** Only files matching one of these globs (relative paths; {@code *.bam}, {@code reads/**}). Adds to earlier calls. */
        public Builder include(String... globs) {
            include.addAll(Arrays.asList(globs));
            return this;
        }

        /** Leaves out files (and folders) matching one of these globs. Adds to earlier calls. */
        public Builder exclude(String... globs) {
            exclude.addAll(Arrays.asList(globs));
            return this;
        }

        /** Waits until ICA marks every uploaded file AVAILABLE before completing (default false). */
        public Builder waitUntilAvailable(boolean wait) {
            this.waitUntilAvailable = wait;
            return this;
        }

        /** A listener for this transfer only (in addition to the manager's). */
        public Builder listener(TransferListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * Moves bytes through ICA's presigned URLs (one PUT per file, URLs minted with the file record) instead
         * of temporary S3 credentials (default false). For small files, or where S3 credentials are not
         * wanted. Resumes whole files only; files above 5 GiB fail.
         */
        public Builder presignedUrls(boolean presignedUrls) {
            this.presignedUrls = presignedUrls;
            return this;
        }

        /**
         * @throws NullPointerException     without a source
         * @throws IllegalArgumentException for a remote folder that is relative or has empty, '.' or '..'
         *                                  segments, a malformed remote name, two sources, or a source
         *                                  stream without a remote name
         */
        public UploadRequest build() {
            return new UploadRequest(this);
        }
    }
}
