package io.icasdk.examples.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a transfer or sync left alone, one line per reason with its first paths, so that nothing is skipped
 * silently (a broken symbolic link, a named pipe, a file that already exists):
 * {@code   skipped runs/r1/a.fastq, runs/r1/b.fastq: broken symbolic link}. Paths and reasons are printed
 * as {@link IcaCli#printable} and {@link IcaCli#oneLine} show them.
 */
final class SkipReport {
  static final int PATHS_PER_REASON = 3;

  private SkipReport() {}

  static <T> void print(PrintWriter out, List<T> skipped, Function<T, String> path, Function<T, String> reason) {
    Map<String, List<String>> byReason = new LinkedHashMap<>();
    for (T item : skipped) {
      byReason.computeIfAbsent(ToolWords.line(reason.apply(item)), r -> new ArrayList<>())
          .add(IcaCli.printable(path.apply(item)));
    }
    byReason.forEach((why, paths) -> {
      String shown = String.join(", ", paths.subList(0, Math.min(PATHS_PER_REASON, paths.size())));
      int more = paths.size() - PATHS_PER_REASON;
      out.println("  skipped " + shown + (more > 0 ? " and " + more + " more" : "") + ": " + why);
    });
  }
}
