package io.icasdk.transfer.internal.sync;

/**
 * A project file or folder under the synced remote folder.
 *
 * @param relativePath the matching key: {@code /}-separated below the remote folder, Unicode NFC, folders
 *     end with {@code /}
 * @param rawRelativePath the path as ICA spells it (the same instance when already NFC)
 * @param dataId ICA data id ({@code fil.…} / {@code fol.…})
 * @param sizeInBytes file size, 0 for folders
 * @param timeModifiedMillis ICA {@code timeModified} in epoch milliseconds
 * @param objectETag ICA {@code objectETag} without quotes, or null
 * @param status ICA status name (AVAILABLE, PARTIAL, ARCHIVED, ...)
 */
record RemoteEntry(String relativePath, String rawRelativePath, String dataId, long sizeInBytes,
                   long timeModifiedMillis, String objectETag, String status) {
    boolean isFolder() {
        return relativePath.endsWith("/");
    }

    boolean isAvailable() {
        return "AVAILABLE".equals(status);
    }

    /** Deleted, and still listed while ICA deletes it (ICA's delete is scheduled, not immediate). */
    boolean isDeleting() {
        return "DELETING".equals(status);
    }
}
