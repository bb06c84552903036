package io.icasdk.bench;

import io.icasdk.core.IcaClient;
import io.icasdk.transfer.FileResult;
import io.icasdk.transfer.OverwritePolicy;
import io.icasdk.transfer.SyncDirection;
import io.icasdk.transfer.SyncResult;
import io.icasdk.transfer.TransferManager;
import io.icasdk.transfer.TransferResult;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * ica-sdk through its API in a warm JVM: one {@link TransferManager} with its defaults (the only
 * setting is the emulator's S3 endpoint), reused across runs like the AWS TransferManager peer.
 *
 * <p>{@code try (IcaSdkTool tool = new IcaSdkTool(client, s3)) { tool.uploadFile(file, "/bench/w1/x/"); }}
 *
 * <p>Not thread-safe: one transfer at a time, as the harness drives it.
 */
final class IcaSdkTool implements InJvmTool {
  private final TransferManager tm;

  IcaSdkTool(IcaClient client, URI s3Endpoint, Path journalDirectory) {
    TransferManager.Builder b = TransferManager.builder().icaClient(client).s3EndpointOverride(s3Endpoint);
    if (journalDirectory != null) {
      b.journalDirectory(journalDirectory);
    }
    this.tm = b.build();
  }

  @Override
  public long uploadFile(Path source, String remoteFolder) {
    return check(tm.upload(r -> r.source(source).remoteFolder(remoteFolder).overwrite(OverwritePolicy.OVERWRITE)).join());
  }

  @Override
  public long downloadFile(String remoteFile, Path target) throws java.io.IOException {
    Files.createDirectories(target.toAbsolutePath().getParent());
    return check(tm.download(r -> r.remotePath(remoteFile).target(target).overwrite(OverwritePolicy.OVERWRITE)).join());
  }

  @Override
  public long uploadDirectory(Path source, String remoteFolder) {
    return check(tm.upload(r -> r.source(source).remoteFolder(remoteFolder).overwrite(OverwritePolicy.OVERWRITE)).join());
  }

  @Override
  public long downloadDirectory(String remoteFolder, Path target) throws java.io.IOException {
    Files.createDirectories(target);
    return check(tm.download(r -> r.remotePath(remoteFolder).target(target).overwrite(OverwritePolicy.OVERWRITE)).join());
  }

  @Override
  public long syncUpload(Path localRoot, String remoteFolder) {
    SyncResult result = tm.sync(r -> r.direction(SyncDirection.UPLOAD).localRoot(localRoot).remoteFolder(remoteFolder))
        .join();
    if (result.failed() > 0) {
      throw new IllegalStateException(result.failed() + " files failed, first: " + firstFailure(result.files()));
    }
    return result.bytesTransferred();
  }

  private static long check(TransferResult result) {
    if (!result.isSuccess()) {
      throw new IllegalStateException(result.failed() + " files failed, first: " + firstFailure(result.files()));
    }
    return result.bytesTransferred();
  }

  private static String firstFailure(java.util.List<FileResult> files) {
    return files.stream().filter(f -> f.reason() != null).findFirst()
        .map(f -> f.remotePath() + ": " + f.reason()).orElse("?");
  }

  @Override
  public void close() {
    tm.close();
  }
}
