package io.icasdk.examples.cli;

import picocli.CommandLine.Option;

/** The {@code -o/--output} option of the commands that move files (upload, download, sync): lines or one JSON object. */
final class ResultFormat {
  @Option(names = {"-o", "--output"}, paramLabel = "<format>",
      description = "table (default: lines for people) or json (one object on standard output when done: the counts,"
          + " each file or step with its outcome and reason; for scripts).")
  Output.Format format = Output.Format.table;

  boolean json() {
    return format == Output.Format.json;
  }
}
