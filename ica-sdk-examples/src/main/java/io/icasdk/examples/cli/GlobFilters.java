package io.icasdk.examples.cli;

import io.icasdk.transfer.TransferResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Option;

/** The {@code --include}/{@code --exclude} glob options shared by upload, download and sync. */
final class GlobFilters {
  @Option(names = "--include", paramLabel = "<glob>",
      description = "Only files matching (repeatable), e.g. '**/*.fastq.gz'.")
  List<String> include = new ArrayList<>();

  @Option(names = "--exclude", paramLabel = "<glob>",
      description = "Skip files matching (repeatable).")
  List<String> exclude = new ArrayList<>();

  String[] includes() {
    return include.toArray(String[]::new);
  }

  String[] excludes() {
    return exclude.toArray(String[]::new);
  }

  /**
   * After a folder transfer that took no file, says on stderr (also under -q) that the globs left out every
   * file, when the folder has any: a glob that matches nothing, such as {@code *.fastq} for {@code a.fastq.gz},
   * otherwise reads as a transfer that succeeded ("Uploaded 0 files", exit 0).
   *
   * @param folderHasFiles whether the source folder holds a file; asked only when nothing was transferred
   */
  void warnIfTheyLeftOutEverything(IcaCli cli, TransferResult result, String folder, String verb,
      BooleanSupplier folderHasFiles) {
    if ((include.isEmpty() && exclude.isEmpty()) || !result.files().isEmpty() || !folderHasFiles.getAsBoolean()) {
      return;
    }
    cli.err().println("ica: --include and --exclude left out every file of " + IcaCli.printable(folder)
        + ", so nothing was " + verb + "; check them (a glob without / matches a file's name at any depth:"
        + " '*.fastq' does not take a.fastq.gz, '*.fastq*' does)");
  }
}
