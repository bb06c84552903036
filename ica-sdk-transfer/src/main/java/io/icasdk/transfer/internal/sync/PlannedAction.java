package io.icasdk.transfer.internal.sync;

import io.icasdk.transfer.SyncItem;

/**
 * One planned step with what executing it needs.
 *
 * @param item what the user sees
 * @param kind how the executor treats it
 * @param local the local side, or null
 * @param remote the remote side, or null
 */
record PlannedAction(SyncItem item, Kind kind, LocalEntry local, RemoteEntry remote) {
    enum Kind {
        /** Transfer a file (item action UPLOAD / DOWNLOAD). */
        TRANSFER,
        /** Create a folder on the destination (item action UPLOAD / DOWNLOAD). */
        CREATE_FOLDER,
        /** Delete on the destination once everything else succeeded. */
        DELETE,
        /** Present on both sides and equal. */
        UNCHANGED,
        /** Left alone for another reason (symlink, only on the destination, not AVAILABLE ...). */
        SKIPPED,
        /** Could not be read or would be unsafe (item action FAIL): counts as a failure and blocks deletes. */
        ERROR
    }
}
