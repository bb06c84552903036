package io.icasdk.transfer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icasdk.transfer.PathTraversalException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathSafetyTest {
    @TempDir
    Path root;

    @ParameterizedTest
    @ValueSource(strings = {"../evil", "a/../../evil", "/etc/passwd", "a//b", "./a", "a/.", "a/..", "", "a\0b"})
    void escapingNames_areRefused(String name) {
        assertThatThrownBy(() -> PathSafety.resolveInside(root, name))
                .isInstanceOf(PathTraversalException.class)
                .hasMessageContaining("Nothing was written");
    }

    /** Where '/' alone separates names, a backslash or a colon is part of a name: one file inside the folder. */
    @ParameterizedTest
    @ValueSource(strings = {"a\\..\\b", "..\\..\\evil", "back\\slash.txt", "C:/x", "C:x"})
    void backslashesAndDriveLetters_onAFileSystemOfSlashes_areOrdinaryCharacters(String name) {
        Path p = PathSafety.resolveInside(root, name);
        assertThat(p.getParent()).isEqualTo(name.startsWith("C:/") ? root.resolve("C:") : root);
        assertThat(p.getFileName().toString()).isEqualTo(name.startsWith("C:/") ? "x" : name);
    }

    /** Where a backslash separates names too (Windows), it and drive letters could leave the folder. */
    @ParameterizedTest
    @ValueSource(strings = {"a\\..\\b", "..\\..\\evil", "back\\slash.txt", "C:/x", "C:x"})
    void backslashesAndDriveLetters_onAFileSystemOfBackslashes_areRefused(String name) {
        assertThat(PathSafety.unsafeReason(name, "\\")).contains("backslash or a drive letter");
        assertThat(PathSafety.unsafeReason(name, "/")).isNull();
    }

    @Test
    void ordinaryNames_areSafeOnEveryFileSystem() {
        for (String separator : new String[] {"/", "\\"}) {
            assertThat(PathSafety.unsafeReason("dir with space/ü + %23 #.txt", separator)).isNull();
            assertThat(PathSafety.unsafeReason("../x", separator)).contains("'..'");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.txt", "dir with space/ü + %23 #.txt", "..hidden", "a/b/c..d", "...", "x/.y"})
    void ordinaryNames_resolveInside(String name) {
        Path p = PathSafety.resolveInside(root, name);
        assertThat(p.startsWith(root.toAbsolutePath().normalize())).isTrue();
        assertThat(p).isNotEqualTo(root);
    }

    @Test
    void symbolicLinkLeadingOut_isRefused(@TempDir Path outside) throws Exception {
        Files.createSymbolicLink(root.resolve("link"), outside);
        Path target = PathSafety.resolveInside(root, "link/file.txt");
        assertThatThrownBy(() -> PathSafety.checkNoEscapeThroughLinks(root, target))
                .isInstanceOf(PathTraversalException.class);
        Files.createDirectories(root.resolve("real"));
        PathSafety.checkNoEscapeThroughLinks(root, PathSafety.resolveInside(root, "real/file.txt"));
    }
}
