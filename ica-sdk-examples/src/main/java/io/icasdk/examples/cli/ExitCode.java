package io.icasdk.examples.cli;

/**
 * The exit codes of {@code ica}; scripts may rely on them.
 *
 * <ul>
 *   <li>{@code 0} success (also {@code --help}, {@code --version}).
 *   <li>{@code 1} partial failure: the command ran but some files failed (the summary lists them, with
 *       their reasons: also all of them, as when S3 cannot be reached); rerunning the same command resumes
 *       and retries only what is missing.
 *   <li>{@code 2} usage error: unknown command or option, a missing or malformed argument, a local
 *       path that does not exist.
 *   <li>{@code 3} authentication or configuration error: no or wrong API key, no permission, no or
 *       unknown project, a bad endpoint URL.
 *   <li>{@code 4} any other error (ICA unreachable, remote path not found, service errors).
 *   <li>{@code 130} or {@code 143}: a transfer or sync interrupted by Ctrl-C or SIGTERM (the JVM's
 *       128 + signal); its journal is kept, so the same command resumes it.
 *   <li>{@code 141}: {@code ica download <file> -} whose reader stopped reading ({@code | head}), as
 *       SIGPIPE ends other tools.
 * </ul>
 */
public final class ExitCode {
  /** Everything worked. */
  public static final int OK = 0;
  /** The command ran, but some files failed. */
  public static final int PARTIAL_FAILURE = 1;
  /** Bad command line or a local path that does not exist. */
  public static final int USAGE = 2;
  /** Missing or wrong credentials, no permission, no or unknown project, bad endpoint. */
  public static final int CONFIGURATION = 3;
  /** Anything else. */
  public static final int ERROR = 4;
  /** Standard output was closed by its reader (128 + SIGPIPE). */
  public static final int BROKEN_PIPE = 141;

  private ExitCode() {}
}
