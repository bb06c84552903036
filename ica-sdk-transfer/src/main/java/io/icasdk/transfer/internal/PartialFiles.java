package io.icasdk.transfer.internal;

import io.icasdk.transfer.OverwritePolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
        String tag = tag(key);
        String name = "." + target.getFileName() + "." + tag + SUFFIX;
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            name = shortName(tag);
        }
        return target.resolveSibling(name);
    }

    private static String tag(String key) {
        return Checksums.hex(Checksums.md5().digest(key.getBytes(StandardCharsets.UTF_8))).substring(0, 8);
    }

    private static String shortName(String tag) {
        return ".icasdk-" + tag + SUFFIX;
    }

    /**
     * The temporary files of {@code target} that exist ({@link #beside}, and {@code recorded}, the name a journal
     * kept, when it is one of theirs), whatever the Unicode normalization form that spells their names and their
     * folders below {@code root}. A sync writes beside the local file it paired with the file in ICA, which may
     * spell it in NFD (as macOS writes names) where ICA, and so the journal and {@code target}, have NFC, or the
     * other way round; and some file systems store names in a form of their own. Only regular files whose names,
     * in any form, are the temporary file's (the tag of {@code key} makes them unique to the job and the file)
     * match: never a file that is not one of these.
     *
     * @param root   the folder below which the names may be spelled otherwise (the job's local root)
     * @param target the file downloaded, below {@code root}, spelled as the journal spells it
     */
    public static List<Path> existing(Path root, Path target, String key, String recorded) {
        String tag = tag(key);
        Set<String> names = new LinkedHashSet<>();
        names.add("." + target.getFileName() + "." + tag + SUFFIX);
        names.add(shortName(tag)); // what a name longer in another form than in this one got
        if (recorded != null && isPartial(recorded)) {
            names.add(recorded);
        }
        Set<String> keys = new HashSet<>();
        boolean oneSpelling = true;
        for (String n : names) {
            keys.add(nfc(n));
            oneSpelling &= oneSpelling(n);
        }
        Set<Path> found = new LinkedHashSet<>();
        for (Path dir : spellings(root, target.getParent())) {
            for (String n : names) {
                Path p = dir.resolve(n);
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    found.add(p);
                }
            }
            if (!oneSpelling) {
                for (Path p : list(dir)) {
                    if (keys.contains(nfc(p.getFileName().toString())) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        found.add(p);
                    }
                }
            }
        }
        return new ArrayList<>(found);
    }

    /** The folders that spell {@code dir} below {@code root}, in any Unicode normalization form (as it is first). */
    private static List<Path> spellings(Path root, Path dir) {
        if (dir == null || dir.equals(root) || !dir.startsWith(root)) {
            return dir == null ? List.of() : List.of(dir);
        }
        List<Path> dirs = List.of(root);
        for (Path segment : root.relativize(dir)) {
            String name = segment.toString();
            List<Path> next = new ArrayList<>();
            for (Path d : dirs) {
                next.add(d.resolve(name));
                if (!oneSpelling(name)) {
                    String key = nfc(name);
                    for (Path p : list(d)) {
                        if (!p.getFileName().toString().equals(name) && nfc(p.getFileName().toString()).equals(key)
                                && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                            next.add(p);
                        }
                    }
                }
            }
            dirs = next;
        }
        return dirs;
    }

    /** What a folder holds; nothing when it cannot be read (or is no folder). */
    private static List<Path> list(Path dir) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(entries::add);
        } catch (IOException | DirectoryIteratorException e) {
            // nothing of ours is there to find
        }
        return entries;
    }

    /** ASCII: the same in every normalization form, so spelled one way only. */
    private static boolean oneSpelling(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static String nfc(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFC);
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
