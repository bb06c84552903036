package io.icasdk.examples.cli;

import io.icasdk.core.model.ProjectData;
import io.icasdk.transfer.SourceNotFoundException;
import io.icasdk.transfer.TransferHandle;
import io.icasdk.transfer.TransferResult;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
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
      "Example: ica download /runs/run42/ ./run42   (/runs/run42/a/b.txt -> ./run42/a/b.txt)",
      "A single file can go to standard output instead: ica download /runs/run42/a.fastq.gz - | zcat "
          + "(checked as it goes; a damaged stream ends with an error and exit code 4)."
    })
final class DownloadCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<remote>",
      description = "Project folder (/runs/r1/) or file (/runs/r1/a.txt).")
  String remote;

  @Parameters(index = "1", paramLabel = "<local>",
      description = "Local folder (created when missing); for a single file also a new file name, unless it "
          + "ends with / (then it is a folder), or - for standard output.")
  String local;

  @Option(
      names = "--overwrite",
      paramLabel = "<policy>",
      description = "What to do with local files that exist: skip (default), overwrite, fail.")
  UploadCommand.Policy overwrite = UploadCommand.Policy.skip;

  @Mixin GlobFilters filters;

  @Mixin ResultFormat output;

  @Override
  public Integer call() throws Exception {
    IcaCli cli = IcaCli.of(spec);
    String path = RemotePath.parse(remote, "<remote>");
    if (local.equals("-")) {
      if (output.json()) {
        throw CliException.usage("-o json and the target - both write to standard output; give a local file or"
            + " folder to get the JSON result, or leave -o out to get the file's content");
      }
      if (filters.includes().length > 0 || filters.excludes().length > 0) { // else the file came whatever they said
        throw CliException.usage("--include and --exclude choose files of a folder; standard output takes one file:"
            + " leave them out, or give a local folder");
      }
      return toStandardOutput(cli, path);
    }
    Path target = Transfers.absolute(local);
    Session session = cli.session();
    session.project(); // a wrong key or project fails here, before a local folder is made
    Session.checkTransferSettings(cli); // and so does --part-size or --concurrency out of range
    // "./new/" is a folder even for one file (the file lands inside it), as with `aws s3 cp`.
    boolean folderSyntax = local.endsWith("/") || local.endsWith(File.separator);
    if (folderSyntax && Files.exists(target) && !Files.isDirectory(target)) {
      throw CliException.usage("the local target " + local + " ends with / but is a file, not a folder; give a"
          + " folder, or the file's name without the /");
    }
    boolean newFolder = folderSyntax && !Files.exists(target);
    Path firstMade = null; // the outermost folder this command makes, removed again when nothing came
    if (newFolder) {
      firstMade = target;
      while (firstMade.getParent() != null && !Files.exists(firstMade.getParent())) {
        firstMade = firstMade.getParent();
      }
      try {
        Files.createDirectories(target);
      } catch (FileSystemException e) { // "Not a directory", "File exists"
        throw CliException.usage("cannot create the local folder " + target + " (" + e.getReason()
            + "): a file has its name or the name of one of its parents; move it, or give another target");
      }
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
      removeEmpty(target, firstMade);
      throw CliException.failure(
          "no file or folder " + path + " in project " + session.project().name() + "; see `ica data list /`");
    }
    int code = Transfers.summarize(cli, "downloaded", result, output);
    String folder = path.endsWith("/") ? path : path + "/"; // globs are refused for a single file
    filters.warnIfTheyLeftOutEverything(cli, result, folder, "downloaded",
        () -> session.data().listRecursive(folder).stream().anyMatch(ProjectData::isFile));
    return code;
  }

  /** Removes the folders from {@code folder} up to {@code outermost} (null: none) while they are empty. */
  private static void removeEmpty(Path folder, Path outermost) {
    for (Path made = folder; outermost != null && made != null && made.startsWith(outermost); made = made.getParent()) {
      try {
        Files.deleteIfExists(made);
      } catch (IOException e) { // something else is in it now: it stays
        return;
      }
    }
  }

  /**
   * Streams one file to standard output. A reader that stops early ({@code | head}) ends the run as
   * SIGPIPE ends other tools, with 141 and no message.
   */
  private int toStandardOutput(IcaCli cli, String path) throws IOException {
    Session session = cli.session();
    InputStream in;
    try {
      in = session.transferManager().openStream(session.project().id(), path);
    } catch (SourceNotFoundException e) {
      throw CliException.failure(
          "no file " + path + " in project " + session.project().name() + "; see `ica data list`");
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage() + ": give a file to write it to standard output");
    }
    OutputStream out = cli.dataOut();
    byte[] buf = new byte[256 * 1024];
    try (in) {
      int n;
      while ((n = read(in, buf)) > 0) {
        try {
          out.write(buf, 0, n);
        } catch (IOException e) {
          return ExitCode.BROKEN_PIPE;
        }
      }
      try {
        out.flush();
      } catch (IOException e) {
        return ExitCode.BROKEN_PIPE;
      }
    }
    return ExitCode.OK;
  }

  private static int read(InputStream in, byte[] buf) {
    try {
      return in.read(buf);
    } catch (IOException e) {
      throw CliException.failure(e.getMessage());
    }
  }
}
