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
     * In the reason of a dry run's {@link SyncAction#DELETE}: the real run would delete nothing (too many deletions
     * for maxDelete, or an empty source without one), and would fail with {@link SyncDeleteLimitException}.
     */
    public static final String NOT_DELETED_BY_A_REAL_RUN = "a real run would delete nothing";

    /** Whether this is a dry run's delete that the real run would refuse ({@link #NOT_DELETED_BY_A_REAL_RUN}). */
    public boolean refusedByARealRun() {
        return action == SyncAction.DELETE && reason.contains(NOT_DELETED_BY_A_REAL_RUN);
    }

    /**
     * @throws NullPointerException if any component is null
     */
    public SyncItem {
        Objects.requireNonNull(relativePath, "relativePath");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
    }
}
