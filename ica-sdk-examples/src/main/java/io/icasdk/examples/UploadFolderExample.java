package io.icasdk.examples;

import io.icasdk.core.IcaClient;
import io.icasdk.transfer.FileResult;
import io.icasdk.transfer.OverwritePolicy;
import io.icasdk.transfer.TransferManager;
import io.icasdk.transfer.TransferResult;
import java.nio.file.Path;

/**
 * Uploads a local folder into a project folder, resumably.
 *
 * <pre>{@code
 * export ICAV2_X_API_KEY=...  ICAV2_PROJECT_ID=...   # or ~/.icav2/config.yaml
 * java -cp 'ica-sdk-examples/target/ica.jar:ica-sdk-examples/target/lib/*' \
 *     io.icasdk.examples.UploadFolderExample ./run /runs/
 * }</pre>
 *
 * <p>Run it twice: after an interruption the second run finds the journal of the first and sends only what
 * is missing; after a complete run it skips every file, as they are all in ICA.
 */
public final class UploadFolderExample {
  private UploadFolderExample() {}

  /**
   * Entry point.
   *
   * @param args local folder, remote folder
   * @throws io.icasdk.core.IcaConfigurationException when no ICA credentials are configured
   * @throws io.icasdk.core.IcaException when ICA or storage fails the upload for good (after retries)
   */
  public static void main(String[] args) {
    Path localFolder = Path.of(args.length > 0 ? args[0] : "run");
    String remoteFolder = args.length > 1 ? args[1] : "/runs/";

    // Configuration comes from the environment (ICAV2_X_API_KEY, ICAV2_BASE_URL, ICAV2_PROJECT_ID)
    // and the icav2 CLI's ~/.icav2 files. One client per application: it is thread-safe.
    IcaClient ica = IcaClient.fromEnvironment();

    // The TransferManager owns threads and connections: close it (try-with-resources).
    try (TransferManager transfers = TransferManager.builder().icaClient(ica).build()) {
      TransferResult result = upload(transfers, localFolder, remoteFolder);

      // One failed file does not stop the others: look at each file's outcome.
      for (FileResult file : result.files()) {
        if (file.reason() != null) {
          System.err.println(file.outcome() + " " + file.remotePath() + ": " + file.reason());
        }
      }
      System.out.printf("%d uploaded, %d skipped, %d failed, %d bytes in %.1f s%n", result.succeeded(),
          result.skipped(), result.failed(), result.bytesTransferred(), result.duration().toMillis() / 1000.0);
      System.exit(result.isSuccess() ? 0 : 1);
    }
  }

  /**
   * Uploads the folder's contents into the remote folder of the client's default project.
   *
   * @return each file's outcome
   * @throws io.icasdk.core.IcaException when ICA or storage fails the upload for good (after retries)
   */
  static TransferResult upload(TransferManager transfers, Path localFolder, String remoteFolder) {
    return transfers
        .upload(upload -> upload
            .source(localFolder)                          // a file or a folder
            .remoteFolder(remoteFolder)                   // in the client's default project
            .overwrite(OverwritePolicy.SKIP_EXISTING)     // the default, FAIL, fails files already in ICA
            .exclude("**/.DS_Store"))
        .join();                                          // blocks; throws IcaException subtypes on fatal errors
  }
}
