package io.icasdk.examples;

import io.icasdk.core.IcaClient;
import io.icasdk.transfer.CompareMode;
import io.icasdk.transfer.FileOutcome;
import io.icasdk.transfer.FileResult;
import io.icasdk.transfer.SyncAction;
import io.icasdk.transfer.SyncDirection;
import io.icasdk.transfer.SyncItem;
import io.icasdk.transfer.SyncRequest;
import io.icasdk.transfer.SyncResult;
import io.icasdk.transfer.TransferManager;
import java.nio.file.Path;

/**
 * Mirrors a local folder into a project folder: a dry run first to review the plan, then the real
 * sync. Run it again and it finds nothing to do.
 *
 * <pre>{@code
 * java -cp 'ica-sdk-examples/target/ica.jar:ica-sdk-examples/target/lib/*' \
 *     io.icasdk.examples.SyncExample ./run /runs/r1/
 * }</pre>
 */
public final class SyncExample {
  private SyncExample() {}

  /**
   * Entry point.
   *
   * @param args local folder, remote folder
   * @throws io.icasdk.core.IcaConfigurationException when no ICA credentials are configured
   * @throws io.icasdk.core.IcaException when ICA or storage fails the sync for good (after retries)
   */
  public static void main(String[] args) {
    Path localFolder = Path.of(args.length > 0 ? args[0] : "run");
    String remoteFolder = args.length > 1 ? args[1] : "/runs/r1/";

    IcaClient ica = IcaClient.fromEnvironment();
    try (TransferManager transfers = TransferManager.builder().icaClient(ica).build()) {
      SyncRequest.Builder request = SyncRequest.builder()
          .direction(SyncDirection.UPLOAD)          // DOWNLOAD mirrors the project folder locally
          .localRoot(localFolder)
          .remoteFolder(remoteFolder)               // in the client's default project
          .compareMode(CompareMode.SIZE_AND_MTIME)  // or CHECKSUM, SIZE_ONLY
          .deleteExtra(true)                        // remove remote files that are gone locally ...
          .maxDelete(100)                           // ... but never more than 100 at once
          .exclude("**/*.tmp");

      // 1. Dry run: the plan, nothing changes.
      SyncResult plan = transfers.sync(request.dryRun(true).build()).join();
      for (SyncItem item : plan.plan()) {
        if (item.action() != SyncAction.UNCHANGED) {
          System.out.println(item.action() + " " + item.relativePath() + " (" + item.reason() + ")");
        }
      }

      // 2. The real thing. Deletions run only after every copy succeeded.
      SyncResult result = transfers.sync(request.dryRun(false).build()).join();
      for (FileResult file : result.files()) {
        if (file.outcome() == FileOutcome.FAILED) {
          System.err.println("FAILED " + file.remotePath() + ": " + file.reason());
        }
      }
      System.out.printf("%d uploaded, %d deleted, %d unchanged, %d failed%n",
          result.uploaded(), result.deleted(), result.unchanged(), result.failed());
      System.exit(result.failed() == 0 ? 0 : 1);
    }
  }
}
