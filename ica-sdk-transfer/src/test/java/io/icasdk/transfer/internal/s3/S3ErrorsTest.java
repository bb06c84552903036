package io.icasdk.transfer.internal.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.icasdk.core.HttpProxy;
import io.icasdk.core.IcaAuthenticationException;
import io.icasdk.core.IcaThrottledException;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3ErrorsTest {
    private static Throwable s3(int status, String code) {
        S3Exception.Builder b = S3Exception.builder().statusCode(status).message("m");
        if (code != null) {
            b.awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("msg").build());
        }
        return new CompletionException(b.build());
    }

    @Test
    void refusedCredentials_areRefreshable() {
        assertThat(S3Errors.classify(s3(400, "ExpiredToken"), false)).isEqualTo(S3Errors.Kind.CREDENTIALS);
        assertThat(S3Errors.classify(s3(403, "InvalidAccessKeyId"), false)).isEqualTo(S3Errors.Kind.CREDENTIALS);
        assertThat(S3Errors.classify(s3(403, "AccessDenied"), false)).isEqualTo(S3Errors.Kind.CREDENTIALS);
    }

    @Test
    void bare400or403OnHead_isTreatedAsExpired_butNotOnOtherRequests() {
        assertThat(S3Errors.classify(s3(400, null), true)).isEqualTo(S3Errors.Kind.CREDENTIALS);
        assertThat(S3Errors.classify(s3(403, null), true)).isEqualTo(S3Errors.Kind.CREDENTIALS);
        assertThat(S3Errors.classify(s3(400, null), false)).isEqualTo(S3Errors.Kind.FATAL);
    }

    @Test
    void transientFailures_areRetryable_andTheRestIsSortedByMeaning() {
        assertThat(S3Errors.classify(s3(503, "SlowDown"), false)).isEqualTo(S3Errors.Kind.RETRYABLE);
        assertThat(S3Errors.classify(s3(500, null), false)).isEqualTo(S3Errors.Kind.RETRYABLE);
        assertThat(S3Errors.classify(new CompletionException(SdkClientException.create("reset")), false))
                .isEqualTo(S3Errors.Kind.RETRYABLE);
        assertThat(S3Errors.classify(s3(404, "NoSuchUpload"), false)).isEqualTo(S3Errors.Kind.NOT_FOUND);
        assertThat(S3Errors.classify(s3(412, "PreconditionFailed"), false))
                .isEqualTo(S3Errors.Kind.PRECONDITION_FAILED);
        assertThat(S3Errors.classify(s3(400, "InvalidArgument"), false)).isEqualTo(S3Errors.Kind.FATAL);
        assertThat(S3Errors.classify(new CancellationException(), false)).isEqualTo(S3Errors.Kind.CANCELLED);
    }

    @Test
    void localWriteFailures_areNeverRetried_evenWhenTheSdkWrapsThem() {
        LocalIoException disk = new LocalIoException("Cannot write", new IOException("No space left on device"));
        assertThat(disk.isDiskFull()).isTrue();
        assertThat(S3Errors.classify(SdkClientException.create("wrapped", disk), false))
                .isEqualTo(S3Errors.Kind.LOCAL_IO);
    }

    @Test
    void failuresToFetchCredentials_followICAsOwnMeaning() {
        assertThat(S3Errors.classify(SdkClientException.create("x", new IcaThrottledException("t", null, null, null,
                null)), false)).isEqualTo(S3Errors.Kind.RETRYABLE);
        assertThat(S3Errors.classify(SdkClientException.create("x", new IcaAuthenticationException("bad key", 401,
                "ICA_SEC_001", null, null, null)), false)).isEqualTo(S3Errors.Kind.FATAL);
    }

    @Test
    void describe_givesStatusCodeAndRequestIdWithoutSecrets() {
        assertThat(S3Errors.describe(s3(403, "AccessDenied"))).isEqualTo("S3 answered 403 AccessDenied (msg)");
    }

    @Test
    void aNativeRequestWithoutAnswer_namesItsOperationAndHost_andSaysWhatToCheck() {
        URI aws = URI.create("https://bucket-1.s3.us-east-1.amazonaws.com");
        SdkClientException dns = NativeS3.clientError("PutObject", aws, null, "AWS_IO_DNS_INVALID_NAME",
                "Host name was invalid for dns resolution.", null);
        SdkClientException refused = NativeS3.clientError("GetObject", URI.create("http://127.0.0.1:9"), null,
                "AWS_IO_SOCKET_CONNECTION_REFUSED", "socket connection refused.", null);

        assertThat(S3Errors.describe(dns)).isEqualTo("SdkClientException: PutObject at bucket-1.s3.us-east-1.amazonaws.com"
                + " failed: AWS_IO_DNS_INVALID_NAME (Host name was invalid for dns resolution.); check the network and"
                + " DNS, or, for the ICA emulator or an S3 proxy, set the S3 endpoint override (the ica tool:"
                + " --s3-endpoint or AWS_ENDPOINT_URL_S3)");
        assertThat(refused.getMessage()).isEqualTo("GetObject at 127.0.0.1:9 failed: AWS_IO_SOCKET_CONNECTION_REFUSED"
                + " (socket connection refused.); nothing accepts connections there: check that the S3 endpoint"
                + " override (the ica tool: --s3-endpoint or AWS_ENDPOINT_URL_S3) names a running server, or the"
                + " network");
        assertThat(S3Errors.classify(dns, false)).as("DNS can recover").isEqualTo(S3Errors.Kind.RETRYABLE);
    }

    @Test
    void aFailedTlsHandshake_saysHowToTrustTheNetworksCa_evenThroughAProxy() {
        HttpProxy.Route proxy = HttpProxy.of("http://proxy.corp:3128", null)
                .route(URI.create("https://s3.us-east-1.amazonaws.com")).orElseThrow();

        SdkClientException tls = NativeS3.clientError("PutObject", URI.create("https://bucket-1.s3.us-east-1"
                + ".amazonaws.com"), proxy, "AWS_IO_TLS_ERROR_NEGOTIATION_FAILURE", "TLS (SSL) negotiation failed", null);

        assertThat(tls.getMessage()).startsWith("PutObject at bucket-1.s3.us-east-1.amazonaws.com through the HTTP"
                + " proxy proxy.corp:3128 (from HttpProxy.of) failed: AWS_IO_TLS_ERROR_NEGOTIATION_FAILURE")
                .contains("this machine does not trust the server's certificate")
                .contains("update-ca-certificates").contains("update-ca-trust");
        assertThat(S3Errors.isTlsHandshakeFailure(tls)).isTrue();
        assertThat(S3Errors.isTlsHandshakeFailure(new javax.net.ssl.SSLHandshakeException("PKIX path building failed")
                .initCause(new java.security.cert.CertificateException("unable to find valid certification path"))))
                .as("Java's own, on presigned URLs").isTrue();
        assertThat(S3Errors.isTlsHandshakeFailure(NativeS3.clientError("GetObject", URI.create("http://127.0.0.1:9"),
                null, "AWS_IO_SOCKET_CONNECTION_REFUSED", "socket connection refused.", null))).isFalse();
    }

    @Test
    void aNativeRequestThroughAProxy_namesTheProxyAndWhereItWasSet_notTheS3EndpointOverride() {
        HttpProxy.Route proxy = HttpProxy.fromEnvironment(Map.of("HTTPS_PROXY", "http://svc:pw@proxy.corp:3128"))
                .route(URI.create("https://s3.us-east-1.amazonaws.com")).orElseThrow();

        SdkClientException refused = NativeS3.clientError("GetObject",
                URI.create("https://bucket-1.s3.us-east-1.amazonaws.com"), proxy, "AWS_IO_SOCKET_CONNECTION_REFUSED",
                "socket connection refused.", null);

        assertThat(refused.getMessage()).isEqualTo("GetObject at bucket-1.s3.us-east-1.amazonaws.com through the HTTP"
                + " proxy proxy.corp:3128 (from HTTPS_PROXY) failed: AWS_IO_SOCKET_CONNECTION_REFUSED (socket"
                + " connection refused.); check that the proxy runs and lets this host through (its address and any"
                + " credentials are in HTTPS_PROXY), or reach the host directly by listing it in NO_PROXY");
    }

    @Test
    void onlyANativeLoadFailure_fallsBackToTheJavaClient() {
        assertThat(S3ClientFactory.isCrtUnavailable(new UnsatisfiedLinkError("libaws-crt-jni.so"))).isTrue();
        assertThat(S3ClientFactory.isCrtUnavailable(new IllegalStateException("Could not load the AWS CRT")))
                .isTrue();
        assertThat(S3ClientFactory.isCrtUnavailable(new IllegalStateException("Checksum behavior configured twice")))
                .isFalse();
    }
}
