package io.icasdk.transfer.internal;

import io.icasdk.transfer.PathTraversalException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Keeps downloads inside their target folder whatever the remote names say. Stateless. */
public final class PathSafety {
    private PathSafety() {}

    /**
     * Resolves a remote relative path ({@code /}-separated) inside {@code root}.
     *
     * @throws PathTraversalException when {@link #unsafeReason} names a reason, for any name the file system
     *                                cannot hold, or when the result would lie outside {@code root}
     */
    public static Path resolveInside(Path root, String relative) {
        Path base = root.toAbsolutePath().normalize();
        String unsafe = unsafeReason(relative, base.getFileSystem().getSeparator());
        if (unsafe != null) {
            throw refused(relative, base, unsafe);
        }
        Path resolved;
        try {
            resolved = base.resolve(relative).normalize();
        } catch (InvalidPathException e) {
            throw refused(relative, base, "the local file system cannot hold the name");
        }
        if (!resolved.startsWith(base) || resolved.equals(base)) {
            throw refused(relative, base, "it resolves outside the target");
        }
        return resolved;
    }

    /**
     * Checks that the existing part of {@code target}'s parent chain does not leave {@code root}
     * through a symbolic link. Call before creating the parent folders and again before writing.
     *
     * @throws PathTraversalException when a link leads out of the target folder
     * @throws IOException            when the file system cannot be read
     */
    public static void checkNoEscapeThroughLinks(Path root, Path target) throws IOException {
        Path realRoot = root.toAbsolutePath().normalize().toRealPath();
        Path parent = target.getParent();
        while (parent != null && !Files.exists(parent)) {
            if (Files.isSymbolicLink(parent)) {
                throw new PathTraversalException("Refused to write " + target + ": " + parent
                        + " is a dangling symbolic link. Nothing was written; remove the link.");
            }
            parent = parent.getParent();
        }
        if (parent == null) {
            return;
        }
        Path realParent = parent.toRealPath();
        if (!realParent.startsWith(realRoot)) {
            throw new PathTraversalException("Refused to write " + target + ": a symbolic link in its folder leads"
                    + " outside the target folder " + realRoot + ". Nothing was written; remove the link.");
        }
        refuseLink(target);
    }

    /**
     * Refuses a {@code target} that is a symbolic link (a download never writes through one).
     *
     * @throws PathTraversalException when it is one
     */
    static void refuseLink(Path target) {
        if (Files.isSymbolicLink(target)) {
            throw new PathTraversalException("Refused to write " + target + ": it is a symbolic link."
                    + " Nothing was written; remove the link.");
        }
    }

    /**
     * Why a remote relative path ({@code /}-separated) cannot be created below a local folder, or null when
     * it can: it is empty or absolute, or holds an empty, {@code .} or {@code ..} segment or a NUL; and where
     * the file system also separates names with a backslash (Windows), a backslash or a drive letter. Elsewhere
     * those are ordinary characters of a name (a file called {@code a\b.txt} or {@code C:x} is one file in its
     * folder, as aws-cli and rclone write it, and as ica-sdk uploads it).
     *
     * @param separator the local file system's name separator ({@code FileSystem.getSeparator()})
     */
    public static String unsafeReason(String relative, String separator) {
        if (relative == null || relative.isEmpty()) {
            return "it is empty";
        }
        if (relative.startsWith("/") || relative.indexOf('\0') >= 0) {
            return "it is absolute or holds a NUL";
        }
        if (!"/".equals(separator)
                && (relative.indexOf('\\') >= 0 || relative.length() > 1 && relative.charAt(1) == ':')) {
            return "it holds a backslash or a drive letter, which this file system reads as a path";
        }
        for (String segment : relative.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "it holds an empty, '.' or '..' segment";
            }
        }
        return null;
    }

    private static PathTraversalException refused(String name, Path root, String why) {
        return new PathTraversalException("Refused remote name '" + name + "': " + why
                + ", so it would not stay inside the target folder " + root + ". Nothing was written for it;"
                + " rename it in ICA, or leave it out with an exclude glob");
    }
}
