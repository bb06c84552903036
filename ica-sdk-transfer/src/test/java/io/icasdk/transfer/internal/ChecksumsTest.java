package io.icasdk.transfer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icasdk.transfer.ChecksumMode;
import io.icasdk.transfer.internal.s3.Digest;
import io.icasdk.transfer.internal.s3.ObjectChecksum;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
    void downloadCrcs_matchTheCatalogueCheckValues() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(Checksums.of(Digest.CRC32, check, 0, 9)).isEqualTo(base64(0xCBF43926L, 4));
        assertThat(Checksums.of(Digest.CRC32C, check, 0, 9)).isEqualTo(base64(0xE3069283L, 4));
        assertThat(Checksums.of(Digest.CRC64NVME, check, 0, 9)).isEqualTo(base64(0xAE8B14860A799888L, 8));
    }

    @ParameterizedTest
    @EnumSource(value = Digest.class, names = {"CRC32", "CRC32C", "CRC64NVME"})
    void crcsOfConsecutivePieces_combineIntoTheWholeCrc(Digest digest) {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(data);
        String whole = Checksums.of(digest, data, 0, data.length);
        int[][] splits = {{0, data.length}, {0, 1, data.length}, {0, 5, 5, 4096, data.length},
                {0, 1024 * 1024, 2 * 1024 * 1024, 3 * 1024 * 1024, data.length}, {0, data.length - 1, data.length}};
        for (int[] cuts : splits) {
            List<String> crcs = new ArrayList<>();
            List<Long> lengths = new ArrayList<>();
            for (int i = 1; i < cuts.length; i++) {
                crcs.add(Checksums.of(digest, data, cuts[i - 1], cuts[i] - cuts[i - 1]));
                lengths.add((long) (cuts[i] - cuts[i - 1]));
            }
            assertThat(Checksums.combine(digest, crcs, lengths)).as("cuts %s", Arrays.toString(cuts))
                    .isEqualTo(whole);
            if (crcs.size() > 1) {
                Collections.reverse(crcs);
                Collections.reverse(lengths);
                assertThat(Checksums.combine(digest, crcs, lengths)).isNotEqualTo(whole);
            }
        }
    }

    @Test
    void wholeObjectCrc_matchesAnyRanges_compositeOnlyItsParts() {
        byte[] data = new byte[10_000];
        new Random(8).nextBytes(data);
        String whole = Checksums.of(Digest.CRC64NVME, data, 0, data.length);
        ObjectChecksum full = ObjectChecksum.from(null, null, whole);
        assertThat(full).isEqualTo(new ObjectChecksum(Digest.CRC64NVME, whole, 0));
        String head = Checksums.of(Digest.CRC64NVME, data, 0, 3000);
        assertThat(full.matches(List.of(head, Checksums.of(Digest.CRC64NVME, data, 3000, 7000)),
                List.of(3000L, 7000L))).isTrue();
        assertThat(full.matches(List.of(head, Checksums.of(Digest.CRC64NVME, data, 3001, 6999)),
                List.of(3000L, 7000L))).isFalse();
        ObjectChecksum composite = ObjectChecksum.from(null, "AAAAAA==-3", null);
        assertThat(composite.checkable(3)).isTrue();
        assertThat(composite.checkable(2)).isFalse();
        // Malformed values (a CRC32 where a CRC64NVME belongs, a bad part count) are not checksums.
        assertThat(ObjectChecksum.from(null, null, "AAAAAA==")).isNull();
        assertThat(ObjectChecksum.from("AAAAAA==-x", null, null)).isNull();
    }

    private static String base64(long value, int bytes) {
        byte[] b = ByteBuffer.allocate(8).putLong(value).array();
        return Base64.getEncoder().encodeToString(Arrays.copyOfRange(b, 8 - bytes, 8));
    }

    @Test
    void fileRegionChecksums_equalTheBytesChecksums_throughASmallerScratchBuffer(@TempDir Path dir)
            throws IOException {
        byte[] data = new byte[10_000];
        new Random(3).nextBytes(data);
        Path file = Files.write(dir.resolve("f.bin"), data);
        try (FileChannel ch = FileChannel.open(file)) {
            for (ChecksumMode mode : ChecksumMode.values()) {
                assertThat(Checksums.of(mode, ch, 1_000, 7_000, ByteBuffer.allocateDirect(999)))
                        .isEqualTo(Checksums.of(mode, data, 1_000, 7_000));
            }
            assertThatThrownBy(() -> Checksums.of(ChecksumMode.CRC32C, ch, 9_000, 1_001, ByteBuffer.allocate(64)))
                    .isInstanceOf(EOFException.class).hasMessageContaining("1 bytes early");
        }
    }

    @Test
    void fileRegionDigests_equalTheBytesDigests_throughDirectAndHeapBuffers(@TempDir Path dir) throws IOException {
        byte[] data = new byte[200_000];
        new Random(4).nextBytes(data);
        Path file = Files.write(dir.resolve("f.bin"), data);
        try (FileChannel ch = FileChannel.open(file)) {
            for (Digest d : List.of(Digest.MD5, Digest.CRC32, Digest.CRC32C, Digest.CRC64NVME)) {
                String expected = Checksums.of(d, data, 1_000, 150_001);
                for (ByteBuffer scratch : List.of(ByteBuffer.allocateDirect(70_000), ByteBuffer.allocate(999))) {
                    assertThat(Checksums.of(Checksums.Accumulator.of(d), ch, 1_000, 150_001, scratch))
                            .as("%s through %s", d, scratch).isEqualTo(expected);
                }
            }
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

    @Test
    void aBuffersRemainingBytes_heapOrDirect_checksumLikeTheArray_andKeepTheirPosition() {
        byte[] bytes = new byte[300_000];
        new java.util.Random(5).nextBytes(bytes);
        for (ChecksumMode mode : ChecksumMode.values()) {
            String expected = Checksums.of(mode, bytes, 1000, 200_000);
            ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).position(1000).limit(201_000);
            ByteBuffer heap = ByteBuffer.wrap(bytes, 1000, 200_000);
            assertThat(Checksums.of(mode, direct)).as(mode + " direct").isEqualTo(expected);
            assertThat(Checksums.of(mode, heap)).as(mode + " heap").isEqualTo(expected);
            assertThat(direct.position()).isEqualTo(1000);
            assertThat(heap.remaining()).isEqualTo(200_000);
        }
    }
}
