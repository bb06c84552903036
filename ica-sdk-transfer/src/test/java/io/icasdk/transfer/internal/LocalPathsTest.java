package io.icasdk.transfer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPathsTest {
    @TempDir Path dir;

    @Test
    void dotDotAfterASymbolicLink_isTheParentOfItsTarget_asTheFileSystemSays() throws Exception {
        Path target = Files.createDirectories(dir.resolve("far/away"));
        Path here = Files.createDirectories(dir.resolve("here"));
        Files.createSymbolicLink(here.resolve("link"), target);
        assertThat(LocalPaths.absolute(here.resolve("link/../x.txt")))
                .isEqualTo(dir.toRealPath().resolve("far/x.txt"));
        assertThat(Path.of(here + "/link/../x.txt").normalize()).as("what a textual normalize says")
                .isEqualTo(here.resolve("x.txt"));
    }

    @Test
    void withoutLinks_itIsTheNormalizedAbsolutePath() {
        assertThat(LocalPaths.absolute(dir.resolve("a/./b/../c"))).isEqualTo(dir.resolve("a/c"));
        assertThat(LocalPaths.absolute(dir.resolve("missing/../new"))).isEqualTo(dir.resolve("new"));
        assertThat(LocalPaths.absolute(Path.of("/.."))).isEqualTo(Path.of("/"));
        assertThat(LocalPaths.absolute(Path.of("rel")).isAbsolute()).isTrue();
    }
}
