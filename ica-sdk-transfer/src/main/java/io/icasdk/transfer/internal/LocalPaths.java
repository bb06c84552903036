package io.icasdk.transfer.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Local paths made absolute as the file system reads them. */
public final class LocalPaths {
    private LocalPaths() {}

    /**
     * What went wrong with a local path, in words: the JDK's message of a refused permission, or of a missing file,
     * is the path alone.
     */
    public static String problem(IOException e) {
        if (e instanceof AccessDeniedException denied) {
            return (denied.getFile() != null ? denied.getFile() : denied.getMessage())
                    + ": permission denied; check the permissions of the file and of its folders";
        }
        if (e instanceof NoSuchFileException missing) {
            return (missing.getFile() != null ? missing.getFile() : missing.getMessage()) + ": no such file or folder";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    /**
     * The absolute form of a path with its {@code .} and {@code ..} taken out as the file system takes them: a
     * {@code ..} after a symbolic link leads to the parent of the link's target. {@link Path#normalize} drops the
     * link and its {@code ..} as text, so {@code link/../x} would name another file than {@code ls} shows.
     */
    public static Path absolute(Path path) {
        Path abs = path.toAbsolutePath();
        Path out = abs.getRoot();
        for (Path name : abs) {
            String n = name.toString();
            if (n.equals("..")) {
                out = parent(out);
            } else if (!n.equals(".")) {
                out = out.resolve(name);
            }
        }
        return out;
    }

    /** The folder that {@code path/..} names: the parent of where the path really leads, when it exists. */
    private static Path parent(Path path) {
        Path real = path;
        if (Files.exists(path)) {
            try {
                real = path.toRealPath();
            } catch (IOException e) {
                real = path; // unreadable on the way: as written
            }
        }
        return real.getParent() == null ? real : real.getParent();
    }
}
