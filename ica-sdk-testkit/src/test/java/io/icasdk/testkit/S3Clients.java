package io.icasdk.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Plain AWS SDK v2 clients built from ICA's awsTempCredentials JSON. */
final class S3Clients {
    private S3Clients() {}

    static StaticCredentialsProvider provider(JsonNode aws) {
        return StaticCredentialsProvider.create(AwsSessionCredentials.create(
                aws.get("accessKey").asText(), aws.get("secretKey").asText(), aws.get("sessionToken").asText()));
    }

    /** A sync client without retries, so every error is seen as the server sent it. */
    static S3Client sync(IcaEmulator ica, JsonNode aws) {
        return sync(ica, aws, provider(aws));
    }

    /** Same, signing with the given credentials (e.g. without the session token). */
    static S3Client sync(IcaEmulator ica, JsonNode aws, AwsCredentialsProvider credentials) {
        return S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder())
                .region(Region.of(aws.get("region").asText()))
                .endpointOverride(ica.s3Endpoint())
                .forcePathStyle(true)
                .credentialsProvider(credentials)
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    static S3AsyncClient crt(URI endpoint, JsonNode aws) {
        return S3AsyncClient.crtBuilder()
                .region(Region.of(aws.get("region").asText()))
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .credentialsProvider(provider(aws))
                .build();
    }
}
