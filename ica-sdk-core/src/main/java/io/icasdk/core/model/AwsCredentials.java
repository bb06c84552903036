package io.icasdk.core.model;

import io.icasdk.core.Secret;

/**
 * Temporary AWS credentials scoped to one object or prefix. The secret key and session token are
 * {@link Secret}s, so {@code toString()} never shows them.
 *
 * <p>{@code AwsCredentials aws = creds.aws(); String key = aws.objectPrefix(); String secret = aws.secretKey().reveal();}
 *
 * @param accessKey S3 access key id
 * @param secretKey S3 secret key
 * @param sessionToken S3 session token
 * @param region S3 region, e.g. {@code us-east-1}
 * @param bucket bucket name
 * @param objectPrefix object key or key prefix the credentials grant access to (folders end with "/")
 * @param serverSideEncryptionAlgorithm value for {@code x-amz-server-side-encryption}; may be null
 * @param serverSideEncryptionKey KMS key ARN; may be null
 */
public record AwsCredentials(
    String accessKey,
    Secret secretKey,
    Secret sessionToken,
    String region,
    String bucket,
    String objectPrefix,
    String serverSideEncryptionAlgorithm,
    String serverSideEncryptionKey) {}
