package io.icasdk.transfer;

import java.util.Objects;

/**
 * One planned (or performed) step of a sync: a path relative to the synced folders, what is done with it,
 * and why.
 *
 * <p>Paths use {@code /} as separator on every platform and folders end with {@code /}, e.g.
 * {@code "reads/s1.fastq.gz"} or {@code "empty/"}. Immutable and thread-safe.
 *
 * <pre>{@code
 * for (SyncItem item : result.plan()) {
 *     System.out.println(item.action() + " " + item.relativePath() + " (" + item.reason() + ")");
 * }
 * }</pre>
 *
 * @param relativePath path below the local root and the remote folder, {@code /}-separated
 * @param action what is done with it
 * @param reason why, in words meant for people (e.g. {@code "size differs (local 10 B, remote 12 B)"})
 */
public record SyncItem(String relativePath, SyncAction action, String reason) {
    /**
     * @throws NullPointerException if any component is null
     */
    public SyncItem {
        Objects.requireNonNull(relativePath, "relativePath");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
    }
}
