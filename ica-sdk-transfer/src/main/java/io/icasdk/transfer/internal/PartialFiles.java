package io.icasdk.transfer.internal;

import io.icasdk.transfer.OverwritePolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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

    /**
     * Puts a finished temporary file in place of its target. OVERWRITE renames it over whatever is there;
     * otherwise a file that appeared at the target meanwhile is left untouched: a hard link never replaces a
     * file, so there is no check-then-rename race (where hard links are not supported, a check, then a rename).
     *
     * @return false when a file was there and the temporary file was left where it is
     */
    public static boolean putInPlace(Path temp, Path target, OverwritePolicy policy) throws IOException {
        if (policy == OverwritePolicy.OVERWRITE) {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        }
        try {
            Files.createLink(target, temp);
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
        Files.delete(temp);
        return true;
    }
}
