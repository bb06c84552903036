package io.icasdk.transfer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.icasdk.transfer.ChecksumMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

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
