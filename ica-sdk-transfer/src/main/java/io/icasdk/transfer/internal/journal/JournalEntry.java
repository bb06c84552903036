package io.icasdk.transfer.internal.journal;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the journal knows about one file (a snapshot; later appends do not change it).
 *
 * @param path          the file's path relative to the job root, {@code /}-separated
 * @param fingerprint   the source fingerprint recorded when the file was started (opaque to the journal)
 * @param done          whether the file finished
 * @param uploadId      multipart upload id, or null
 * @param partSize      part (or range) size in bytes, or 0
 * @param etag          the pinned remote ETag of a download, or null
 * @param tempFileName  the temporary file of a download, or null
 * @param dataId        the ICA data id created for the file (file-scoped uploads), or null
 * @param placement     what a finished download was about to put in place of its target, journaled just before,
 *                      or null (none since the download's last start)
 * @param parts         finished parts by number
 * @param unforcedParts the numbers of finished download ranges whose bytes may not have reached the disk
 *                      (journaled before their force): a resume checks them against their digest first
 */
public record JournalEntry(String path, String fingerprint, boolean done, String uploadId, long partSize,
                           String etag, String tempFileName, String dataId, Placement placement,
                           Map<Integer, PartRecord> parts, Set<Integer> unforcedParts) {

    public JournalEntry {
        parts = Collections.unmodifiableMap(new TreeMap<>(parts));
        unforcedParts = Collections.unmodifiableSet(new TreeSet<>(unforcedParts));
    }

    /**
     * A finished download's file as it was about to be put in place of its target (renamed, or linked, onto it),
     * journaled before that step.
     *
     * @param targetName the target's file name
     * @param size       the file's size in bytes
     * @param modified   its modification time, as {@link java.time.Instant#toString}
     * @param fileKey    what identifies it on its file system (device and inode), or null where none is known
     */
    public record Placement(String targetName, long size, String modified, String fileKey) {}

    /** Sum of the finished parts' lengths. */
    public long bytesInFinishedParts() {
        long sum = 0;
        for (PartRecord p : parts.values()) {
            sum += p.length();
        }
        return sum;
    }

    /** Whether an upload or download of this file was started with the given fingerprint. */
    public boolean matches(String currentFingerprint) {
        return fingerprint != null && fingerprint.equals(currentFingerprint);
    }
}
