package io.icasdk.examples.cli;

import io.icasdk.testkit.IcaEmulator;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ica emulator}: runs the ICA emulator (REST + S3 on 127.0.0.1) in the foreground until
 * Ctrl-C, and prints how to point {@code ica}, the SDK or other tools at it.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "emulator",
    description = {
      "Run a local ICA emulator (REST API + S3 on 127.0.0.1) until Ctrl-C, to try ica or your own "
          + "code without an ICA account. Prints the exports that point ica and the SDK at it. "
          + "Here --api-key sets the key the emulator accepts and --project the name of its "
          + "project."
    })
final class EmulatorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--port", paramLabel = "<port>", description = "REST port (default: a free one).")
  int port;

  @Option(names = "--s3-port", paramLabel = "<port>",
      description = "S3 port (default: a free one).")
  int s3Port;

  @Option(
      names = "--data-dir",
      paramLabel = "<dir>",
      description =
          "Keep the emulator's projects and files in this folder across restarts"
              + " (default: a temporary folder).")
  Path dataDir;

  @Option(
      names = "--credential-ttl",
      paramLabel = "<duration>",
      converter = Durations.class,
      description =
          "Lifetime of the temporary S3 credentials it issues, e.g. 30s, 15m (default: ICA's 36h).")
  Duration credentialTtl;

  @Override
  public Integer call() throws Exception {
    IcaCli cli = IcaCli.of(spec);
    IcaEmulator.Builder builder = IcaEmulator.builder();
    if (port != 0) {
      builder.port(port);
    }
    if (s3Port != 0) {
      builder.s3Port(s3Port);
    }
    if (dataDir != null) {
      builder.dataDir(dataDir);
    }
    if (credentialTtl != null) {
      builder.credentialTtl(credentialTtl);
    }
    // The global --api-key is, here, the key the emulator accepts (default: a random one, printed).
    if (cli.apiKey != null) {
      builder.apiKey(cli.apiKey);
    }
    // Likewise --project names its default project (created when its data dir has none of that name).
    if (cli.project != null) {
      builder.projectName(cli.project);
    }
    IcaEmulator emulator;
    try {
      emulator = builder.start();
    } catch (UncheckedIOException e) { // a port taken, a --data-dir that cannot be used
      boolean portTaken = e.getCause() instanceof BindException;
      throw new CliException(ExitCode.ERROR, "cannot start the emulator: " + IcaCli.oneLine(e.getCause().getMessage())
          + (portTaken ? " (another `ica emulator` still running?); choose another --port or --s3-port, or leave"
              + " them out for free ones" : ""), e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    try {
      printBanner(cli.out(), emulator);
      if (cli.standalone()) {
        // Ctrl-C: close (and, with --data-dir, save) before the JVM goes.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          emulator.close();
          stopped.countDown();
        }, "ica-emulator-stop"));
      }
      stopped.await(); // until Ctrl-C, or until the thread is interrupted (tests)
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      emulator.close();
    }
    cli.err().println("Emulator stopped.");
    return ExitCode.OK;
  }

  private static void printBanner(PrintWriter out, IcaEmulator emulator) {
    out.println("ICA emulator running (Ctrl-C to stop).");
    out.println("  REST endpoint: " + emulator.baseUrl());
    out.println("  S3 endpoint:   " + emulator.s3Endpoint() + " (bucket " + emulator.bucket() + ", region " + emulator.region() + ")");
    out.println("  API key:       " + emulator.apiKey());
    out.println("  Project id:    " + emulator.projectId());
    out.println();
    out.println("In another shell, paste these, then use ica as usual (e.g. `ica data list /`):");
    emulator.shellExports().forEach((k, v) -> out.println("export " + k + "=" + CredentialsCommand.shellQuote(v)));
    out.flush();
  }
}
