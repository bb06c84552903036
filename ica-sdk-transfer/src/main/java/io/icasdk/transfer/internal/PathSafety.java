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
     * @throws PathTraversalException for an absolute path, a {@code ..} or {@code .} segment, an empty
     *                                segment, a backslash or drive letter, a NUL, or any name the file system
     *                                cannot hold, or when the result would lie outside {@code root}
     */
    public static Path resolveInside(Path root, String relative) {
        Path base = root.toAbsolutePath().normalize();
        if (relative == null || relative.isEmpty()) {
            throw refused(relative, base, "it is empty");
        }
        if (relative.startsWith("/") || relative.indexOf('\\') >= 0 || relative.indexOf('\0') >= 0
                || (relative.length() > 1 && relative.charAt(1) == ':')) {
            throw refused(relative, base, "it is absolute or holds a backslash, drive letter or NUL");
        }
        for (String segment : relative.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw refused(relative, base, "it holds an empty, '.' or '..' segment");
            }
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

    private static PathTraversalException refused(String name, Path root, String why) {
        return new PathTraversalException("Refused remote name '" + name + "': " + why
                + ", so it would not stay inside the target folder " + root + ". Nothing was written for it.");
    }
}
