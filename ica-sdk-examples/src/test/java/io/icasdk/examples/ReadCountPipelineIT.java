package io.icasdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.icasdk.core.IcaClient;
import io.icasdk.testkit.IcaEmulator;
import io.icasdk.testkit.IcaEmulatorExtension;
import io.icasdk.transfer.TransferManager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * How to test your own pipeline without an ICA account: the emulator runs in the test JVM (REST
 * API + S3 on 127.0.0.1), you seed it with input data, point the SDK at it and check what your
 * code wrote back.
 */
class ReadCountPipelineIT {
  // One emulator for all tests of this class; it also resolves as a test method parameter.
  @RegisterExtension static final IcaEmulatorExtension ICA = new IcaEmulatorExtension();

  @Test
  void countsReadsOfEveryFastq_andUploadsTheReport(IcaEmulator ica, @TempDir Path work) {
    // Given: two FASTQ files (3 and 1 reads) and a file the pipeline must ignore.
    String project = ica.projectId();
    ica.seed().putFile(project, "/runs/r1/s1.fastq", utf8("@r1\nACGT\n+\nFFFF\n".repeat(3)));
    ica.seed().putFile(project, "/runs/r1/lane2/s2.fastq", utf8("@r1\nACGT\n+\nFFFF\n"));
    ica.seed().putFile(project, "/runs/r1/RunInfo.xml", utf8("<RunInfo/>"));

    // The client and the transfer manager point at the emulator instead of ICA.
    IcaClient client = IcaClient.builder()
        .baseUrl(ica.baseUrl())
        .apiKey(ica.apiKey())
        .defaultProjectId(project)
        .build();
    try (TransferManager transfers = TransferManager.builder()
        .icaClient(client)
        .s3EndpointOverride(ica.s3Endpoint())
        .journalDirectory(work.resolve("journals"))
        .build()) {

      // When
      Map<String, Long> counts = new ReadCountPipeline(transfers, work).run("/runs/r1/", "/reports/r1/");

      // Then: the result, and the report as ICA stores it.
      assertThat(counts).containsExactly(Map.entry("s1.fastq", 3L), Map.entry("s2.fastq", 1L));
      byte[] report = ica.seed().readFile(project, "/reports/r1/" + ReadCountPipeline.REPORT_NAME).orElseThrow();
      assertThat(new String(report, StandardCharsets.UTF_8))
          .isEqualTo("file\treads\ns1.fastq\t3\ns2.fastq\t1\n");
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
