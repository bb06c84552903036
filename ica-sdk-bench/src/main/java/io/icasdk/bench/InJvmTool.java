package io.icasdk.bench;

import java.nio.file.Path;

/**
 * One transfer tool driven inside a warm JVM. Remote locations are ICA project paths ("/bench/w1/x/");
 * each tool maps them to what it speaks (S3 keys for the AWS TransferManager).
 *
 * <p>{@code try (InJvmTool tool = ...) { tool.uploadFile(Path.of("big.bin"), "/bench/w1/tm/"); }}
 *
 * <p>Each call blocks until the transfer finished, returns the bytes the tool says it moved (-1 when it
 * does not say), and throws when any file failed. Implementations are used from one thread at a time.
 */
interface InJvmTool extends AutoCloseable {

  /** Uploads one file into the remote folder (overwriting). */
  long uploadFile(Path source, String remoteFolder) throws Exception;

  /** Downloads one remote file to {@code target}. */
  long downloadFile(String remoteFile, Path target) throws Exception;

  /** Uploads every file under {@code source} into the remote folder. */
  long uploadDirectory(Path source, String remoteFolder) throws Exception;

  /** Downloads every file under the remote folder into {@code target}. */
  long downloadDirectory(String remoteFolder, Path target) throws Exception;

  /** Makes the remote folder match {@code localRoot} (upload direction). */
  long syncUpload(Path localRoot, String remoteFolder) throws Exception;

  @Override
  void close() throws Exception;
}
