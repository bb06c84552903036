package io.icasdk.transfer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPathsTest {
    @TempDir Path dir;

    /** The JDK's message of a refused permission is the path alone: "Cannot read the local file: /x" said nothing. */
    @Test
    void problem_saysWhatWentWrong_whereTheJdksMessageIsThePathAlone() {
        assertThat(LocalPaths.problem(new java.nio.file.AccessDeniedException("/data/run/a.bam")))
                .isEqualTo("/data/run/a.bam: permission denied; check the permissions of the file and of its folders");
        assertThat(LocalPaths.problem(new java.nio.file.NoSuchFileException("/data/x"))).isEqualTo("/data/x: no such file or folder");
        assertThat(LocalPaths.problem(new java.nio.file.FileSystemException("/data/y", null, "Read-only file system")))
                .isEqualTo("/data/y: Read-only file system");
        assertThat(FileUploader.reason(new java.nio.file.AccessDeniedException("/data/run/a.bam")))
                .isEqualTo("Local file: /data/run/a.bam: permission denied; check the permissions of the file and of its"
                        + " folders");
    }

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
