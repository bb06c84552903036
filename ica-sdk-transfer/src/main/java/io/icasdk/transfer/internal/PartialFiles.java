package io.icasdk.transfer.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The temporary files downloads write beside their targets ({@code .<name>.<tag>.icapart}) until they are
 * complete and renamed: hidden, unique per job and file, kept after an interruption for the rerun to
 * resume. Uploads and syncs leave them out of the local folders they walk: they are not the user's data.
 */
public final class PartialFiles {
    private static final String SUFFIX = ".icapart";
    /** Longest temporary name in bytes: most file systems allow 255. */
    private static final int MAX_NAME_BYTES = 250;

    /** Why a walk leaves one out. */
    public static final String SKIP_REASON =
            "unfinished download (ica-sdk's temporary file): run that download again to finish it, or delete it";

    private PartialFiles() {}

    /**
     * The temporary file of {@code target}, named after it and a tag of {@code key} (what makes it unique:
     * the job and the file), or after the tag alone where the target's name is too long to extend.
     */
    public static Path beside(Path target, String key) {
        String tag = Checksums.hex(Checksums.md5().digest(key.getBytes(StandardCharsets.UTF_8))).substring(0, 8);
        String name = "." + target.getFileName() + "." + tag + SUFFIX;
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            name = ".icasdk-" + tag + SUFFIX;
        }
        return target.resolveSibling(name);
    }

    /** Whether a file name is one of these temporary files. */
    public static boolean isPartial(String fileName) {
        return fileName.endsWith(SUFFIX) && fileName.startsWith(".");
    }
}
