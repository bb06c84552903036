package io.icasdk.transfer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icasdk.transfer.ChecksumMode;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumsTest {
    @Test
    void partChecksums_matchS3sKnownValues() {
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        assertThat(Checksums.of(ChecksumMode.CRC32, hello, 0, 5)).isEqualTo("NhCmhg==");
        assertThat(Checksums.of(ChecksumMode.CRC32C, hello, 0, 5)).isEqualTo("mnG7TA==");
        assertThat(Checksums.of(ChecksumMode.SHA256, hello, 0, 5))
                .isEqualTo("LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=");
        assertThat(Checksums.of(ChecksumMode.NONE, hello, 0, 5)).isNull();
    }

    @Test
    void fileRegionChecksums_equalTheBytesChecksums_throughASmallerScratchBuffer(@TempDir Path dir)
            throws IOException {
        byte[] data = new byte[10_000];
        new Random(3).nextBytes(data);
        Path file = Files.write(dir.resolve("f.bin"), data);
        try (FileChannel ch = FileChannel.open(file)) {
            for (ChecksumMode mode : ChecksumMode.values()) {
                assertThat(Checksums.of(mode, ch, 1_000, 7_000, new byte[999]))
                        .isEqualTo(Checksums.of(mode, data, 1_000, 7_000));
            }
            assertThatThrownBy(() -> Checksums.of(ChecksumMode.CRC32C, ch, 9_000, 1_001, new byte[64]))
                    .isInstanceOf(EOFException.class).hasMessageContaining("1 bytes early");
        }
    }

    @Test
    void etags_areUnquotedAndRecognised() {
        assertThat(Checksums.unquote("\"abc\"")).isEqualTo("abc");
        assertThat(Checksums.unquote("W/\"abc\"")).isEqualTo("abc");
        assertThat(Checksums.quote("abc")).isEqualTo("\"abc\"");
        assertThat(Checksums.isPlainMd5("\"5d41402abc4b2a76b9719d911017c592\"")).isTrue();
        assertThat(Checksums.multipartCount("5d41402abc4b2a76b9719d911017c592-13")).isEqualTo(13);
        assertThat(Checksums.multipartCount("5d41402abc4b2a76b9719d911017c592")).isZero();
        assertThat(Checksums.multipartCount("not-an-etag-3")).isZero();
    }

    @Test
    void multipartEtag_isTheMd5OfThePartMd5s() {
        // md5("hello") and md5("world"); md5 of their 32 raw bytes, then "-2".
        String etag = Checksums.multipartEtag(List.of("5d41402abc4b2a76b9719d911017c592",
                "7d793037a0760186574b0282f2f435e7"));
        assertThat(etag).endsWith("-2").hasSize(34);
        var md5 = Checksums.md5();
        md5.update(java.util.HexFormat.of().parseHex("5d41402abc4b2a76b9719d911017c592"
                + "7d793037a0760186574b0282f2f435e7"));
        assertThat(etag).startsWith(Checksums.hex(md5.digest()));
    }
}
