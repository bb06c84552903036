package io.icasdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.icasdk.core.IcaClient;
import io.icasdk.testkit.IcaEmulator;
import io.icasdk.testkit.IcaEmulatorExtension;
import io.icasdk.transfer.FileResult;
import io.icasdk.transfer.TransferManager;
import io.icasdk.transfer.TransferResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link UploadFolderExample} does what its javadoc says: run twice, the second run succeeds. */
class UploadFolderExampleIT {
  @RegisterExtension static final IcaEmulatorExtension ICA = new IcaEmulatorExtension();

  @Test
  void runTwice_theSecondRunSkipsWhatIsInIca_andSucceeds(IcaEmulator ica, @TempDir Path work) throws Exception {
    Path run = Files.createDirectories(work.resolve("run"));
    Files.writeString(run.resolve("SampleSheet.csv"), "NA12878\n");
    Files.writeString(Files.createDirectories(run.resolve("Logs")).resolve("01_Cycle.log"), "cycle 1\n");
    IcaClient client = IcaClient.builder()
        .baseUrl(ica.baseUrl()).apiKey(ica.apiKey()).defaultProjectId(ica.projectId()).build();
    try (TransferManager transfers = TransferManager.builder().icaClient(client)
        .s3EndpointOverride(ica.s3Endpoint()).journalDirectory(work.resolve("journals")).build()) {
      TransferResult first = UploadFolderExample.upload(transfers, run, "/example/run/");
      assertThat(first.isSuccess()).as(first.toString()).isTrue();
      assertThat(first.succeeded()).isEqualTo(2);

      TransferResult second = UploadFolderExample.upload(transfers, run, "/example/run/");
      assertThat(second.failures()).extracting(FileResult::reason).isEmpty();
      assertThat(second.skipped()).isEqualTo(2);
    }
  }
}
