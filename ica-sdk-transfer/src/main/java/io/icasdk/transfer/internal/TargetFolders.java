package io.icasdk.transfer.internal;

import io.icasdk.transfer.PathTraversalException;
import io.icasdk.transfer.internal.s3.LocalIoException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local folders one download job writes into, each checked and created once rather than once per file:
 * that no symbolic link leads out of the target folder ({@link PathSafety}), then created. The full check
 * resolves the real path of the target folder and of the file's folder (glibc's realpath: a readlink per
 * path element), twice per file and again before the rename; 2,000 files in 20 folders cost about 0.2 s
 * of CPU in {@code bin/ica}'s JVM, 27 failing readlink calls per file among them. A checked folder is
 * trusted for the rest of the job: links come from the local tree (remote names cannot make one), and
 * every file is still refused when it is itself a link. Thread-safe.
 */
final class TargetFolders {
    private final Set<Path> checked = ConcurrentHashMap.newKeySet();

    /**
     * Makes the folder of {@code target} (inside {@code root}) ready to hold it.
     *
     * @throws PathTraversalException when a link leads out of {@code root} or {@code target} is a link
     * @throws IOException            when the folder cannot be read or created
     */
    void prepare(Path root, Path target) throws IOException {
        Path folder = target.getParent();
        if (checked.contains(folder)) {
            PathSafety.refuseLink(target);
            return;
        }
        PathSafety.checkNoEscapeThroughLinks(root, target);
        createFolder(folder);
        PathSafety.checkNoEscapeThroughLinks(root, target);
        checked.add(folder);
    }

    /**
     * Creates a folder and its missing parents.
     *
     * @throws LocalIoException when a local file has the name of the folder or of a parent (it is named)
     * @throws IOException      when the folder cannot be created for another reason
     */
    static void createFolder(Path folder) throws IOException {
        try {
            Files.createDirectories(folder);
        } catch (FileSystemException e) { // "File exists" or "Not a directory"
            for (Path p = folder; p != null; p = p.getParent()) {
                if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(p)) {
                    throw new LocalIoException("Cannot create the folder " + folder + ": " + p + " is a local file;"
                            + " move or rename it", e);
                }
            }
            throw e;
        }
    }

    /**
     * Checks {@code target} again just before the finished file is moved to it.
     *
     * @throws PathTraversalException when a link leads out of {@code root} or {@code target} is a link
     * @throws IOException            when the folder cannot be read
     */
    void checkBeforeMove(Path root, Path target) throws IOException {
        if (checked.contains(target.getParent())) {
            PathSafety.refuseLink(target);
        } else {
            PathSafety.checkNoEscapeThroughLinks(root, target);
        }
    }
}
