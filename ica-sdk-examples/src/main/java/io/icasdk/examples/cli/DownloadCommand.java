package io.icasdk.examples.cli;

import io.icasdk.transfer.SourceNotFoundException;
import io.icasdk.transfer.TransferHandle;
import io.icasdk.transfer.TransferResult;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ica download <remote> <local>}. */
@Command(
    mixinStandardHelpOptions = true,
    name = "download",
    description = {
      "Download a project file, or the contents of a project folder, to a local folder. Every byte "
          + "is verified; interrupted downloads resume when you run the same command again.",
      "Example: ica download /runs/run42/ ./run42   (/runs/run42/a/b.txt -> ./run42/a/b.txt)"
    })
final class DownloadCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<remote>",
      description = "Project folder (/runs/r1/) or file (/runs/r1/a.txt).")
  String remote;

  @Parameters(index = "1", paramLabel = "<local>",
      description = "Local folder (created when missing); for a single file also a new file name, unless it "
          + "ends with / (then it is a folder).")
  String local;

  @Option(
      names = "--overwrite",
      paramLabel = "<policy>",
      description = "What to do with local files that exist: skip (default), overwrite, fail.")
  UploadCommand.Policy overwrite = UploadCommand.Policy.skip;

  @Mixin GlobFilters filters;

  @Override
  public Integer call() throws Exception {
    IcaCli cli = IcaCli.of(spec);
    String path = RemotePath.parse(remote, "<remote>");
    if (local.equals("-")) {
      throw CliException.usage("ica download writes files and cannot write to standard output ('-'): give a local"
          + " folder or file name (./- for a file named '-')");
    }
    Path target = Path.of(local).toAbsolutePath().normalize();
    Session session = cli.session();
    // "./new/" is a folder even for one file (the file lands inside it), as with `aws s3 cp`.
    boolean newFolder = (local.endsWith("/") || local.endsWith(File.separator)) && !Files.exists(target);
    if (newFolder) {
      Files.createDirectories(target);
    }
    // The job resolves "/a/b" as a file, else as the folder "/a/b/" (and "/a/b/" the other way round).
    TransferHandle handle =
        session.transferManager()
            .download(
                r -> r.projectId(session.project().id())
                    .remotePath(path)
                    .target(target)
                    .overwrite(overwrite.policy)
                    .include(filters.includes())
                    .exclude(filters.excludes()));
    TransferResult result;
    try {
      result = Transfers.await(cli, "download", handle);
    } catch (SourceNotFoundException e) {
      if (newFolder) {
        Files.deleteIfExists(target); // still empty: nothing was downloaded
      }
      throw CliException.failure(
          "no file or folder " + path + " in project " + session.project().name() + "; see `ica data list /`");
    }
    return Transfers.summarize(cli, "downloaded", result);
  }
}
