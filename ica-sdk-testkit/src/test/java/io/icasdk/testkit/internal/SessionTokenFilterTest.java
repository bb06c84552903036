package io.icasdk.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionTokenFilterTest {
    @Test
    void accessKey_fromSigV4Header_sigV2Header_andPresignedQueries() {
        assertThat(SessionTokenFilter.accessKey("AWS4-HMAC-SHA256 Credential=ASIAKEY1/20260101/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host, Signature=abc", null)).contains("ASIAKEY1");
        assertThat(SessionTokenFilter.accessKey("AWS ASIAKEY2:c2lnbmF0dXJl", null)).contains("ASIAKEY2");
        assertThat(SessionTokenFilter.accessKey(null,
                "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAKEY3%2F20260101%2Fus-east-1%2Fs3%2Faws4_request"))
                .contains("ASIAKEY3");
        assertThat(SessionTokenFilter.accessKey(null, "AWSAccessKeyId=ASIAKEY4&Expires=1&Signature=x")).contains("ASIAKEY4");
        assertThat(SessionTokenFilter.accessKey(null, null)).isEmpty();
        assertThat(SessionTokenFilter.accessKey("Bearer abc", null)).isEmpty();
        assertThat(SessionTokenFilter.accessKey("AWS4-HMAC-SHA256 Credential=", null)).isEmpty();
    }

    @Test
    void queryParam_isCaseInsensitiveAndDecoded() {
        assertThat(SessionTokenFilter.queryParam("a=1&x-amz-security-token=IQ%2Bab%3D%3D", "X-Amz-Security-Token"))
                .isEqualTo("IQ+ab==");
        assertThat(SessionTokenFilter.queryParam("a=1", "X-Amz-Security-Token")).isNull();
    }
}
