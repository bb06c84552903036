package io.icasdk.examples;

import io.icasdk.core.IcaClient;
import io.icasdk.transfer.FileResult;
import io.icasdk.transfer.TransferHandle;
import io.icasdk.transfer.TransferListener;
import io.icasdk.transfer.TransferManager;
import io.icasdk.transfer.TransferProgress;
import io.icasdk.transfer.TransferResult;
import java.nio.file.Path;

/**
 * Downloads a project folder to a local folder, showing progress from a listener.
 *
 * <pre>{@code
 * java -cp 'ica-sdk-examples/target/ica.jar:ica-sdk-examples/target/lib/*' \
 *     io.icasdk.examples.DownloadFolderExample /runs/r1/ ./r1
 * }</pre>
 */
public final class DownloadFolderExample {
  private DownloadFolderExample() {}

  /**
   * Entry point.
   *
   * @param args remote folder, local folder
   * @throws io.icasdk.core.IcaConfigurationException when no ICA credentials are configured
   * @throws io.icasdk.core.IcaException when ICA or storage fails the download for good (after retries)
   */
  public static void main(String[] args) {
    String remoteFolder = args.length > 0 ? args[0] : "/runs/";
    Path localFolder = Path.of(args.length > 1 ? args[1] : "downloaded");

    IcaClient ica = IcaClient.fromEnvironment();
    try (TransferManager transfers =
        TransferManager.builder()
            .icaClient(ica)
            .maxFilesInFlight(8)               // files in parallel; big files also use parallel ranges
            .build()) {

      // Listeners are called from the engine's threads: keep them quick and never block.
      TransferListener progress = new TransferListener() {
        @Override
        public void onProgress(TransferProgress p) {
          System.out.printf("\r%d/%d files, %d/%d bytes", p.filesDone(), p.filesTotal(),
              p.bytesTransferred(), p.bytesTotal());
        }
      };

      TransferHandle handle = transfers.download(download -> download
          .remotePath(remoteFolder)
          .target(localFolder)
          .listener(progress));

      // handle.cancel() would stop it; the journal lets a later run resume.
      TransferResult result = handle.join();
      System.out.println();
      for (FileResult file : result.failures()) {
        System.err.println("FAILED " + file.remotePath() + ": " + file.reason());
      }
      System.out.printf("%d files downloaded and verified, %d failed, in %.1f s%n", result.succeeded(),
          result.failed(), result.duration().toMillis() / 1000.0);
      System.exit(result.isSuccess() ? 0 : 1);
    }
  }
}
