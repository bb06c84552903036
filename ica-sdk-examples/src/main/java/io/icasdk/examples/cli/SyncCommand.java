package io.icasdk.examples.cli;

import io.icasdk.transfer.CompareMode;
import io.icasdk.transfer.FileOutcome;
import io.icasdk.transfer.FileResult;
import io.icasdk.transfer.SyncAction;
import io.icasdk.transfer.SyncDeleteLimitException;
import io.icasdk.transfer.SyncDirection;
import io.icasdk.transfer.SyncHandle;
import io.icasdk.transfer.SyncItem;
import io.icasdk.transfer.SyncRequest;
import io.icasdk.transfer.SyncResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ica sync <src> <dst>}: either direction; the remote side is written {@code ica:/folder/}. */
@Command(
    mixinStandardHelpOptions = true,
    name = "sync",
    description = {
      "Make <dst> like <src>, copying only what differs. Exactly one side is remote, written "
          + "ica:/folder/ (a folder of the project); the other is a local folder. So:",
      "  ica sync ./run ica:/runs/r1/      uploads (local -> project)",
      "  ica sync ica:/runs/r1/ ./run      downloads (project -> local)",
      "Files differ when their sizes differ or the source is newer (default), when their checksums "
          + "differ (--checksum), or when their sizes differ (--size-only)."
    })
final class SyncCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<src>",
      description = "Source: a local folder, or ica:/folder/.")
  String source;

  @Parameters(index = "1", paramLabel = "<dst>",
      description = "Destination: ica:/folder/, or a local folder.")
  String destination;

  @Option(names = "--delete",
      description =
          "Delete destination files that are not in the source, then its folders that are not, once they hold"
              + " nothing else (after all copies succeeded).")
  boolean delete;

  @Option(
      names = "--max-delete",
      paramLabel = "<n>",
      description = "With --delete: refuse to delete more than n files and folders (default: no limit, but a source"
          + " holding no file deletes nothing without it).")
  Integer maxDelete;

  @Option(names = {"-n", "--dry-run"}, description = "Print what would be done, change nothing.")
  boolean dryRun;

  @ArgGroup(exclusive = true)
  Comparison comparison = new Comparison();

  /** The comparison flags, mutually exclusive. */
  static final class Comparison {
    @Option(names = "--checksum",
        description = "Compare content checksums (reads local files; cached between runs).")
    boolean checksum;

    @Option(names = "--size-only", description = "Compare sizes only.")
    boolean sizeOnly;
  }

  @Mixin GlobFilters filters;

  @Option(names = "--follow-symlinks",
      description = "Upload what symbolic links in the local folder lead to (default: skip them).")
  boolean followSymlinks;

  @Option(names = "--empty-folders",
      description = "Also create the source's empty folders at the destination (default: files only).")
  boolean emptyFolders;

  @Mixin ResultFormat output;

  @Override
  public Integer call() throws Exception {
    IcaCli cli = IcaCli.of(spec);
    boolean srcRemote = RemotePath.isMarkedRemote(source);
    boolean dstRemote = RemotePath.isMarkedRemote(destination);
    if (srcRemote == dstRemote) {
      throw CliException.usage(
          "sync needs exactly one remote side, written ica:/folder/ - e.g. `ica sync ./run ica:/runs/r1/`"
              + " to upload or `ica sync ica:/runs/r1/ ./run` to download");
    }
    if (maxDelete != null && !delete) {
      throw CliException.usage("--max-delete only makes sense with --delete");
    }
    if (maxDelete != null && maxDelete < 0) {
      throw CliException.usage("--max-delete must be 0 or more, got " + maxDelete);
    }
    SyncDirection direction = srcRemote ? SyncDirection.DOWNLOAD : SyncDirection.UPLOAD;
    if (followSymlinks && direction == SyncDirection.DOWNLOAD) { // its plan would promise writes the run refuses
      throw CliException.usage("--follow-symlinks is for syncs from a local folder: a download never writes through"
          + " a symbolic link (it would leave the local folder), so the links are left alone without it");
    }
    String remote = RemotePath.folder(srcRemote ? source : destination, srcRemote ? "<src>" : "<dst>");
    Path local;
    if (direction == SyncDirection.UPLOAD) {
      local = Transfers.existingLocal(source, "local folder");
      if (!Files.isDirectory(local)) {
        throw CliException.usage("sync works on folders: " + source + " is a file; use `ica upload` for one file");
      }
    } else {
      local = Transfers.absolute(destination);
      if (Files.exists(local) && !Files.isDirectory(local)) {
        throw CliException.usage("sync works on folders: " + destination + " is a file");
      }
    }
    CompareMode mode = comparison.checksum ? CompareMode.CHECKSUM
        : comparison.sizeOnly ? CompareMode.SIZE_ONLY : CompareMode.SIZE_AND_MTIME;
    Session session = cli.session();
    SyncRequest.Builder request = SyncRequest.builder()
        .direction(direction)
        .localRoot(local)
        .projectId(session.project().id())
        .remoteFolder(remote)
        .compareMode(mode)
        .deleteExtra(delete)
        .dryRun(dryRun)
        .include(filters.includes())
        .exclude(filters.excludes())
        .followSymlinks(followSymlinks)
        .createEmptyFolders(emptyFolders);
    if (maxDelete != null) {
      request.maxDelete(maxDelete);
    }
    SyncHandle handle = session.transferManager().sync(request.build());
    SyncResult result;
    try {
      result = dryRun
          ? handle.join()
          : Transfers.await(cli, "sync", handle.completion(), handle::progress, handle::cancel, Transfers.RESUMABLE);
    } catch (SyncDeleteLimitException limit) {
      printSummary(cli, limit.result(), output);
      cli.err().println(limit.sourceEmpty()
          ? "ica: the source folder holds no file (that the filters take), and --delete would delete "
              + (limit.plannedDeletes() == 1 ? "the one file or folder" : "all " + limit.plannedDeletes()
              + " files and folders") + " at the destination, so nothing was deleted. Check the source folder (an unmounted drive"
              + " looks empty); to empty the destination on purpose, add --max-delete " + limit.plannedDeletes() + "."
          : "ica: sync planned " + limit.plannedDeletes()
              + (limit.plannedDeletes() == 1 ? " deletion" : " deletions") + " (files and folders), more than"
              + " --max-delete " + limit.maxDelete() + ", so nothing was deleted. Check the source folder; review"
              + " with --dry-run, or raise --max-delete if the deletions are intended.");
      return ExitCode.PARTIAL_FAILURE;
    }
    if (dryRun && !output.json()) {
      printPlan(cli, result);
    }
    printSummary(cli, result, output);
    long plannedDeletes = result.itemsWith(SyncAction.DELETE).size();
    if (result.plan().stream().anyMatch(SyncItem::refusedByARealRun)) { // as the real run will end: a pre-flight check
      cli.err().println("ica: a real run would refuse its " + plannedDeletes
          + (plannedDeletes == 1 ? " deletion" : " deletions") + " (files and folders), "
          + (maxDelete != null ? "more than --max-delete " + maxDelete : "the source folder holding no file")
          + ", and delete nothing (exit 1). Check the source folder, or "
          + (maxDelete != null ? "raise" : "add") + " --max-delete if the deletions are intended.");
      return ExitCode.PARTIAL_FAILURE;
    }
    return reportFailures(cli, result);
  }

  private static void printPlan(IcaCli cli, SyncResult result) {
    PrintWriter out = cli.out();
    for (SyncItem item : result.plan()) {
      if (item.action() == SyncAction.UNCHANGED && cli.verbosity() == 0) {
        continue;
      }
      out.printf(Locale.ROOT, "%-8s %s  (%s)%n", item.action().name().toLowerCase(Locale.ROOT),
          IcaCli.printable(item.relativePath()), ToolWords.line(item.reason()));
    }
  }

  private static void printSummary(IcaCli cli, SyncResult r, ResultFormat output) {
    if (output.json()) {
      printJson(cli, r);
      return;
    }
    if (cli.quiet()) {
      return;
    }
    List<SyncItem> skipped = r.itemsWith(SyncAction.SKIP);
    String counts = r.uploaded() + " uploaded, " + r.downloaded() + " downloaded, " + r.deleted() + " deleted, "
        + r.unchanged() + " unchanged" + (skipped.isEmpty() ? "" : ", " + skipped.size() + " skipped")
        + (r.failed() > 0 ? ", " + r.failed() + " failed" : "");
    if (r.dryRun()) {
      cli.out().println("Dry run, nothing changed. Would do: " + counts.replace(" uploaded", " to upload")
          .replace(" downloaded", " to download").replace(" deleted", " to delete") + ".");
    } else {
      cli.out().println("Synced: " + counts + "; " + Sizes.bytes(r.bytesTransferred()) + " in " + Sizes.duration(r.duration()) + ".");
      SkipReport.print(cli.out(), skipped, SyncItem::relativePath, SyncItem::reason); // a dry run listed them
    }
  }

  /** The result as one JSON object: counts, every step of the plan (unchanged ones too), the failures. */
  private static void printJson(IcaCli cli, SyncResult r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("dryRun", r.dryRun());
    json.put("uploaded", r.uploaded());
    json.put("downloaded", r.downloaded());
    json.put("deleted", r.deleted());
    json.put("unchanged", r.unchanged());
    json.put("skipped", r.itemsWith(SyncAction.SKIP).size());
    json.put("failed", r.failed());
    json.put("bytesTransferred", r.bytesTransferred());
    json.put("seconds", r.duration().toMillis() / 1000.0);
    List<Map<String, Object>> steps = new ArrayList<>();
    for (SyncItem item : r.plan()) {
      Map<String, Object> step = new LinkedHashMap<>();
      step.put("action", item.action().name().toLowerCase(Locale.ROOT));
      step.put("path", item.relativePath());
      step.put("reason", item.reason());
      steps.add(step);
    }
    json.put("plan", steps);
    List<Map<String, Object>> failures = new ArrayList<>();
    for (SyncItem item : r.dryRun() ? r.itemsWith(SyncAction.FAIL) : List.<SyncItem>of()) { // a real run has their files
      Map<String, Object> failure = new LinkedHashMap<>();
      failure.put("path", item.relativePath());
      failure.put("reason", item.reason());
      failures.add(failure);
    }
    r.files().stream().filter(f -> f.outcome() == FileOutcome.FAILED).map(Transfers::json).forEach(failures::add);
    json.put("failures", failures);
    Output.printJson(cli.out(), json);
  }

  private static int reportFailures(IcaCli cli, SyncResult result) {
    List<FileResult> failed = result.files().stream().filter(f -> f.outcome() == FileOutcome.FAILED).toList();
    if (failed.isEmpty() && result.failed() == 0) {
      return ExitCode.OK;
    }
    if (result.dryRun()) { // no file moved: the plan's steps that fail, with their reasons, as the real run will
      List<SyncItem> wouldFail = result.itemsWith(SyncAction.FAIL);
      long count = Math.max(result.failed(), wouldFail.size());
      PrintWriter err = cli.err();
      err.println("ica: a real run would fail " + count + (count == 1 ? " file:" : " files:"));
      wouldFail.stream().limit(FailureReport.MAX_LISTED).forEach(item ->
          err.println("  " + IcaCli.printable(item.relativePath()) + ": " + ToolWords.line(item.reason())));
      if (count > Math.min(FailureReport.MAX_LISTED, wouldFail.size())) {
        err.println("  ... and " + (count - Math.min(FailureReport.MAX_LISTED, wouldFail.size())) + " more");
      }
      return ExitCode.PARTIAL_FAILURE;
    }
    FailureReport.print(cli.err(), failed, Math.max(result.failed(), failed.size()), -1, false);
    return ExitCode.PARTIAL_FAILURE;
  }
}
