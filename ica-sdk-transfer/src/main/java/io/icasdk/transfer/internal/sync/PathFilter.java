package io.icasdk.transfer.internal.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Include / exclude globs over {@code /}-separated relative paths.
 *
 * <p>A pattern without {@code /} matches a name at any depth ({@code *.bam}); a pattern with {@code /}
 * matches the whole relative path ({@code reads/**}, a leading {@code /} is ignored). {@code *} and
 * {@code ?} stay inside one path segment, {@code **} crosses segments, {@code [abc]} and {@code {a,b}}
 * work as usual. A file is synced when it matches an include (or there are none) and neither it nor any
 * of its folders matches an exclude. Immutable and thread-safe.
 */
public final class PathFilter {
    private static final PathFilter ALL = new PathFilter(List.of(), List.of());

    private final List<Glob> includes;
    private final List<Glob> excludes;

    private PathFilter(List<Glob> includes, List<Glob> excludes) {
        this.includes = includes;
        this.excludes = excludes;
    }

    /** Everything passes. */
    public static PathFilter all() {
        return ALL;
    }

    /**
     * @throws IllegalArgumentException for an empty or malformed pattern (unbalanced {@code [} or {@code {})
     */
    public static PathFilter of(List<String> includes, List<String> excludes) {
        return of(includes, excludes, false);
    }

    /**
     * @param ignoreCase match letters of either case: for a download to a file system that ignores case, where the
     *                   local {@code Data/y} is ICA's {@code data/y} and a glob must take or leave both alike
     * @throws IllegalArgumentException for an empty or malformed pattern (unbalanced {@code [} or {@code {})
     */
    public static PathFilter of(List<String> includes, List<String> excludes, boolean ignoreCase) {
        if (includes.isEmpty() && excludes.isEmpty()) {
            return ALL;
        }
        return new PathFilter(compile(includes, ignoreCase), compile(excludes, ignoreCase));
    }

    private static List<Glob> compile(List<String> patterns, boolean ignoreCase) {
        List<Glob> globs = new ArrayList<>(patterns.size());
        for (String p : patterns) {
            globs.add(Glob.compile(p, ignoreCase));
        }
        return List.copyOf(globs);
    }

    /** Whether a file at this relative path takes part in the sync. */
    public boolean acceptsFile(String relativePath) {
        if (!includes.isEmpty() && !matchesAny(includes, relativePath)) {
            return false;
        }
        if (excludes.isEmpty()) {
            return true;
        }
        if (matchesAny(excludes, relativePath)) {
            return false;
        }
        for (int i = relativePath.indexOf('/'); i > 0; i = relativePath.indexOf('/', i + 1)) {
            if (matchesAny(excludes, relativePath.substring(0, i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether a folder (relative path without trailing {@code /}) is synced: neither it nor a parent is excluded. */
    public boolean acceptsFolder(String relativePath) {
        if (excludes.isEmpty()) {
            return true;
        }
        if (matchesAny(excludes, relativePath)) {
            return false;
        }
        for (int i = relativePath.indexOf('/'); i > 0; i = relativePath.indexOf('/', i + 1)) {
            if (matchesAny(excludes, relativePath.substring(0, i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether a folder (relative path without trailing {@code /}) is walked at all (its parents were). */
    public boolean acceptsDirectory(String relativePath) {
        return excludes.isEmpty() || !matchesAny(excludes, relativePath);
    }

    private static boolean matchesAny(List<Glob> globs, String path) {
        for (Glob g : globs) {
            if (g.matches(path)) {
                return true;
            }
        }
        return false;
    }

    private record Glob(Pattern regex, boolean nameOnly) {
        boolean matches(String path) {
            String subject = nameOnly ? path.substring(path.lastIndexOf('/') + 1) : path;
            return regex.matcher(subject).matches();
        }

        static Glob compile(String glob, boolean ignoreCase) {
            if (glob == null || glob.isBlank()) {
                throw new IllegalArgumentException("An include/exclude pattern is empty; give a glob such as *.bam or reads/**");
            }
            String g = glob.startsWith("/") ? glob.substring(1) : glob;
            if (g.endsWith("/")) {
                g = g.substring(0, g.length() - 1);
            }
            boolean nameOnly = g.indexOf('/') < 0 && !g.contains("**");
            return new Glob(Pattern.compile(toRegex(g, glob), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0),
                    nameOnly);
        }

        private static String toRegex(String g, String original) {
            StringBuilder re = new StringBuilder();
            int braces = 0;
            for (int i = 0; i < g.length(); i++) {
                char c = g.charAt(i);
                switch (c) {
                    case '*' -> {
                        if (i + 1 < g.length() && g.charAt(i + 1) == '*') {
                            i++;
                            // "**/" also matches zero folders: "a/**/b" matches "a/b".
                            if (i + 1 < g.length() && g.charAt(i + 1) == '/') {
                                i++;
                                re.append("(?:.*/)?");
                            } else {
                                re.append(".*");
                            }
                        } else {
                            re.append("[^/]*");
                        }
                    }
                    case '?' -> re.append("[^/]");
                    case '[' -> {
                        int end = g.indexOf(']', i + 2);
                        if (end < 0) {
                            throw new IllegalArgumentException("Pattern '" + original + "' has a '[' without a closing ']'");
                        }
                        String body = g.substring(i + 1, end);
                        re.append('[');
                        if (body.startsWith("!")) {
                            re.append('^');
                            body = body.substring(1);
                        }
                        re.append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                        i = end;
                    }
                    case '{' -> {
                        braces++;
                        re.append("(?:");
                    }
                    case '}' -> {
                        if (braces == 0) {
                            throw new IllegalArgumentException("Pattern '" + original + "' has a '}' without an opening '{'");
                        }
                        braces--;
                        re.append(')');
                    }
                    case ',' -> re.append(braces > 0 ? "|" : ",");
                    default -> re.append(Pattern.quote(String.valueOf(c)));
                }
            }
            if (braces != 0) {
                throw new IllegalArgumentException("Pattern '" + original + "' has a '{' without a closing '}'");
            }
            return re.toString();
        }
    }
}
