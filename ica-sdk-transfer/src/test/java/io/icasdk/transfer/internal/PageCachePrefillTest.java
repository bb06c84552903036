package io.icasdk.transfer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icasdk.transfer.internal.s3.LocalIoException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageCachePrefillTest {
    @TempDir
    Path dir;

    @Test
    void zeros_coverExactlyTheRegion_inAnyLength() throws Exception {
        byte[] ones = new byte[3 * PageCachePrefill.CHUNK + 500];
        Arrays.fill(ones, (byte) 0xFF);
        Path file = Files.write(dir.resolve("f.bin"), ones);
        long offset = 1000;
        long length = 2L * PageCachePrefill.CHUNK + 7; // not a whole number of chunks
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            PageCachePrefill.zeros(ch, file, offset, length);
            PageCachePrefill.zeros(ch, file, 5, 0); // nothing
        }
        byte[] back = Files.readAllBytes(file);
        assertThat(back).hasSize(ones.length);
        for (int i = 0; i < back.length; i++) {
            byte want = i >= offset && i < offset + length ? 0 : (byte) 0xFF;
            if (back[i] != want) {
                throw new AssertionError("byte " + i + " is " + back[i] + ", expected " + want);
            }
        }
    }

    @Test
    void zeros_growAFileThatIsShorter() throws Exception {
        Path file = Files.write(dir.resolve("short.bin"), new byte[] {1, 2, 3});
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            PageCachePrefill.zeros(ch, file, 0, PageCachePrefill.CHUNK + 1);
        }
        assertThat(Files.readAllBytes(file)).hasSize(PageCachePrefill.CHUNK + 1).containsOnly(0);
    }

    @Test
    void aFileThatCannotBeWritten_isALocalIoError_namingIt() throws Exception {
        Path file = Files.write(dir.resolve("closed.bin"), new byte[10]);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
        ch.close();
        assertThatThrownBy(() -> PageCachePrefill.zeros(ch, file, 0, 10))
                .isInstanceOf(LocalIoException.class)
                .hasMessageContaining("Cannot write the downloaded bytes to " + file);
    }

    @Test
    void onlyLocalExt4OnLinux_isPrefilled() {
        assertThat(PageCachePrefill.wanted("Linux", "ext4")).isTrue();
        assertThat(PageCachePrefill.wanted("Linux", "xfs")).as("not measured").isFalse();
        assertThat(PageCachePrefill.wanted("Linux", "nfs4")).as("the zeros could cross the network").isFalse();
        assertThat(PageCachePrefill.wanted("Linux", "tmpfs")).isFalse();
        assertThat(PageCachePrefill.wanted("Linux", null)).as("unknown").isFalse();
        assertThat(PageCachePrefill.wanted("Mac OS X", "ext4")).isFalse();
        assertThat(PageCachePrefill.wanted("Windows 11", "NTFS")).isFalse();
        assertThat(PageCachePrefill.wanted(null, "ext4")).isFalse();
    }

    @Test
    void aFolder_isJudgedByItsFileSystem_andAMissingOneIsNotPrefilled() throws Exception {
        PageCachePrefill prefill = new PageCachePrefill();
        boolean expected = PageCachePrefill.wanted(System.getProperty("os.name"), Files.getFileStore(dir).type());
        assertThat(prefill.wanted(dir)).isEqualTo(expected);
        assertThat(prefill.wanted(dir)).as("remembered").isEqualTo(expected);
        assertThat(prefill.wanted(dir.resolve("no/such/folder"))).isFalse();
    }
}
