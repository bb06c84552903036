package io.icasdk.transfer;

/**
 * Which side of a sync is the source.
 *
 * <pre>{@code
 * manager.sync(r -> r.direction(SyncDirection.UPLOAD).localRoot(Path.of("run1")).remoteFolder("/runs/run1/"));
 * }</pre>
 */
public enum SyncDirection {
    /** The local folder is the source; the project folder is made to match it. */
    UPLOAD,
    /** The project folder is the source; the local folder is made to match it. */
    DOWNLOAD
}
