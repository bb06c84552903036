package io.icasdk.examples.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.icasdk.core.IcaAuthenticationException;
import io.icasdk.core.IcaConfigurationException;
import io.icasdk.core.IcaException;
import io.icasdk.core.IcaIoException;
import io.icasdk.core.IcaNotFoundException;
import io.icasdk.core.IcaPermissionException;
import io.icasdk.transfer.TransferManager;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code ica} command-line tool: moves data in and out of Illumina Connected Analytics.
 *
 * <pre>{@code
 * ica projects list
 * ica --project demo upload ./run /runs/r1/
 * ica sync ./run ica:/runs/r1/ --delete
 * ica demo
 * }</pre>
 *
 * <p>{@link #main(String[])} exits the JVM with an {@link ExitCode}; {@link #execute} runs one
 * command and returns the code (used by tests). Not thread-safe: one instance per run.
 */
@Command(
    name = "ica",
    mixinStandardHelpOptions = true,
    versionProvider = IcaCli.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Moves data in and out of Illumina Connected Analytics (ICA): resumable uploads and "
          + "downloads, sync in either direction, temporary credentials for other tools.",
      "",
      "Remote paths are paths inside the project chosen with --project, written /folder/sub/"
          + " (folders end with /). In `sync`, which goes either way, the remote side is written"
          + " ica:/folder/ ."
    },
    footerHeading = "%nConfiguration:%n",
    footer = {
      "  Options win, then the environment (ICAV2_BASE_URL or ICAV2_SERVER_URL,",
      "  ICAV2_X_API_KEY or ICAV2_ACCESS_TOKEN, ICAV2_PROJECT_ID), then the icav2 CLI's",
      "  files ~/.icav2/config.yaml and (project only) ~/.icav2/.session.<label>.yaml",
      "  (<label>: the server's host name up to its first dot, e.g. use1 for",
      "  use1.platform.illumina.com), else ~/.icav2/.session.ica.yaml. Options before",
      "  the command apply to it as well: ica --project demo upload ./run /runs/r1/",
      "  Behind an HTTP proxy: HTTPS_PROXY=http://[user:password@]host:port and",
      "  NO_PROXY, as for curl and the icav2 CLI; ICA and S3 both go through it.",
      "  No ICA account? Try `ica demo`, or `ica emulator`.",
      "",
      "Exit codes:",
      "  0  success",
      "  1  some files failed (run the same command again to resume)",
      "  2  usage error or missing local path",
      "  3  authentication or configuration error (key, permission, project, endpoint)",
      "  4  other error",
      "  130, 143  interrupted (Ctrl-C, SIGTERM); run the same command again to resume",
      "  141  the reader of `ica download <file> -` stopped reading (| head)"
    })
public final class IcaCli implements Runnable {

  /** How progress is shown. */
  enum ProgressMode {
    auto,
    bar,
    plain,
    none
  }

  @Option(
      names = "--endpoint",
      scope = ScopeType.INHERIT,
      paramLabel = "<url>",
      description =
          "ICA REST base URL, e.g. https://ica.illumina.com/ica/rest"
              + " (default: ICAV2_BASE_URL, ICAV2_SERVER_URL, ~/.icav2/config.yaml,"
              + " ica.illumina.com).")
  String endpoint;

  @Option(
      names = "--api-key",
      scope = ScopeType.INHERIT,
      paramLabel = "<key>",
      description = "ICA API key (default: a JWT in ICAV2_ACCESS_TOKEN unless it has expired, then ICAV2_X_API_KEY,"
          + " then ~/.icav2/config.yaml)."
          + " For `ica emulator`: the key it accepts (default: a random one).")
  String apiKey;

  @Option(
      names = {"-p", "--project"},
      scope = ScopeType.INHERIT,
      paramLabel = "<id|name>",
      description =
          "Project id or name (default: ICAV2_PROJECT_ID, then ~/.icav2/.session.<label>.yaml,"
              + " <label> being the server's host name up to its first dot, else"
              + " ~/.icav2/.session.ica.yaml)."
              + " For `ica emulator`: the name of its project (default: demo).")
  String project;

  @Option(
      names = "--s3-endpoint",
      scope = ScopeType.INHERIT,
      paramLabel = "<url>",
      description =
          "S3 endpoint override, for the emulator or a proxy"
              + " (default: AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL; real ICA needs none).")
  String s3Endpoint;

  @Option(
      names = "--concurrency",
      scope = ScopeType.INHERIT,
      paramLabel = "<n>",
      description = "Files transferred in parallel (default: the transfer engine's).")
  Integer concurrency;

  @Option(
      names = "--part-size",
      scope = ScopeType.INHERIT,
      paramLabel = "<size>",
      converter = Sizes.Converter.class,
      description =
          "Multipart part size, e.g. 16MiB, 64M"
              + " (default: the transfer engine's, scaled for big files).")
  Long partSizeInBytes;

  @Option(
      names = "--journal-dir",
      scope = ScopeType.INHERIT,
      paramLabel = "<dir>",
      description =
          "Where transfer journals live, which make reruns resume (default: ~/.ica-sdk/journals).")
  Path journalDir;

  @Option(
      names = "--progress",
      scope = ScopeType.INHERIT,
      paramLabel = "<mode>",
      description =
          "auto (a live bar on a terminal, plain lines otherwise), bar, plain or none."
              + " Default: auto.")
  ProgressMode progressMode = ProgressMode.auto;

  @Option(
      names = "--progress-interval",
      scope = ScopeType.INHERIT,
      hidden = true,
      paramLabel = "<seconds>",
      description = "Seconds between plain progress lines (default 5).")
  double progressIntervalSeconds = 5;

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "More output: -v logs transfer events and shows stack traces, -vv debug logs.")
  boolean[] verbose = new boolean[0];

  @Option(
      names = {"-q", "--quiet"},
      scope = ScopeType.INHERIT,
      description = "Only errors and the data asked for: no progress, no summary.")
  boolean quiet;

  /**
   * The commands, in the order {@code ica --help} lists them. They are added to the parser in
   * {@link #execute} rather than named in the {@code @Command} annotation, so that a run builds the
   * picocli model of the one command it runs only (see {@link #commandsFor}).
   */
  static final List<Class<?>> COMMANDS = List.of(
      ProjectsCommand.class,
      DataCommand.class,
      UploadCommand.class,
      DownloadCommand.class,
      SyncCommand.class,
      CredentialsCommand.class,
      EmulatorCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class);

  /** The global options that only some commands use; every command takes -v, -q, -h and -V. */
  private static final Set<String> CONNECTION = Set.of("--endpoint", "--api-key", "--project");
  private static final Set<String> TRANSFER =
      Set.of("--concurrency", "--part-size", "--journal-dir", "--progress", "--progress-interval");
  private static final Set<String> SCOPED = union(CONNECTION, TRANSFER, Set.of("--s3-endpoint"));

  /**
   * Which of the {@link #SCOPED} options each command uses. The others are left out of its help and
   * refused after its name ({@code ica projects list --part-size 8M}); before the command they are
   * accepted, and ignored, like every global option.
   */
  static final Map<String, Set<String>> SCOPED_OPTIONS_USED = Map.of(
      "projects", Set.of("--endpoint", "--api-key"),
      "data", CONNECTION,
      "upload", SCOPED,
      "download", SCOPED,
      "sync", SCOPED,
      "credentials", union(CONNECTION, Set.of("--s3-endpoint")),
      "emulator", Set.of("--api-key", "--project"),
      "demo", Set.of("--concurrency", "--part-size", "--progress", "--progress-interval"),
      "help", Set.of());

  /**
   * Set by {@code bin/ica} on the run that records the class-data archive at its exit: a file to create
   * when the run transferred, so that the launcher keeps the archive. An archive of a run that only printed
   * help or failed early would hold too few classes, and later runs would start about 0.35 s slower.
   */
  static final String RECORDING_CLASS_ARCHIVE = "ica.recordingClassArchive";

  /** Third-party loggers kept quiet unless -vv. */
  static final String[] NOISY_LOGGERS = {
    "org.gaul", "org.eclipse.jetty", "org.jclouds", "software.amazon", "com.amazonaws", "org.apache.http"
  };

  @Spec CommandSpec spec;

  private final Map<String, String> environment;
  private final Path userHome;
  private final boolean standalone;
  private Session session;
  /** Whether a command of this run built the transfer engine. */
  private boolean usedTransferEngine;
  /** Set by tests that run the tool in-process; null: standard output. */
  OutputStream dataOut;
  /** Set by tests that run the tool in-process; null: standard input. */
  InputStream dataIn;

  /** The tool as run by {@code bin/ica}: the real environment and home folder. Never throws. */
  public IcaCli() {
    this(System.getenv(), Paths.get(System.getProperty("user.home")), true);
  }

  IcaCli(Map<String, String> environment, Path userHome, boolean standalone) {
    this.environment = Map.copyOf(environment);
    this.userHome = userHome;
    this.standalone = standalone;
  }

  /**
   * Runs {@code ica} and exits the JVM with its {@link ExitCode}. Never throws: every failure is
   * reported as one line on stderr and an exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    boolean transfer = List.of(args).stream()
        .anyMatch(a -> a.equals("upload") || a.equals("download") || a.equals("sync"));
    if (transfer) {
      TransferManager.preloadNativeClient(); // while picocli and the first ICA calls run
    }
    preloadDefaultTls();
    IcaCli cli = new IcaCli();
    int code = cli.execute(out, err, args);
    out.flush();
    err.flush();
    if (cli.usedTransferEngine && code == ExitCode.OK) {
      NativeLibraryCache.saveIfAsked();
      markClassArchiveWorthKeeping();
    }
    TransferManager.releaseNativeResources(); // else the JVM waits up to 1 s at exit for CRT threads
    stopHttpSelectorThreads();
    System.exit(code);
  }

  /** On the run that records the class-data archive: says to keep it. */
  private static void markClassArchiveWorthKeeping() {
    String marker = System.getProperty(RECORDING_CLASS_ARCHIVE);
    if (marker == null || marker.isEmpty()) {
      return;
    }
    try {
      Files.createFile(Path.of(marker));
    } catch (IOException | RuntimeException e) {
      // the launcher then drops the archive, and the next transfer records one
    }
  }

  /**
   * Starts initialising the JDK's default TLS context (reading the trust store: about 60 ms of a fresh
   * JVM) on a background thread while picocli parses, instead of when the ICA client builds its HTTP
   * client. A failure is left for the HTTP client to report.
   */
  private static void preloadDefaultTls() {
    Thread t = new Thread(() -> {
      try {
        javax.net.ssl.SSLContext.getDefault();
      } catch (java.security.NoSuchAlgorithmException | RuntimeException e) {
        // the ICA client's HTTP client meets it again and reports it
      }
    }, "ica-tls-preload");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Ends the JDK HTTP client's selector threads, which are about to be abandoned anyway. A thread
   * waiting in {@code epoll_wait} is "in native", and the JVM waits 300 ms at exit for such threads
   * (measured: 0.33 s of every {@code ica} run). Java 17's HttpClient has no {@code close()}; its
   * selector loop ends when its thread is interrupted. Only for a process that is exiting: in a
   * library, the clients may belong to someone else.
   */
  static void stopHttpSelectorThreads() {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] threads = new Thread[root.activeCount() + 16];
    int n = root.enumerate(threads, true);
    for (int i = 0; i < n; i++) {
      Thread t = threads[i];
      if (t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager")) {
        t.interrupt();
        try {
          t.join(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * Runs one command, writing to the given streams.
   *
   * @return the {@link ExitCode}; never throws for a failing command
   */
  int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cmd = parser(this, commandsFor(args));
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setAllowSubcommandsAsOptionParameters(true); // --project demo: a project named like a command
    cmd.setExecutionStrategy(
        parseResult -> {
          configureLogging();
          return new CommandLine.RunLast().execute(parseResult);
        });
    cmd.setParameterExceptionHandler(IcaCli::onUsageError);
    cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> onFailure(ex, commandLine));
    try {
      return cmd.execute(args);
    } finally {
      if (session != null) {
        usedTransferEngine |= session.usedTransferEngine();
        session.close();
        session = null;
      }
      out.flush();
      err.flush();
    }
  }

  /**
   * The commands to build for a command line: only the one it names when it names exactly one and asks
   * for no help, else all. Building picocli's model of a command costs reflection over its options:
   * all of them took about 0.03 s of every {@code ica} run. When the one name was in fact an option's
   * value ({@code ica --project upload}), {@link #run} lists them all.
   */
  static List<Class<?>> commandsFor(String... args) {
    Set<Class<?>> named = new LinkedHashSet<>();
    for (String arg : args) {
      if (arg.equals("-h") || arg.equals("--help")) {
        return COMMANDS;
      }
      for (Class<?> command : COMMANDS) {
        Command c = command.getAnnotation(Command.class);
        if (arg.equals(c.name()) || List.of(c.aliases()).contains(arg)) {
          named.add(command);
        }
      }
    }
    return named.size() == 1 && !named.contains(CommandLine.HelpCommand.class) ? List.copyOf(named) : COMMANDS;
  }

  @Override
  public void run() {
    String message = "missing command: see the list above, e.g. `ica projects list` or `ica demo`";
    if (spec.subcommands().size() < COMMANDS.size()) { // list them all, in their order
      parser(new IcaCli(environment, userHome, standalone), COMMANDS).usage(err());
      throw CliException.usage(message);
    }
    throw CliException.missingCommand(spec, message);
  }

  private static CommandLine parser(IcaCli cli, List<Class<?>> commands) {
    CommandLine cmd = new CommandLine(cli);
    for (Class<?> command : commands) {
      cmd.addSubcommand(command);
    }
    for (CommandLine command : cmd.getSubcommands().values()) {
      dropUnusedOptions(command, SCOPED_OPTIONS_USED.getOrDefault(command.getCommandName(), SCOPED));
    }
    return cmd;
  }

  /** Removes the inherited {@link #SCOPED} options a command and its subcommands do not use. */
  private static void dropUnusedOptions(CommandLine command, Set<String> used) {
    CommandSpec spec = command.getCommandSpec();
    for (OptionSpec option : List.copyOf(spec.options())) {
      String name = option.longestName();
      if (option.inherited() && SCOPED.contains(name) && !used.contains(name)) {
        spec.remove(option);
      }
    }
    for (CommandLine sub : command.getSubcommands().values()) {
      dropUnusedOptions(sub, used);
    }
  }

  @SafeVarargs
  private static Set<String> union(Set<String>... sets) {
    Set<String> all = new LinkedHashSet<>();
    for (Set<String> set : sets) {
      all.addAll(set);
    }
    return Set.copyOf(all);
  }

  /** The IcaCli behind any command of the tree. */
  static IcaCli of(CommandSpec spec) {
    return (IcaCli) spec.root().userObject();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Where data goes as bytes ({@code download -}): standard output, or what a test set. */
  OutputStream dataOut() {
    return dataOut != null ? dataOut : new FileOutputStream(FileDescriptor.out);
  }

  /** Where data comes from as bytes ({@code upload -}): standard input, or what a test set. */
  InputStream dataIn() {
    return dataIn != null ? dataIn : new FileInputStream(FileDescriptor.in);
  }

  int verbosity() {
    return verbose.length;
  }

  boolean quiet() {
    return quiet;
  }

  Map<String, String> environment() {
    return environment;
  }

  Path userHome() {
    return userHome;
  }

  /** True when run by {@link #main}: the JVM is ours, so shutdown hooks and blocking forever are fine. */
  boolean standalone() {
    return standalone;
  }

  /** Connection, project and transfer engine built from the global options, created once per run. */
  Session session() {
    if (session == null) {
      session = new Session(this);
    }
    return session;
  }

  /**
   * Whether standard error, where progress goes, is a terminal. {@link System#console} asks about standard
   * input and output instead (`ica upload ... 2>log` would fill the log with redrawn bars), and from Java 22
   * on is there for redirected output too.
   */
  static boolean stderrIsATerminal() {
    try {
      String fd2 = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return fd2.startsWith("/dev/pts/") || fd2.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null; // no /proc (not Linux)
    }
  }

  /** Progress display for one transfer, following --progress and -q. */
  ProgressDisplay progress(String label) {
    ProgressMode mode = progressMode;
    if (quiet) {
      mode = ProgressMode.none;
    } else if (mode == ProgressMode.auto) {
      mode = stderrIsATerminal() ? ProgressMode.bar : ProgressMode.plain;
    }
    long intervalMillis = Math.max(50, (long) (progressIntervalSeconds * 1000));
    return new ProgressDisplay(
        err(), label, mode, mode == ProgressMode.bar ? Duration.ofMillis(200) : Duration.ofMillis(intervalMillis));
  }

  private void configureLogging() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    int v = verbosity();
    Level ours = v == 0 ? Level.WARN : v == 1 ? Level.INFO : Level.DEBUG;
    Level theirs = v <= 1 ? Level.ERROR : v == 2 ? Level.WARN : Level.DEBUG;
    context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(v >= 3 ? Level.DEBUG : Level.WARN);
    context.getLogger("io.icasdk").setLevel(ours);
    for (String noisy : NOISY_LOGGERS) {
      context.getLogger(noisy).setLevel(theirs);
    }
  }

  private static int onUsageError(CommandLine.ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    String line = unknownCommand(ex) ? describeUnknownCommand((CommandLine.UnmatchedArgumentException) ex)
        : oneLine(ex.getMessage()) + optionSuggestion(ex);
    err.println("ica: " + withoutApiKeys(line, args));
    err.println("Try `" + cmd.getCommandSpec().qualifiedName() + " --help` for usage.");
    return ExitCode.USAGE;
  }

  /**
   * The message with every value given to --api-key masked: picocli quotes the arguments it could not use
   * (`ica demo --api-key K` says "Unknown options: '--api-key', 'K'").
   */
  static String withoutApiKeys(String message, String[] args) {
    String out = message;
    for (int i = 0; i < args.length; i++) {
      String key = args[i].startsWith("--api-key=") ? args[i].substring("--api-key=".length())
          : args[i].equals("--api-key") && i + 1 < args.length ? args[i + 1] : null;
      if (key != null && !key.isEmpty()) {
        out = out.replace(key, "****");
      }
    }
    return out;
  }

  /** What users of aws-cli, rclone or the shell type, and the command they look for. */
  private static final Map<String, String> OTHER_TOOLS_WORDS = Map.of(
      "ls", "data list", "list", "data list", "cp", "upload or download", "copy", "upload or download");

  /** A word where a command's subcommand belongs that names none of them ({@code ica uplod}). */
  private static boolean unknownCommand(CommandLine.ParameterException ex) {
    return ex instanceof CommandLine.UnmatchedArgumentException unmatched
        && !ex.getCommandLine().getSubcommands().isEmpty()
        && !unmatched.getUnmatched().isEmpty()
        && !unmatched.getUnmatched().get(0).startsWith("-");
  }

  /**
   * For an option the command does not take ({@code --exlude}), the ones it takes that begin alike, as picocli's
   * own handler would list them: {@code " (did you mean --exclude?)"}; else "".
   */
  private static String optionSuggestion(CommandLine.ParameterException ex) {
    if (!(ex instanceof CommandLine.UnmatchedArgumentException unmatched) || unmatched.getUnmatched().isEmpty()
        || !unmatched.getUnmatched().get(0).startsWith("-")) {
      return "";
    }
    List<String> names = unmatched.getSuggestions().stream().distinct().limit(3).toList();
    return names.isEmpty() ? "" : " (did you mean " + String.join(" or ", names) + "?)";
  }

  private static String describeUnknownCommand(CommandLine.UnmatchedArgumentException ex) {
    CommandLine cmd = ex.getCommandLine();
    List<String> names = cmd.getSubcommands().values().stream()
        .map(CommandLine::getCommandName).distinct().filter(n -> !n.equals("help")).toList();
    String name = ex.getUnmatched().get(0);
    String suggestion = cmd.getParent() == null ? OTHER_TOOLS_WORDS.get(name) : null;
    if (suggestion == null) { // picocli's closest name, when it looks like a typo of it
      suggestion = ex.getSuggestions().stream()
          .filter(s -> !name.isEmpty() && s.charAt(0) == name.charAt(0)).findFirst().orElse(null);
    }
    return "unknown command '" + name + "'"
        + (suggestion == null ? "" : " (did you mean " + suggestion + "?)")
        + "; `" + cmd.getCommandSpec().qualifiedName() + "` takes one of: " + String.join(", ", names);
  }

  private int onFailure(Exception ex, CommandLine commandLine) {
    PrintWriter err = commandLine.getErr();
    Throwable cause = unwrap(ex);
    String line = describe(cause);
    err.println("ica: " + (session == null ? line : session.withProjectName(line)));
    int code = exitCodeFor(cause);
    if (verbosity() > 0) {
      cause.printStackTrace(err);
    } else if (!(cause instanceof CliException) && code == ExitCode.ERROR) { // a wrong key or argument says all
      err.println("(run with -v for details)");
    }
    return code;
  }

  static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  static int exitCodeFor(Throwable t) {
    if (t instanceof CliException cli) {
      return cli.exitCode();
    }
    if (t instanceof IcaAuthenticationException
        || t instanceof IcaPermissionException
        || t instanceof IcaConfigurationException) {
      return ExitCode.CONFIGURATION;
    }
    if (t instanceof IllegalArgumentException) {
      return ExitCode.USAGE; // the SDK's builders reject bad input (a glob, a path) this way
    }
    return ExitCode.ERROR;
  }

  /** One line that says what happened and what to do; never a secret (our exceptions redact). */
  static String describe(Throwable t) {
    String message = ToolWords.line(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
    if (t instanceof CliException) {
      return message;
    }
    if (t instanceof IcaAuthenticationException) { // ICA's 401 already carries the core client's advice
      return "authentication failed: " + message + (message.contains("Check the API key")
          ? " (--endpoint)" : " - check the API key (--api-key or ICAV2_X_API_KEY) and the endpoint");
    }
    if (t instanceof IcaPermissionException) {
      return "permission denied: " + message + " - this API key has no access to that project or data";
    }
    if (t instanceof IcaConfigurationException) {
      return "configuration error: " + message;
    }
    if (t instanceof IcaNotFoundException) {
      return "not found: " + message;
    }
    if (t instanceof IcaIoException) { // the core client's message says to check the network and the URL
      return "cannot reach ICA: " + message + (message.contains("server URL") ? " (--endpoint)"
          : " - check --endpoint and your network");
    }
    if (t instanceof IcaException) {
      return message;
    }
    if (t instanceof IllegalArgumentException) {
      return "invalid argument: " + message;
    }
    if (t instanceof java.nio.file.NoSuchFileException) {
      return "no such file or folder: " + message;
    }
    if (t instanceof java.nio.file.AccessDeniedException) {
      return "access denied: " + message;
    }
    return t.getClass().getSimpleName() + ": " + message;
  }

  /**
   * A message on one line: line breaks and the blanks around them become one space; other control
   * characters are shown as {@link #printable} shows them.
   */
  static String oneLine(String s) {
    return s == null ? "" : escaped(s.strip().replaceAll("\\s*\\R\\s*", " "), false);
  }

  /**
   * A name as the terminal may show it: control characters (a newline or an escape sequence in a file
   * name, which would break a table or drive the terminal) written as {@code \n}, {@code \t}, {@code \r},
   * or a backslash, x and two hex digits (u and four above 0x7f), and a backslash as two, so that a name
   * holding a backslash and an n reads otherwise than one holding a newline (as {@code ls -b} shows them;
   * not on Windows, where a backslash separates names and is in none). The JSON output keeps names as they are.
   */
  static String printable(String s) {
    return escaped(s, java.io.File.separatorChar != '\\');
  }

  private static String escaped(String s, boolean backslashes) {
    if (s == null || s.chars().noneMatch(c -> Character.isISOControl(c) || (backslashes && c == '\\'))) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append(backslashes ? "\\\\" : "\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (Character.isISOControl(c)) {
            sb.append(c < 0x80 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  /** Version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = IcaCli.class.getPackage().getImplementationVersion();
      return new String[] {
        "ica " + (v == null ? "(development build)" : v),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}
