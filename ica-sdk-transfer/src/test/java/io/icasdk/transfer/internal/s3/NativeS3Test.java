package io.icasdk.transfer.internal.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NativeS3Test {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void headerNames_matchIgnoringCase() {
        assertThat(NativeS3.headerNameIs(ascii("ETag"), "etag")).isTrue();
        assertThat(NativeS3.headerNameIs(ascii("Content-Length"), "content-length")).isTrue();
        assertThat(NativeS3.headerNameIs(ascii("x-amz-checksum-crc32c"), "x-amz-checksum-crc32c")).isTrue();
    }

    @Test
    void otherHeaderNames_doNotMatch() {
        assertThat(NativeS3.headerNameIs(ascii("x-amz-checksum-crc32c"), "x-amz-checksum-crc32")).isFalse();
        assertThat(NativeS3.headerNameIs(ascii("Content-Range"), "content-length")).isFalse();
        assertThat(NativeS3.headerNameIs(ascii("Etag-"), "etag")).isFalse();
        assertThat(NativeS3.headerNameIs(new byte[0], "etag")).isFalse();
        assertThat(NativeS3.headerNameIs(null, "etag")).isFalse();
        // only ASCII letters fold: '[' (0x5B) is not '{' (0x7B)
        assertThat(NativeS3.headerNameIs(ascii("a["), "a{")).isFalse();
    }

    @Test
    void namesFromTheCrtMatchWhateverTheirCase() {
        String[] forms = {"etag", "ETAG", "ETag", "eTaG"};
        for (String form : forms) {
            assertThat(NativeS3.headerNameIs(
                    new software.amazon.awssdk.crt.http.HttpHeader(form, "\"abc\"").getNameBytes(), "etag"))
                    .as(form).isTrue();
        }
    }
}
