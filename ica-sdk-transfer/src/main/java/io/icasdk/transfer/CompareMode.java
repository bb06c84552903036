package io.icasdk.transfer;

/**
 * How a sync decides that a file present on both sides must be transferred again.
 *
 * <pre>{@code
 * manager.sync(r -> r.direction(SyncDirection.UPLOAD).localRoot(dir).remoteFolder("/a/")
 *         .compareMode(CompareMode.CHECKSUM));
 * }</pre>
 */
public enum CompareMode {
    /**
     * The default: transfer when the sizes differ or the source is newer. Reads no file content. Files a
     * previous sync moved are recognised by the fingerprint (size and modification time) it remembered, so a
     * second sync right after the first finds nothing to do, and a local file changed since then (even to
     * an older modification time) is sent again.
     */
    SIZE_AND_MTIME,
    /**
     * Transfer when the sizes differ or the content differs: the local MD5 (or S3 multipart ETag) is
     * compared with ICA's {@code objectETag}. Local hashes are cached by path, size and modification time,
     * so repeated runs read only changed files. Where the remote ETag cannot be compared (missing, or a
     * multipart ETag of unknown part size) the file is compared as in {@link #SIZE_AND_MTIME}.
     */
    CHECKSUM,
    /** Transfer only when the sizes differ. Fastest, and blind to same-size edits. */
    SIZE_ONLY
}
