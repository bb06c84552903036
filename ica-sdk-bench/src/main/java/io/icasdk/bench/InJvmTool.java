package io.icasdk.bench;

import java.nio.file.Path;

/**
 * One transfer tool driven inside a warm JVM. Remote locations are ICA project paths ("/bench/w1/x/");
 * each tool maps them to what it speaks (S3 keys for the AWS TransferManager).
 *
 * <p>{@code try (InJvmTool tool = ...) { tool.uploadFile(Path.of("big.bin"), "/bench/w1/tm/"); }}
 *
 * <p>Each call blocks until the transfer finished and throws when any file failed. Implementations
 * are used from one thread at a time.
 */
interface InJvmTool extends AutoCloseable {

  /** Uploads one file into the remote folder (overwriting). */
  void uploadFile(Path source, String remoteFolder) throws Exception;

  /** Downloads one remote file to {@code target}. */
  void downloadFile(String remoteFile, Path target) throws Exception;

  /** Uploads every file under {@code source} into the remote folder. */
  void uploadDirectory(Path source, String remoteFolder) throws Exception;

  /** Downloads every file under the remote folder into {@code target}. */
  void downloadDirectory(String remoteFolder, Path target) throws Exception;

  /** Makes the remote folder match {@code localRoot} (upload direction). */
  void syncUpload(Path localRoot, String remoteFolder) throws Exception;

  @Override
  void close() throws Exception;
}
