package io.icasdk.transfer.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local files a download job writes, on a file system that folds names: one that ignores case (macOS's and
 * Windows' by default) or Unicode normalization (macOS's) keeps ICA's {@code A.txt} and {@code a.txt}, or a name in
 * NFC and the same in NFD, as one file, and the second download would silently replace the first; a download sync
 * pairs names by their one spelling ({@link #key}). On a file system that keeps every name apart (Linux's) it
 * remembers nothing. Thread-safe.
 */
public final class FoldedNames {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FoldedNames.class);
    private static final FoldedNames NONE = new FoldedNames(false, false);
    private static final String PROBE = ".icasdk-names-";
    /** For tests (no file system here folds names): what every probe answers; null asks the file system. */
    static volatile FoldedNames assumed;

    private final boolean ignoresCase;
    private final boolean ignoresNormalization;
    private final Map<String, String> written = new ConcurrentHashMap<>();

    FoldedNames(boolean ignoresCase, boolean ignoresNormalization) {
        this.ignoresCase = ignoresCase;
        this.ignoresNormalization = ignoresNormalization;
    }

    /**
     * Asks the file system of an existing folder, with a file created and deleted there, whether it tells names apart
     * by case and by Unicode normalization. A folder it cannot write to is taken to tell them apart (the download's
     * own writes then fail, saying why).
     */
    public static FoldedNames probe(Path folder) {
        FoldedNames answer = assumed;
        if (answer != null) {
            return new FoldedNames(answer.ignoresCase, answer.ignoresNormalization);
        }
        String tag = PROBE + UUID.randomUUID() + "-";
        Path probe = folder.resolve(tag + "x\u00e9"); // x and é, é in NFC
        try {
            Files.createFile(probe);
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
        try {
            boolean ignoresCase = Files.exists(folder.resolve(tag + "X\u00e9"), LinkOption.NOFOLLOW_LINKS);
            boolean ignoresNormalization = Files.exists(folder.resolve(tag + "xe\u0301"), LinkOption.NOFOLLOW_LINKS);
            return ignoresCase || ignoresNormalization ? new FoldedNames(ignoresCase, ignoresNormalization) : NONE;
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException | RuntimeException e) { // a virus scanner holding it, say: the answer stands
                LOG.debug("Could not delete the probe file {}: {}", probe, e.toString());
            }
        }
    }

    /** Whether a file name is one of the probe's (left behind when it could not be deleted): not the user's data. */
    public static boolean isProbe(String fileName) {
        return fileName.startsWith(PROBE);
    }

    /** Remembers nothing: for a job that writes no local file. */
    public static FoldedNames none() {
        return NONE;
    }

    /**
     * The one spelling of the names this file system keeps as one file ({@code data/x} for {@code Data/X}); the path
     * itself when it folds nothing. Case is folded one character at a time ({@code ß} stays, as NTFS keeps
     * {@code Straße} and {@code Strasse} apart).
     */
    public String key(String relativePath) {
        String key = relativePath;
        if (ignoresNormalization) {
            key = Normalizer.normalize(key, Normalizer.Form.NFC);
        }
        if (ignoresCase) {
            StringBuilder folded = new StringBuilder(key.length());
            key.codePoints().forEach(c -> folded.appendCodePoint(Character.toLowerCase(Character.toUpperCase(c))));
            key = folded.toString();
        }
        return key;
    }

    /** Whether this file system keeps names that differ only in case as one file. */
    public boolean ignoresCase() {
        return ignoresCase;
    }

    /** Whether this file system keeps some different names as one file. */
    public boolean folds() {
        return ignoresCase || ignoresNormalization;
    }

    /**
     * Why a download may not write a project file that the local folder holds no file of that name for (the sync
     * planner found none) where a file stands all the same, or null: on this file system the file there has another
     * spelling of the name ({@code a.txt} for ICA's {@code A.txt}), and writing would replace it.
     */
    public String otherSpellingThere(Path target) {
        if (!folds() || !Files.exists(target, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        String there;
        try {
            there = target.toRealPath(LinkOption.NOFOLLOW_LINKS).getFileName().toString();
        } catch (IOException e) {
            there = "a file";
        }
        return "Not downloaded: the local folder holds " + there + ", which this file system takes for the same file, as"
                + " it ignores " + what() + " in names, and the download would replace it. Rename one of them, or sync"
                + " into a folder on a file system that tells the names apart";
    }

    private String what() {
        return ignoresCase && ignoresNormalization ? "case and Unicode normalization"
                : ignoresCase ? "case" : "Unicode normalization";
    }

    /**
     * Records that {@code remotePath} is written to the local file at {@code relativePath} (below the job's folder).
     *
     * @return null, or why it must not be: the earlier remote path written to the same local file, in a message
     */
    public String claim(String relativePath, String remotePath) {
        if (!folds()) {
            return null;
        }
        String earlier = written.putIfAbsent(key(relativePath), remotePath);
        if (earlier == null || earlier.equals(remotePath)) {
            return null;
        }
        return "Not downloaded: " + earlier + " is written to the same local file, as this file system ignores "
                + what() + " in names (macOS and Windows do by default), and one would replace the other. Rename one of them in ICA, leave one out with an"
                + " exclude glob, or download into a folder on a file system that tells the names apart";
    }
}
