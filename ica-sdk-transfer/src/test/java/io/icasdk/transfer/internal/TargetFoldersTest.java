package io.icasdk.transfer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icasdk.transfer.PathTraversalException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetFoldersTest {
    @TempDir
    Path root;
    @TempDir
    Path outside;

    private final TargetFolders folders = new TargetFolders();

    @Test
    void prepare_createsTheFolders_andEachFileInACheckedFolderIsStillCheckedForALink() throws Exception {
        Path first = root.resolve("a/b/one.txt");
        folders.prepare(root, first);
        assertThat(root.resolve("a/b")).isDirectory();

        Path second = root.resolve("a/b/two.txt");
        Files.createSymbolicLink(second, outside.resolve("stolen.txt"));
        assertThatThrownBy(() -> folders.prepare(root, second)).isInstanceOf(PathTraversalException.class)
                .hasMessageContaining("is a symbolic link");
        assertThatThrownBy(() -> folders.checkBeforeMove(root, second)).isInstanceOf(PathTraversalException.class)
                .hasMessageContaining("is a symbolic link");
        folders.checkBeforeMove(root, first);
    }

    @Test
    void aFolderLinkLeadingOut_isRefused_beforeAnythingIsCreated() throws Exception {
        Files.createSymbolicLink(root.resolve("link"), outside);
        Path target = root.resolve("link/sub/file.txt");

        assertThatThrownBy(() -> folders.prepare(root, target)).isInstanceOf(PathTraversalException.class)
                .hasMessageContaining("outside the target folder");
        assertThat(outside.resolve("sub")).doesNotExist();
        assertThatThrownBy(() -> folders.checkBeforeMove(root, target)).isInstanceOf(PathTraversalException.class);
    }
}
