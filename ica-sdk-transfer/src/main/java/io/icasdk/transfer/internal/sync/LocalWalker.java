package io.icasdk.transfer.internal.sync;

import io.icasdk.transfer.internal.FoldedNames;
import io.icasdk.transfer.internal.LocalNames;
import io.icasdk.transfer.internal.PartialFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Walks a local tree depth first, one folder listing in memory at a time, in name order (so plans are
 * reproducible). Symbolic links are skipped or followed; a followed link that leads back into one of its
 * own ancestor folders (a loop) is reported and not entered. Not thread-safe; one walk per instance.
 */
final class LocalWalker {
    /** Receives what the walk finds, on the walking thread. */
    interface Visitor {
        void file(LocalEntry file);

        /** A folder below the root (only when folders are reported). */
        void folder(LocalEntry folder);

        /** A path the filters leave out, passed over without a word. */
        void filteredOut(String relativePath);

        /** A path deliberately left out (symlink, special file), with the reason. */
        void skipped(String relativePath, String reason);

        /** A path that could not be read; the sync must then not delete anything. */
        void failed(String relativePath, String reason);
    }

    private final Path root;
    private final PathFilter filter;
    private final boolean followSymlinks;
    private final boolean reportFolders;
    private final String linkSkipped;

    /** @param linkSkipped why a symbolic link not followed is left alone (the skip's reason) */
    LocalWalker(Path root, PathFilter filter, boolean followSymlinks, boolean reportFolders, String linkSkipped) {
        this.root = root;
        this.filter = filter;
        this.followSymlinks = followSymlinks;
        this.reportFolders = reportFolders;
        this.linkSkipped = linkSkipped;
    }

    /** A folder still to list, with the real paths of the folders above it (for loop detection). */
    private record Pending(Path dir, String rawPrefix, Ancestor ancestors) {
    }

    private record Ancestor(Path realPath, Ancestor parent) {
        boolean contains(Path p) {
            for (Ancestor a = this; a != null; a = a.parent) {
                if (a.realPath.equals(p)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Walks the tree.
     *
     * @param cancelled polled between folders; the walk stops early when it turns true
     * @throws IOException when the root itself cannot be read
     */
    void walk(Visitor visitor, BooleanSupplier cancelled) throws IOException {
        Deque<Pending> stack = new ArrayDeque<>();
        stack.push(new Pending(root, "", followSymlinks ? new Ancestor(root.toRealPath(), null) : null));
        boolean first = true;
        while (!stack.isEmpty() && !cancelled.getAsBoolean()) {
            Pending current = stack.pop();
            List<Child> children;
            try {
                children = list(current.dir);
            } catch (IOException e) {
                if (first) {
                    throw e;
                }
                visitor.failed(Names.key(current.rawPrefix), "cannot read folder: " + describe(e));
                continue;
            }
            first = false;
            if (reportFolders && !current.rawPrefix.isEmpty()) {
                visitor.folder(new LocalEntry(Names.key(current.rawPrefix), current.rawPrefix, 0, 0, children.isEmpty()));
            }
            List<Pending> subfolders = new ArrayList<>();
            for (Child child : children) {
                visit(child.path(), current.rawPrefix + child.name(), current, visitor, subfolders);
            }
            for (int i = subfolders.size() - 1; i >= 0; i--) {
                stack.push(subfolders.get(i));
            }
        }
    }

    /**
     * Whether the filters leave out a path the walk does not enter (a link not followed, an undecodable name)
     * as what it is: a file the include and exclude patterns do not take, or a folder they exclude. Any other
     * such path is reported skipped, and so shields its project counterpart and everything below it: a link
     * to a folder named {@code data} under {@code --include *.bam} may hold the project's {@code data/x.bam}.
     */
    private boolean isLeftOutByTheFilter(Path child, String key) {
        return Files.isDirectory(child) ? !filter.acceptsDirectory(key) : !filter.acceptsFile(key);
    }

    private void visit(Path child, String raw, Pending parent, Visitor visitor, List<Pending> subfolders) {
        String key = Names.key(raw);
        String undecodable = LocalNames.undecodable(raw);
        if (undecodable != null) {
            if (!isLeftOutByTheFilter(child, key)) {
                visitor.skipped(key, undecodable);
            } else {
                visitor.filteredOut(key);
            }
            return;
        }
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attrs.isSymbolicLink()) {
                if (!followSymlinks) {
                    if (!isLeftOutByTheFilter(child, key)) {
                        visitor.skipped(key, linkSkipped);
                    } else {
                        visitor.filteredOut(key);
                    }
                    return;
                }
                try {
                    attrs = Files.readAttributes(child, BasicFileAttributes.class);
                } catch (NoSuchFileException e) {
                    visitor.skipped(key, "broken symbolic link");
                    return;
                }
            }
        } catch (NoSuchFileException e) {
            return; // deleted while we walked: not there, nothing to sync
        } catch (IOException e) {
            visitor.failed(key, "cannot read attributes: " + describe(e));
            return;
        }
        if (attrs.isDirectory()) {
            if (!filter.acceptsDirectory(key)) {
                visitor.filteredOut(key + "/");
                return;
            }
            Ancestor ancestors = parent.ancestors;
            if (followSymlinks) {
                try {
                    Path real = child.toRealPath();
                    if (parent.ancestors.contains(real)) {
                        visitor.skipped(key + "/", "symbolic link loop: leads back to a folder above it");
                        return;
                    }
                    ancestors = new Ancestor(real, parent.ancestors);
                } catch (IOException e) {
                    visitor.failed(key + "/", "cannot resolve folder: " + describe(e));
                    return;
                }
            }
            subfolders.add(new Pending(child, raw + "/", ancestors));
        } else if (attrs.isRegularFile()) {
            // A download's temporary file is not the user's data; left out unreported, as this sync's own
            // downloads make them while the walk runs (they are renamed once complete). Nor does it keep its folder
            // from a delete: the run removes those no run will finish before its deletes.
            if (PartialFiles.isPartial(child.getFileName().toString()) || FoldedNames.isProbe(child.getFileName().toString())) {
                return;
            }
            if (filter.acceptsFile(key)) {
                visitor.file(new LocalEntry(key, raw, attrs.size(), attrs.lastModifiedTime().toMillis(), false));
            } else {
                visitor.filteredOut(key);
            }
        } else if (filter.acceptsFile(key)) {
            visitor.skipped(key, "not a regular file");
        } else {
            visitor.filteredOut(key);
        }
    }

    /** A folder's entry and its name. */
    private record Child(String name, Path path) {}

    /** A folder's entries sorted by name (each name made once: a sort makes n log n comparisons). */
    private static List<Child> list(Path dir) throws IOException {
        List<Child> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                children.add(new Child(p.getFileName().toString(), p));
            }
        }
        children.sort(Comparator.comparing(Child::name));
        return children;
    }

    static String describe(IOException e) {
        String type = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? type : type + " (" + e.getMessage() + ")";
    }
}
