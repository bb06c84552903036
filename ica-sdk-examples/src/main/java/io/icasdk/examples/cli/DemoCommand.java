package io.icasdk.examples.cli;

import io.icasdk.core.IcaClient;
import io.icasdk.core.model.ProjectId;
import io.icasdk.testkit.IcaEmulator;
import io.icasdk.transfer.SyncDirection;
import io.icasdk.transfer.SyncHandle;
import io.icasdk.transfer.SyncRequest;
import io.icasdk.transfer.SyncResult;
import io.icasdk.transfer.TransferHandle;
import io.icasdk.transfer.TransferListener;
import io.icasdk.transfer.TransferManager;
import io.icasdk.transfer.TransferProgress;
import io.icasdk.transfer.TransferResult;
import io.icasdk.transfer.UploadRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ica demo}: the whole story with nothing configured - an embedded ICA emulator, a sample
 * sequencing run, an interrupted and resumed upload, a download verified byte for byte.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "demo",
    description = {
      "Show ica-sdk at work with nothing configured: starts an embedded ICA emulator, writes a "
          + "sample sequencing run, uploads it, interrupts the upload and resumes it, changes a "
          + "few files and syncs, downloads everything again and verifies every byte."
          + " Well under a minute."
    })
final class DemoCommand implements Callable<Integer> {
  private static final String REMOTE_RUN = "/runs/" + SampleRun.RUN_NAME + "/";

  @Spec CommandSpec spec;

  @Option(
      names = "--dir",
      paramLabel = "<dir>",
      description =
          "Working folder for the sample and the downloaded copy"
              + " (default: a new temporary folder).")
  Path dir;

  @Option(
      names = "--fastq-size",
      paramLabel = "<size>",
      converter = Sizes.Converter.class,
      description = "Size of each of the 4 FASTQ files (default: 24MiB).")
  long fastqBytes = 24L << 20;

  @Option(
      names = "--cycles",
      paramLabel = "<n>",
      description = "Sequencing cycles to fake; each adds 4 small files (default: 40).")
  int cycles = 40;

  @Option(
      names = "--interrupt-bandwidth",
      hidden = true,
      paramLabel = "<size>",
      converter = Sizes.Converter.class,
      description =
          "S3 bandwidth during the upload that gets interrupted, per second (default: 50MiB).")
  long interruptBandwidth = 50L << 20;

  private PrintWriter out;
  private boolean quiet;

  @Override
  public Integer call() throws Exception {
    IcaCli cli = IcaCli.of(spec);
    Session.checkTransferSettings(cli); // before anything is written: a rerun with the same --dir must not be refused
    out = cli.out();
    quiet = cli.quiet();
    Path work = dir != null ? Files.createDirectories(dir.toAbsolutePath()) : Files.createTempDirectory("ica-demo-");
    Path local = work.resolve("local");
    Path downloaded = work.resolve("downloaded");
    if (Files.exists(local) || Files.exists(downloaded)) {
      throw CliException.usage(work + " already holds a demo; pass --dir with a new or empty folder");
    }
    long started = System.nanoTime();

    step("Writing a sample sequencing run");
    SampleRun.Stats sample = new SampleRun(42).write(local, fastqBytes, cycles);
    say("%d files, %s, in %s", sample.files(), Sizes.bytes(sample.bytes()), sample.root());

    step("Starting an ICA emulator (REST API + S3 on 127.0.0.1)");
    try (IcaEmulator emulator = IcaEmulator.builder().dataDir(work.resolve("emulator")).start()) {
      say("ICA endpoint %s, project %s", emulator.baseUrl(), emulator.projectId());
      IcaClient client =
          IcaClient.builder()
              .environment(Map.of())
              .userHome(work)
              .baseUrl(emulator.baseUrl())
              .apiKey(emulator.apiKey())
              .defaultProjectId(emulator.projectId())
              .allowInsecureHttp(true)
              .build();
      ProjectId project = new ProjectId(emulator.projectId());
      String remoteRun = REMOTE_RUN;

      step("Uploading the run to " + remoteRun + ", and pulling the plug part-way");
      // Its own TransferManager, closed after the interruption, as if the process had died; and a
      // network of 50 MiB/s so that the interruption lands mid-way even on a fast disk. The emulator
      // caps each stream, so this upload sends one request at a time: with many in parallel, they
      // all finished together and the cancel could come too late.
      emulator.faults().s3BandwidthBytesPerSecond(interruptBandwidth);
      try (TransferManager doomed = transferManager(cli, client, emulator, work, 1)) {
        interruptedUpload(cli, doomed, project, sample.root(), sample.bytes());
      } finally {
        emulator.faults().reset();
      }

      try (TransferManager tm = transferManager(cli, client, emulator, work, 0)) {
        step("Running the same upload again (a new TransferManager): it resumes from its journal");
        TransferResult resumed = Transfers.await(cli, "upload", tm.upload(upload(project, sample.root())));
        requireSuccess(resumed, "resumed upload");
        say("all %d files are in ICA: %s sent now; %s that had landed before the interruption were not sent again",
            resumed.succeeded() + resumed.skipped(), Sizes.bytes(resumed.bytesTransferred()),
            Sizes.bytes(resumed.bytesSkippedByResume()));

        step("Changing a few files locally, then syncing: only the changes travel");
        String changes = changeSomeFiles(sample.root());
        say("%s", changes);
        SyncHandle sync = tm.sync(SyncRequest.builder()
            .direction(SyncDirection.UPLOAD).localRoot(sample.root()).projectId(project)
            .remoteFolder(remoteRun).deleteExtra(true).build());
        SyncResult synced = cli.progress("sync").await(sync.completion(), sync::progress);
        if (!synced.isSuccess()) {
          throw CliException.failure("sync failed for " + synced.failed() + " files");
        }
        say("%d uploaded, %d deleted, %d unchanged; %s sent",
            synced.uploaded(), synced.deleted(), synced.unchanged(), Sizes.bytes(synced.bytesTransferred()));

        step("Downloading everything to a new folder");
        TransferResult download =
            Transfers.await(cli, "download", tm.download(r -> r.projectId(project).remotePath(remoteRun).target(downloaded)));
        requireSuccess(download, "download");
        say("%d files, %s", download.succeeded(), Sizes.bytes(download.bytesTransferred()));

        step("Verifying every byte");
        Verification v = verify(sample.root(), downloaded);
        say("%d files, %s: identical to the originals", v.files(), Sizes.bytes(v.bytes()));
      }
    }

    quiet = false; // the outcome and where it is: printed under -q too
    step("Done in " + Sizes.duration(Duration.ofNanos(System.nanoTime() - started)));
    say("Sample run:       %s", sample.root());
    say("Downloaded copy:  %s", downloaded);
    say("Journals:         %s", work.resolve("journals"));
    say("All of it, with the emulator's store, takes %s: `rm -rf %s` removes it.", Sizes.bytes(sizeOf(work)),
        IcaCli.printable(work.toString()));
    quiet = cli.quiet();
    say("Next: `ica emulator` runs the emulator on its own, so you can try `ica upload`, `ica sync` and");
    say("      `ica credentials` yourself; with an ICA API key, the same commands work against ICA.");
    return ExitCode.OK;
  }

  /** Bytes in the files below a folder. */
  private static long sizeOf(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  /** @param requestsInFlight S3 requests at once (and files), or 0 for the defaults and {@code --concurrency} */
  private static TransferManager transferManager(IcaCli cli, IcaClient client, IcaEmulator emulator, Path work,
      int requestsInFlight) {
    TransferManager.Builder builder =
        TransferManager.builder()
            .icaClient(client)
            .s3EndpointOverride(emulator.s3Endpoint())
            .journalDirectory(work.resolve("journals"))
            .partSizeInBytes(cli.partSizeInBytes != null ? cli.partSizeInBytes : 5L << 20);
    if (requestsInFlight > 0) {
      builder.maxFilesInFlight(requestsInFlight).maxRequestsInFlight(requestsInFlight);
    } else if (cli.concurrency != null) {
      builder.maxFilesInFlight(cli.concurrency);
    }
    return builder.build();
  }

  /** Starts the upload and cancels it at 40%. */
  private void interruptedUpload(
      IcaCli cli, TransferManager tm, ProjectId project, Path source, long sampleBytes) throws Exception {
    CompletableFuture<TransferProgress> threshold = new CompletableFuture<>();
    TransferListener interrupter =
        new TransferListener() {
          @Override
          public void onProgress(TransferProgress p) {
            // 40% of the whole sample (the engine's total grows while it walks the folder).
            if (p.bytesTransferred() * 5 >= sampleBytes * 2) {
              threshold.complete(p);
            }
          }
        };
    UploadRequest request = UploadRequest.builder()
        .source(source).projectId(project).remoteFolder(REMOTE_RUN)
        .overwrite(io.icasdk.transfer.OverwritePolicy.SKIP_EXISTING)
        .listener(interrupter).build();
    TransferHandle handle = tm.upload(request);
    // Cancel from our own thread, never from the engine's callback thread.
    threshold.thenRunAsync(handle::cancel);
    try {
      TransferResult result = cli.progress("upload").await(handle.completion(), handle::progress);
      say("The upload finished before it could be interrupted (%d files); the next step has nothing to resume.",
          result.succeeded());
    } catch (CancellationException | ExecutionException e) {
      Throwable cause = IcaCli.unwrap(e);
      if (!threshold.isDone()) {
        throw e instanceof ExecutionException ? (Exception) cause : e;
      }
      TransferProgress p = threshold.join();
      say("Cancelled at %d%% (%s of %s acknowledged, %d files complete);"
              + " the TransferManager is closed as if the process had died",
          Math.round(100.0 * p.bytesTransferred() / Math.max(1, sampleBytes)),
          Sizes.bytes(p.bytesTransferred()), Sizes.bytes(sampleBytes), p.filesDone());
    }
  }

  /** Edits two files, adds two, deletes one; returns what it did. */
  private static String changeSomeFiles(Path run) throws IOException {
    Files.writeString(run.resolve("SampleSheet.csv"), "NA12891,GATCGATC,CCAATTGG\n", StandardOpenOption.APPEND);
    Files.writeString(run.resolve("Logs/01_Cycle.log"), "Cycle 1 re-imaged after a focus warning\n", StandardOpenOption.APPEND);
    Path reports = Files.createDirectories(run.resolve("Analysis/1/Reports"));
    Files.writeString(reports.resolve("Demultiplex_Stats.csv"), "Lane,SampleID,# Reads\n1,NA12878,66000\n1,NA24385,66000\n");
    Files.writeString(reports.resolve("Quality_Metrics.csv"), "Lane,SampleID,Mean Quality\n1,NA12878,35.2\n1,NA24385,35.4\n");
    Files.delete(run.resolve("Logs/24_Cycle.log"));
    return "changed SampleSheet.csv and Logs/01_Cycle.log, added 2 reports, deleted Logs/24_Cycle.log";
  }

  private static UploadRequest upload(ProjectId project, Path source) {
    return UploadRequest.builder()
        .source(source).projectId(project).remoteFolder(REMOTE_RUN)
        .overwrite(io.icasdk.transfer.OverwritePolicy.SKIP_EXISTING)
        .build();
  }

  private static void requireSuccess(TransferResult result, String what) {
    if (!result.isSuccess()) {
      throw CliException.failure(what + " failed for " + result.failed() + " files, e.g. "
          + result.files().stream().filter(f -> f.reason() != null).findFirst().map(f -> f.remotePath() + ": " + f.reason()).orElse("?"));
    }
  }

  record Verification(int files, long bytes) {}

  /** Both trees hold the same relative paths with identical bytes; a failure (exit 4) otherwise. */
  static Verification verify(Path expectedRoot, Path actualRoot) throws IOException {
    TreeSet<String> expected = relativeFiles(expectedRoot);
    TreeSet<String> actual = relativeFiles(actualRoot);
    if (!expected.equals(actual)) {
      TreeSet<String> missing = new TreeSet<>(expected);
      missing.removeAll(actual);
      TreeSet<String> extra = new TreeSet<>(actual);
      extra.removeAll(expected);
      throw CliException.failure("verification failed: missing " + first(missing) + ", unexpected " + first(extra));
    }
    long bytes = 0;
    for (String rel : expected) {
      Path a = expectedRoot.resolve(rel);
      Path b = actualRoot.resolve(rel);
      long mismatch = Files.mismatch(a, b);
      if (mismatch != -1) {
        throw CliException.failure("verification failed: " + rel + " differs at byte " + mismatch);
      }
      bytes += Files.size(a);
    }
    return new Verification(expected.size(), bytes);
  }

  private static TreeSet<String> relativeFiles(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      TreeSet<String> files = new TreeSet<>();
      walk.filter(Files::isRegularFile).forEach(p -> files.add(root.relativize(p).toString().replace('\\', '/')));
      return files;
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static String first(TreeSet<String> items) {
    if (items.isEmpty()) {
      return "none";
    }
    List<String> shown = new ArrayList<>(items).subList(0, Math.min(3, items.size()));
    return items.size() + " (" + String.join(", ", shown) + (items.size() > 3 ? ", ..." : "") + ")";
  }

  private int stepNumber;

  private void step(String title) {
    if (quiet) {
      return;
    }
    out.println();
    out.println("== " + (++stepNumber) + ". " + title);
    out.flush();
  }

  private void say(String format, Object... args) {
    if (quiet) {
      return;
    }
    out.println("   " + String.format(format, args));
    out.flush();
  }

}
