package io.icasdk.examples.cli;

import io.icasdk.transfer.FileResult;
import java.io.PrintWriter;
import java.util.List;

/**
 * The failed files of a transfer or sync, on stderr: each with its reason (the first 20), or, when they
 * all failed for the same reason (an S3 endpoint that cannot be reached, a key without access), that
 * reason once and then their paths.
 */
final class FailureReport {
  static final int MAX_LISTED = 20;

  private FailureReport() {}

  /**
   * @param failed the failed files (may be fewer than {@code count} when the job did not list them all)
   * @param count  how many files failed
   * @param of     how many files the job had, or -1 when unknown
   * @param verboseListsAll whether {@code -v} lists every file of the job (the transfer commands)
   */
  static void print(PrintWriter err, List<FileResult> failed, long count, long of, boolean verboseListsAll) {
    String files = count + (of >= 0 ? " of " + of : "") + ((of >= 0 ? of : count) == 1 ? " file" : " files")
        + " failed";
    boolean allKnown = failed.size() == count; // only then can "all" be said
    String shared = allKnown && count > 1 && failed.stream().map(FailureReport::reason).distinct().count() == 1
        ? reason(failed.get(0)) : null;
    // A file kept because it exists, or refused (a name that would leave the target, a link in the way), fails
    // again the same way: its reason says what to do instead.
    boolean retry = !allKnown || !failed.stream().allMatch(FailureReport::failsAgain);
    if (shared != null) {
      err.println("ica: " + files + ", all with: " + shared);
      if (retry) {
        err.println("Run the same command again to retry them:");
      }
    } else {
      err.println("ica: " + files + (retry ? "; run the same command again to retry them:" : ":"));
    }
    failed.stream().limit(MAX_LISTED)
        .forEach(f -> err.println("  " + path(f) + (shared != null ? "" : ": " + reason(f))));
    int listed = Math.min(MAX_LISTED, failed.size());
    if (count > listed) {
      err.println("  ... and " + (count - listed) + " more"
          + (verboseListsAll ? " (run with -v for the full list)" : ""));
    }
  }

  /** Whether running the same command again cannot help (the reason says what to change instead). */
  private static boolean failsAgain(FileResult f) {
    String reason = reason(f);
    return reason.contains(CLI_EXISTS_HINT) || reason.startsWith("Refused ");
  }

  /** The SDK's reason on one line, in the tool's words where the SDK names its API. */
  static String reason(FileResult f) {
    return ToolWords.line(f.reason());
  }

  /** What the SDK says of a file that exists at the destination, and what {@code --overwrite} does about it. */
  static final String SDK_EXISTS_HINT = "Use OverwritePolicy.OVERWRITE to replace it or SKIP_EXISTING to keep it";
  static final String CLI_EXISTS_HINT = "Use --overwrite overwrite to replace it, or --overwrite skip to keep it";

  /** What keeping existing files means, for when the skip policy left some alone. */
  static final String CLI_SKIPPED_EXISTING_HINT =
      "(existing files are kept: --overwrite overwrite replaces them, `ica sync` copies only what changed)";

  /** The file's remote path (else its local one), printable. */
  static String path(FileResult f) {
    return IcaCli.printable(f.remotePath() != null ? f.remotePath() : String.valueOf(f.localPath()));
  }
}
