package io.icasdk.examples.cli;

import io.icasdk.core.PagedIterable;
import io.icasdk.core.ProjectDataClient;
import io.icasdk.core.model.ProjectData;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ica data list}. */
@Command(
    mixinStandardHelpOptions = true,
    name = "data",
    description = "Files and folders of a project.",
    subcommands = {DataCommand.ListData.class})
final class DataCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw CliException.missingCommand(spec, "missing subcommand: try `ica data list /`");
  }

  /** Lists a folder (or one file) of the project. */
  @Command(
      mixinStandardHelpOptions = true,
      name = "list",
      description =
          "List a folder of the project (its direct children, or everything under it with -r).")
  static final class ListData implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "<remote path>",
        description =
            "Folder (/runs/r1/) or file (/runs/r1/a.fastq.gz); default: / (the project root).")
    String remote = "/";

    @Option(names = {"-r", "--recursive"},
        description = "Everything under the folder, not only its children.")
    boolean recursive;

    @Option(names = {"-o", "--output"}, paramLabel = "<format>",
        description = "table (default) or json.")
    Output.Format format = Output.Format.table;

    @Override
    public Integer call() {
      IcaCli cli = IcaCli.of(spec);
      String path = RemotePath.parse(remote, "<remote path>");
      String asGiven = path;
      ProjectDataClient data = cli.session().data();
      Output output = new Output("type", "path", "size", "status", "modified", "id");
      if (!path.endsWith("/")) {
        Optional<ProjectData> file = data.findByPath(path);
        if (file.isPresent() && file.get().isFile()) {
          add(output, file.get());
          output.print(cli.out(), format);
          return ExitCode.OK;
        }
        path = path + "/";
      }
      if (!path.equals("/") && data.findByPath(path).isEmpty()) {
        throw CliException.failure(
            "no file or folder " + asGiven + " in project " + cli.session().project().name()
                + "; see `ica data list /`");
      }
      PagedIterable<ProjectData> items = recursive ? data.listRecursive(path) : data.listFolder(path);
      for (ProjectData item : items) {
        if (recursive && item.path().equals(path)) {
          continue;
        }
        add(output, item);
      }
      output.print(cli.out(), format);
      return ExitCode.OK;
    }

    private void add(Output output, ProjectData d) {
      output.row(
          d.isFolder() ? "folder" : "file",
          d.path(),
          format == Output.Format.json
              ? d.fileSizeInBytes()
              : d.fileSizeInBytes() == null ? null : Sizes.bytes(d.fileSizeInBytes()),
          d.status() == null ? null : d.status().name(),
          d.timeModified() == null ? null : d.timeModified().toString(),
          d.id() == null ? null : d.id().value());
    }
  }
}
