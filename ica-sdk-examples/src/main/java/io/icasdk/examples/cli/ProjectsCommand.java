package io.icasdk.examples.cli;

import io.icasdk.core.model.Project;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ica projects list}. */
@Command(
    mixinStandardHelpOptions = true,
    name = "projects",
    description = "Projects visible to your API key.",
    subcommands = {ProjectsCommand.ListProjects.class})
final class ProjectsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw CliException.missingCommand(spec, "missing subcommand: try `ica projects list`");
  }

  /** Lists projects. */
  @Command(mixinStandardHelpOptions = true, name = "list",
      description = "List the projects visible to your API key.")
  static final class ListProjects implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--search", paramLabel = "<text>",
        description = "Only projects whose name contains this text.")
    String search;

    @Option(names = "--include-hidden", description = "Also list hidden projects.")
    boolean includeHidden;

    @Option(names = {"-o", "--output"}, paramLabel = "<format>",
        description = "table (default) or json.")
    Output.Format format = Output.Format.table;

    @Override
    public Integer call() {
      IcaCli cli = IcaCli.of(spec);
      Output output = new Output("id", "name", "region", "active", "created");
      for (Project p :
          cli.session().client().listProjects(r -> {
            r.includeHidden(includeHidden);
            if (search != null) {
              r.search(search);
            }
          })) {
        output.row(
            p.id().value(),
            p.name(),
            p.region() == null ? null : p.region().code(),
            p.active(),
            p.timeCreated() == null ? null : p.timeCreated().toString());
      }
      output.print(cli.out(), format);
      return ExitCode.OK;
    }
  }
}
