package io.icasdk.transfer.internal.sync;

/**
 * A local file or folder seen by the walk.
 *
 * @param relativePath the matching key: {@code /}-separated, Unicode NFC, folders end with {@code /}
 * @param rawRelativePath the path as the file system spells it (the same instance when already NFC)
 * @param sizeInBytes file size, 0 for folders
 * @param mtimeMillis last modification time in epoch milliseconds
 * @param emptyFolder for folders: it holds nothing at all
 */
record LocalEntry(String relativePath, String rawRelativePath, long sizeInBytes, long mtimeMillis, boolean emptyFolder) {
    boolean isFolder() {
        return relativePath.endsWith("/");
    }
}
