package io.icasdk.examples.cli;

import io.icasdk.transfer.FileOutcome;
import io.icasdk.transfer.FileResult;
import io.icasdk.transfer.TransferHandle;
import io.icasdk.transfer.TransferProgress;
import io.icasdk.transfer.TransferResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import software.amazon.awssdk.crt.CRT;

/** Runs a transfer in the foreground: progress, Ctrl-C, summary, exit code. */
final class Transfers {
  private Transfers() {}

  /**
   * A local path made absolute. Its {@code ..} stay for the file system to resolve (the SDK does it the same
   * way): after a symbolic link, {@code link/..} is the parent of the link's target, which a textual
   * {@link Path#normalize} would get wrong. Without {@code ..} it is normalized ({@code ./a} is {@code a}).
   */
  static Path absolute(String arg) {
    Path path = Path.of(arg).toAbsolutePath();
    for (Path name : path) {
      if (name.toString().equals("..")) {
        return path;
      }
    }
    return path.normalize();
  }

  /** A local path that must exist; a usage error (exit 2) otherwise. */
  static Path existingLocal(String arg, String what) {
    Path path = Transfers.absolute(arg);
    if (arg.equals("-") && !Files.exists(path)) {
      throw CliException.usage(what + " '-': only `ica upload - <remote>` reads standard input; give a " + what);
    }
    if (!Files.exists(path)) {
      throw CliException.usage(what + " " + arg + " does not exist");
    }
    if (!Files.isRegularFile(path) && !Files.isDirectory(path)) { // /dev/null, <(cmd), a FIFO
      throw CliException.usage(what + " " + arg + " is neither a file nor a folder (a device or a pipe); to"
          + " upload what a command writes, pipe it: cmd | ica upload - <remote file>");
    }
    return path;
  }

  /** What Ctrl-C prints once a resumable transfer stopped. */
  static final String RESUMABLE = "run the same command again to resume where it stopped.";

  /**
   * Waits for the transfer with progress; on Ctrl-C (standalone runs) cancels it cleanly so that
   * rerunning resumes.
   */
  static TransferResult await(IcaCli cli, String label, TransferHandle handle) throws Exception {
    return await(cli, label, handle.completion(), handle::progress, handle::cancel, RESUMABLE);
  }

  /**
   * {@link #await(IcaCli, String, TransferHandle)} for any job with a completion, progress and cancel.
   *
   * @param afterInterrupt what to do after Ctrl-C stopped it, e.g. {@link #RESUMABLE}
   */
  static <T> T await(IcaCli cli, String label, CompletableFuture<T> completion,
      Supplier<TransferProgress> progress, Runnable cancel, String afterInterrupt) throws Exception {
    Thread hook = null;
    AtomicBoolean interrupted = new AtomicBoolean();
    boolean crtHeld = false;
    if (cli.standalone()) {
      crtHeld = holdCrt();
      boolean release = crtHeld;
      hook = new Thread(() -> {
        try {
          cancelOnExit(cli, completion, cancel, interrupted, afterInterrupt);
        } finally {
          releaseCrt(release);
        }
      }, "ica-cancel-on-exit");
      Runtime.getRuntime().addShutdownHook(hook);
    }
    try {
      return cli.progress(label).await(completion, progress);
    } catch (ExecutionException e) {
      throw (Exception) IcaCli.unwrap(e);
    } catch (CancellationException e) {
      if (interrupted.get()) { // Ctrl-C: the JVM is exiting and the hook reports it; nothing to add here
        Thread.sleep(Long.MAX_VALUE);
      }
      throw e;
    } finally {
      if (hook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
          releaseCrt(crtHeld);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running: it owns the job and the CRT now
        }
      }
    }
  }

  /**
   * Keeps the AWS CRT working through the JVM's exit until our hook has cancelled the job: the CRT's own
   * exit hook otherwise stops its callbacks at once, and every request's cancel then waits in vain.
   *
   * @return whether a reference is held (false when the CRT cannot load: the job then does not use it)
   */
  private static boolean holdCrt() {
    try {
      CRT.acquireShutdownRef();
      return true;
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static void releaseCrt(boolean held) {
    if (held) {
      CRT.releaseShutdownRef();
    }
  }

  private static void cancelOnExit(IcaCli cli, CompletableFuture<?> completion, Runnable cancel,
      AtomicBoolean interrupted, String afterInterrupt) {
    if (completion.isDone()) {
      return;
    }
    interrupted.set(true);
    cancel.run();
    try {
      completion.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | CancellationException e) {
      // cancelled: expected
    }
    PrintWriter err = cli.err();
    err.println();
    err.println("ica: interrupted; " + afterInterrupt);
    err.flush();
  }

  /**
   * Prints the summary (unless -q; failures always) and returns 0, or 1 when some files failed.
   *
   * @param verb past tense, e.g. "uploaded"
   */
  static int summarize(IcaCli cli, String verb, TransferResult result, ResultFormat output) {
    List<FileResult> failed =
        result.files().stream().filter(f -> f.outcome() == FileOutcome.FAILED).toList();
    if (output.json()) {
      printJson(cli, result);
    } else if (!cli.quiet()) {
      PrintWriter out = cli.out();
      double seconds = Math.max(0.001, result.duration().toMillis() / 1000.0);
      StringBuilder line = new StringBuilder();
      line.append(capitalize(verb)).append(' ').append(result.succeeded()).append(result.succeeded() == 1 ? " file" : " files")
          .append(" (").append(Sizes.bytes(result.bytesTransferred())).append(") in ")
          .append(Sizes.duration(result.duration())).append(", ")
          .append(Sizes.rate(result.bytesTransferred() / seconds));
      if (result.skipped() > 0) {
        line.append("; ").append(result.skipped()).append(" skipped");
      }
      if (result.bytesSkippedByResume() > 0) {
        line.append("; resumed, ").append(Sizes.bytes(result.bytesSkippedByResume())).append(" not sent again");
      }
      if (!failed.isEmpty()) {
        line.append("; ").append(failed.size()).append(" failed");
      }
      out.println(line.append('.'));
      List<FileResult> skipped = result.files().stream().filter(f -> f.outcome() == FileOutcome.SKIPPED).toList();
      SkipReport.print(out, skipped, FailureReport::path, FileResult::reason);
      if (skipped.stream().anyMatch(FileResult::isSkippedBecauseItExists)) {
        out.println("  " + FailureReport.CLI_SKIPPED_EXISTING_HINT);
      }
      if (cli.verbosity() > 0) {
        for (FileResult f : result.files()) {
          out.println("  " + f.outcome().name().toLowerCase(java.util.Locale.ROOT) + "  " + FailureReport.path(f));
        }
      }
    }
    if (failed.isEmpty()) {
      return ExitCode.OK;
    }
    FailureReport.print(cli.err(), failed, failed.size(), result.files().size(), true);
    return ExitCode.PARTIAL_FAILURE;
  }

  /** The result as one JSON object: the counts and every file with its outcome, names as they are. */
  private static void printJson(IcaCli cli, TransferResult r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("succeeded", r.succeeded());
    json.put("skipped", r.skipped());
    json.put("failed", r.failures().size());
    json.put("bytesTransferred", r.bytesTransferred());
    json.put("bytesSkippedByResume", r.bytesSkippedByResume());
    json.put("seconds", r.duration().toMillis() / 1000.0);
    json.put("files", r.files().stream().map(Transfers::json).toList());
    Output.printJson(cli.out(), json);
  }

  /** A file's result for -o json: outcome, paths, sizes, reason. */
  static Map<String, Object> json(FileResult f) {
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("outcome", f.outcome().name().toLowerCase(java.util.Locale.ROOT));
    file.put("remotePath", f.remotePath());
    file.put("localPath", f.localPath() == null ? null : f.localPath().toString());
    file.put("sizeInBytes", f.sizeInBytes());
    file.put("bytesTransferred", f.bytesTransferred());
    file.put("resumed", f.resumed());
    file.put("reason", f.reason());
    return file;
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
