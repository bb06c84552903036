package io.icasdk.examples.cli;

/**
 * A failure the CLI reports as one line with a chosen exit code (see {@link ExitCode}).
 *
 * <p>The message is shown as is, so it must say what happened and what to do, and never hold a
 * secret.
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  static CliException usage(String message) {
    return new CliException(ExitCode.USAGE, message);
  }

  /** Prints the usage of the command that was run without its (sub)command, then the error to throw. */
  static CliException missingCommand(picocli.CommandLine.Model.CommandSpec spec, String message) {
    spec.commandLine().usage(IcaCli.of(spec).err());
    return usage(message);
  }

  static CliException configuration(String message) {
    return new CliException(ExitCode.CONFIGURATION, message);
  }

  static CliException failure(String message) {
    return new CliException(ExitCode.ERROR, message);
  }

  int exitCode() {
    return exitCode;
  }
}
