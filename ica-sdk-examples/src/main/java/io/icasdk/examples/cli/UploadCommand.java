package io.icasdk.examples.cli;

import io.icasdk.transfer.OverwritePolicy;
import io.icasdk.transfer.TransferHandle;
import io.icasdk.transfer.TransferResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ica upload <local> <remote>}: a file or a folder's contents into a project folder. */
@Command(
    mixinStandardHelpOptions = true,
    name = "upload",
    description = {
      "Upload a local file, or the contents of a local folder, into a project folder (created when "
          + "missing). Interrupted uploads resume when you run the same command again: parts "
          + "already sent are not sent twice.",
      "Example: ica upload ./run42 /runs/run42/   (./run42/a/b.txt -> /runs/run42/a/b.txt)",
      "A single file goes into <remote> when it ends with / or is a folder in the project; "
          + "otherwise <remote> is the file's new path, as with cp: ica upload a.txt /x/b.txt",
      "<local> - uploads standard input, to its end, as the file <remote>: "
          + "tar c run42 | ica upload - /runs/run42.tar (no resume: an interrupted stream is "
          + "uploaded again from the start)"
    })
final class UploadCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<local>",
      description = "Local file or folder, or - for standard input.")
  String local;

  @Parameters(index = "1", paramLabel = "<remote>",
      description = "Project folder to upload into, e.g. /runs/run42/; for a single file also its new path,"
          + " e.g. /runs/run42/sample.txt.")
  String remote;

  @Option(
      names = "--overwrite",
      paramLabel = "<policy>",
      description =
          "What to do with files already in the project: skip (default), overwrite, fail.")
  Policy overwrite = Policy.skip;

  @Mixin GlobFilters filters;

  @Mixin ResultFormat output;

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
    if (local.equals("-")) {
      return fromStandardInput(cli, RemotePath.parse(remote, "<remote>"));
    }
    Path source = Transfers.existingLocal(local, "local path");
    String path = RemotePath.parse(remote, "<remote>");
    Session session = cli.session();
    String folder = path.endsWith("/") ? path : path + "/";
    String name = null;
    if (!path.endsWith("/") && !Files.isDirectory(source) && session.data().findByPath(folder).isEmpty()) {
      folder = path.substring(0, path.lastIndexOf('/') + 1); // cp a.txt /x/b.txt: b.txt in /x/
      name = path.substring(path.lastIndexOf('/') + 1);
    }
    String remoteFolder = folder;
    String remoteName = name;
    TransferHandle handle =
        session.transferManager()
            .upload(
                r -> r.source(source)
                    .projectId(session.project().id())
                    .remoteFolder(remoteFolder)
                    .remoteName(remoteName)
                    .overwrite(overwrite.policy)
                    .include(filters.includes())
                    .exclude(filters.excludes())
                    .waitUntilAvailable(waitUntilAvailable));
    TransferResult result = Transfers.await(cli, "upload", handle);
    int code = Transfers.summarize(cli, "uploaded", result, output);
    filters.warnIfTheyLeftOutEverything(cli, result, local, "uploaded", () -> holdsAFile(source));
    return code;
  }

  /** Whether a local folder holds a regular file at any depth (as the upload walks it, through links). */
  private static boolean holdsAFile(Path folder) {
    try (Stream<Path> paths = Files.walk(folder, FileVisitOption.FOLLOW_LINKS)) {
      return paths.anyMatch(Files::isRegularFile);
    } catch (IOException | UncheckedIOException e) { // a folder it cannot read, a link loop: no advice then
      return false;
    }
  }

  /** Uploads standard input, to its end, as the file {@code path}. */
  private int fromStandardInput(IcaCli cli, String path) throws Exception {
    String example = " e.g. ica upload - /runs/r1/out.bam";
    if (path.endsWith("/")) {
      throw CliException.usage("<remote> " + path + " is a folder: name the file that standard input becomes,"
          + example);
    }
    if (filters.includes().length > 0 || filters.excludes().length > 0) {
      throw CliException.usage("--include and --exclude choose files of a folder; standard input is one file");
    }
    Session session = cli.session();
    if (session.data().findByPath(path + "/").isPresent()) {
      throw CliException.usage("<remote> " + path + " is a folder in the project: name the file that standard"
          + " input becomes," + example);
    }
    String folder = path.substring(0, path.lastIndexOf('/') + 1);
    String name = path.substring(path.lastIndexOf('/') + 1);
    TransferHandle handle =
        session.transferManager()
            .upload(
                r -> r.sourceStream(cli.dataIn())
                    .projectId(session.project().id())
                    .remoteFolder(folder)
                    .remoteName(name)
                    .overwrite(overwrite.policy)
                    .waitUntilAvailable(waitUntilAvailable));
    return Transfers.summarize(cli, "uploaded", Transfers.await(cli, "upload", handle.completion(),
        handle::progress, handle::cancel, "nothing was kept: run it again to upload the stream from the start."),
        output);
  }
}
