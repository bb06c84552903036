package io.icasdk.examples;

import io.icasdk.transfer.TransferManager;
import io.icasdk.transfer.TransferResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * "Your own pipeline": a tiny analysis step that reads FASTQ files from a project folder, counts
 * their reads and writes a report back to the project. {@code ReadCountPipelineIT} shows how to
 * test code like this against the ICA emulator, with no ICA account.
 *
 * <pre>{@code
 * try (TransferManager transfers = TransferManager.builder().icaClient(IcaClient.fromEnvironment()).build()) {
 *   Map<String, Long> counts = new ReadCountPipeline(transfers, workDir).run("/runs/r1/", "/reports/r1/");
 * }
 * }</pre>
 *
 * <p>Not thread-safe; one run at a time per work folder.
 */
public final class ReadCountPipeline {
  /** Name of the report written into the output folder. */
  public static final String REPORT_NAME = "read-counts.tsv";

  private final TransferManager transfers;
  private final Path workDir;

  /**
   * A pipeline working in {@code workDir}; never throws.
   *
   * @param transfers the transfer engine (its client's default project is used)
   * @param workDir local scratch folder
   */
  public ReadCountPipeline(TransferManager transfers, Path workDir) {
    this.transfers = transfers;
    this.workDir = workDir;
  }

  /**
   * Counts the reads of every {@code *.fastq} under {@code inputFolder} and uploads a TSV report to
   * {@code outputFolder}.
   *
   * @return reads per file name
   * @throws IllegalStateException when a transfer fails for some file
   * @throws UncheckedIOException when local files cannot be read or written
   * @throws io.icasdk.core.IcaException when ICA refuses a call
   */
  public Map<String, Long> run(String inputFolder, String outputFolder) {
    Path input = workDir.resolve("input");
    TransferResult download =
        transfers.download(d -> d.remotePath(inputFolder).target(input).include("**.fastq")).join();
    if (!download.isSuccess()) {
      throw new IllegalStateException(download.failed() + " files could not be downloaded");
    }

    Map<String, Long> counts = new TreeMap<>();
    try (Stream<Path> files = Files.walk(input)) {
      for (Path fastq : files.filter(p -> p.toString().endsWith(".fastq")).toList()) {
        counts.put(fastq.getFileName().toString(), countReads(fastq));
      }
      Path report = Files.createDirectories(workDir.resolve("output")).resolve(REPORT_NAME);
      StringBuilder tsv = new StringBuilder("file\treads\n");
      counts.forEach((name, reads) -> tsv.append(name).append('\t').append(reads).append('\n'));
      Files.writeString(report, tsv, StandardCharsets.UTF_8);

      TransferResult upload =
          transfers.upload(u -> u.source(report).remoteFolder(outputFolder)
              .overwrite(io.icasdk.transfer.OverwritePolicy.OVERWRITE)).join();
      if (!upload.isSuccess()) {
        throw new IllegalStateException("the report could not be uploaded");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return counts;
  }

  private static long countReads(Path fastq) throws IOException {
    long lines = 0;
    try (BufferedReader reader = Files.newBufferedReader(fastq, StandardCharsets.US_ASCII)) {
      while (reader.readLine() != null) {
        lines++;
      }
    }
    return lines / 4;
  }
}
