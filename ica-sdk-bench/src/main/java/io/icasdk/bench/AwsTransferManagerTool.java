package io.icasdk.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import software.amazon.awssdk.transfer.s3.model.CompletedDirectoryDownload;
import software.amazon.awssdk.transfer.s3.model.CompletedDirectoryUpload;

/**
 * The in-process peer: AWS SDK v2 {@code S3TransferManager} on the CRT client with its defaults, as a
 * user would set it up against the emulator (endpoint override, path-style, the emulator's temporary
 * credentials for the {@code /bench/} folder).
 *
 * <p>{@code new AwsTransferManagerTool(endpoint, region, bucket, prefix, "/bench/", credentials)}
 *
 * <p>Not thread-safe: one transfer at a time, as the harness drives it.
 */
final class AwsTransferManagerTool implements InJvmTool {
  private final S3AsyncClient s3;
  private final S3TransferManager tm;
  private final String bucket;
  private final String objectPrefix;
  private final String scope;

  /**
   * @param objectPrefix the S3 key prefix that the ICA folder {@code scope} maps to
   * @param credentials called whenever the CRT signs; may refresh (W7)
   */
  AwsTransferManagerTool(URI endpoint, String region, String bucket, String objectPrefix, String scope,
      Supplier<AwsSessionCredentials> credentials) {
    this.bucket = bucket;
    this.objectPrefix = objectPrefix.endsWith("/") ? objectPrefix : objectPrefix + "/";
    this.scope = scope;
    AwsCredentialsProvider provider = credentials::get;
    this.s3 = S3AsyncClient.crtBuilder()
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.of(region))
        .credentialsProvider(provider)
        .build();
    this.tm = S3TransferManager.builder().s3Client(s3).build();
  }

  /** "/bench/w1/x/big.bin" -> "<objectPrefix>w1/x/big.bin". */
  String key(String icaPath) {
    if (!icaPath.startsWith(scope)) {
      throw new IllegalArgumentException(icaPath + " is outside the credentials' folder " + scope);
    }
    return objectPrefix + icaPath.substring(scope.length());
  }

  @Override
  public long uploadFile(Path source, String remoteFolder) {
    String key = key(remoteFolder + source.getFileName());
    tm.uploadFile(b -> b.source(source).putObjectRequest(p -> p.bucket(bucket).key(key)))
        .completionFuture().join();
    return -1;
  }

  @Override
  public long downloadFile(String remoteFile, Path target) throws java.io.IOException {
    String key = key(remoteFile);
    java.nio.file.Files.createDirectories(target.toAbsolutePath().getParent());
    tm.downloadFile(b -> b.destination(target).getObjectRequest(g -> g.bucket(bucket).key(key)))
        .completionFuture().join();
    return -1;
  }

  @Override
  public long uploadDirectory(Path source, String remoteFolder) {
    String prefix = key(remoteFolder);
    CompletedDirectoryUpload done = tm.uploadDirectory(b -> b.source(source).bucket(bucket)
            .s3Prefix(prefix.substring(0, prefix.length() - 1)))
        .completionFuture().join();
    if (!done.failedTransfers().isEmpty()) {
      throw new IllegalStateException(done.failedTransfers().size() + " files failed, first: "
          + done.failedTransfers().get(0).exception());
    }
    return -1;
  }

  @Override
  public long downloadDirectory(String remoteFolder, Path target) {
    String prefix = key(remoteFolder);
    CompletedDirectoryDownload done = tm.downloadDirectory(b -> b.destination(target).bucket(bucket)
            .listObjectsV2RequestTransformer(l -> l.prefix(prefix)))
        .completionFuture().join();
    if (!done.failedTransfers().isEmpty()) {
      throw new IllegalStateException(done.failedTransfers().size() + " files failed, first: "
          + done.failedTransfers().get(0).exception());
    }
    return -1;
  }

  @Override
  public long syncUpload(Path localRoot, String remoteFolder) {
    throw new UnsupportedOperationException("S3TransferManager has no sync (uploadDirectory always uploads)");
  }

  @Override
  public void close() {
    tm.close();
    s3.close();
  }
}
