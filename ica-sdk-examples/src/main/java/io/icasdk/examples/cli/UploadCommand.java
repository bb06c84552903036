package io.icasdk.examples.cli;

import io.icasdk.transfer.OverwritePolicy;
import io.icasdk.transfer.TransferHandle;
import io.icasdk.transfer.TransferResult;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ica upload <local> <remote folder>}. */
@Command(
    mixinStandardHelpOptions = true,
    name = "upload",
    description = {
      "Upload a local file, or the contents of a local folder, into a project folder (created when "
          + "missing). Interrupted uploads resume when you run the same command again: parts "
          + "already sent are not sent twice.",
      "Example: ica upload ./run42 /runs/run42/   (./run42/a/b.txt -> /runs/run42/a/b.txt)"
    })
final class UploadCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<local>", description = "Local file or folder.")
  String local;

  @Parameters(index = "1", paramLabel = "<remote folder>",
      description = "Project folder to upload into, e.g. /runs/run42/.")
  String remote;

  @Option(
      names = "--overwrite",
      paramLabel = "<policy>",
      description =
          "What to do with files already in the project: skip (default), overwrite, fail.")
  Policy overwrite = Policy.skip;

  @Mixin GlobFilters filters;

  @Option(names = "--wait", description = "Wait until ICA reports every file AVAILABLE.")
  boolean waitUntilAvailable;

  /** Overwrite policies as typed on the command line. */
  enum Policy {
    skip(OverwritePolicy.SKIP_EXISTING),
    overwrite(OverwritePolicy.OVERWRITE),
    fail(OverwritePolicy.FAIL);

    final OverwritePolicy policy;

    Policy(OverwritePolicy policy) {
      this.policy = policy;
    }
  }

  @Override
  public Integer call() throws Exception {
    IcaCli cli = IcaCli.of(spec);
    Path source = Transfers.existingLocal(local, "local path");
    String folder = RemotePath.folder(remote, "<remote folder>");
    Session session = cli.session();
    TransferHandle handle =
        session.transferManager()
            .upload(
                r -> r.source(source)
                    .projectId(session.project().id())
                    .remoteFolder(folder)
                    .overwrite(overwrite.policy)
                    .include(filters.includes())
                    .exclude(filters.excludes())
                    .waitUntilAvailable(waitUntilAvailable));
    TransferResult result = Transfers.await(cli, "upload", handle);
    return Transfers.summarize(cli, "uploaded", result);
  }
}
