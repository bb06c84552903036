package io.icasdk.examples.cli;

import java.util.ArrayList;
import java.util.List;
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
}
