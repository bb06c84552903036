package io.icasdk.examples.cli;

import io.icasdk.core.IcaClient;
import io.icasdk.core.IcaConfigurationException;
import io.icasdk.core.IcaNotFoundException;
import io.icasdk.core.ProjectDataClient;
import io.icasdk.core.model.Project;
import io.icasdk.core.model.ProjectId;
import io.icasdk.transfer.TransferManager;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What one run of {@code ica} talks to, built lazily from the global options: the ICA client, the
 * chosen project and the transfer engine. Closes what it created.
 */
final class Session implements AutoCloseable {
  /** Environment variables naming an S3 endpoint override (the AWS SDKs' names; the emulator prints the first). */
  static final String[] S3_ENDPOINT_ENV = {"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"};

  private static final Pattern PROJECT_ID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  /** The user:password part of a URL. */
  private static final Pattern USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s@]+@");

  private final IcaCli cli;
  private IcaClient client;
  private Project project;
  private TransferManager transferManager;

  Session(IcaCli cli) {
    this.cli = cli;
  }

  /** The ICA client; a clear configuration error (exit 3) when nothing is configured. */
  IcaClient client() {
    if (client == null) {
      IcaClient.Builder builder =
          IcaClient.builder().environment(cli.environment()).userHome(cli.userHome());
      if (cli.endpoint != null) {
        builder.baseUrl(parseUrl(cli.endpoint, "--endpoint")); // http is accepted for loopback only
      }
      if (cli.apiKey != null) {
        builder.apiKey(cli.apiKey);
      }
      try {
        client = builder.build();
      } catch (IcaConfigurationException e) {
        throw new CliException(ExitCode.CONFIGURATION, notConfigured(e.getMessage()), e);
      }
    }
    return client;
  }

  /** The project from --project (id or name), else the configured default. */
  Project project() {
    if (project == null) {
      project = resolveProject();
    }
    return project;
  }

  /**
   * The message with "project &lt;id&gt;" written "project &lt;name&gt;" once the project is known: the SDK
   * names projects by id, the user chose this one by name (or by id, and sees both in `ica projects list`).
   */
  String withProjectName(String message) {
    return project == null ? message
        : message.replace("project " + project.id().value(), "project " + project.name());
  }

  ProjectDataClient data() {
    return client().projectData(project().id());
  }

  TransferManager transferManager() {
    if (transferManager == null) {
      checkTransferSettings(cli);
      TransferManager.Builder builder = TransferManager.builder().icaClient(client());
      if (cli.concurrency != null) {
        builder.maxFilesInFlight(cli.concurrency);
      }
      if (cli.partSizeInBytes != null) {
        builder.partSizeInBytes(cli.partSizeInBytes);
      }
      if (cli.journalDir != null) {
        builder.journalDirectory(cli.journalDir);
      }
      s3Endpoint().ifPresent(builder::s3EndpointOverride);
      transferManager = builder.build();
    }
    return transferManager;
  }

  /**
   * Refuses --concurrency and --part-size out of the transfer engine's range, in the tool's words (the
   * builder's message names its Java methods).
   *
   * @throws CliException a usage error
   */
  static void checkTransferSettings(IcaCli cli) {
    if (cli.concurrency != null
        && (cli.concurrency < 1 || cli.concurrency > TransferManager.MAX_FILES_IN_FLIGHT)) {
      throw CliException.usage("--concurrency must be between 1 and " + TransferManager.MAX_FILES_IN_FLIGHT
          + ", got " + cli.concurrency);
    }
    if (cli.partSizeInBytes != null
        && (cli.partSizeInBytes < TransferManager.MIN_PART_SIZE_IN_BYTES
            || cli.partSizeInBytes > TransferManager.MAX_PART_SIZE_IN_BYTES)) {
      throw CliException.usage("--part-size must be between 5MiB and 1GiB, got " + Sizes.bytes(cli.partSizeInBytes));
    }
  }

  /** --s3-endpoint, else AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL: only for the emulator or an S3 proxy. */
  Optional<URI> s3Endpoint() {
    if (cli.s3Endpoint != null) {
      return Optional.of(parseUrl(cli.s3Endpoint, "--s3-endpoint"));
    }
    for (String name : S3_ENDPOINT_ENV) {
      String value = cli.environment().get(name);
      if (value != null && !value.isBlank()) {
        return Optional.of(parseUrl(value, name));
      }
    }
    return Optional.empty();
  }

  /** Whether this run built the transfer engine (an upload, download or sync ran). */
  boolean usedTransferEngine() {
    return transferManager != null;
  }

  @Override
  public void close() {
    if (transferManager != null) {
      transferManager.close();
      transferManager = null;
    }

  }

  private Project resolveProject() {
    IcaClient c = client();
    String given = cli.project == null ? null : cli.project.strip();
    if (given == null || given.isBlank()) {
      ProjectId id =
          c.defaultProjectId()
              .orElseThrow(
                  () ->
                      CliException.configuration(
                          "no project chosen: pass --project <id or name>, or set ICAV2_PROJECT_ID"
                              + " (see `ica projects list`)"));
      if (PROJECT_ID.matcher(id.value()).matches()) {
        return getById(c, id, "ICAV2_PROJECT_ID / ~/.icav2 default project");
      }
      given = id.value(); // a name: the default takes one too, as --project does
    }
    String wanted = given;
    if (PROJECT_ID.matcher(wanted).matches()) {
      return getById(c, new ProjectId(wanted), "--project");
    }
    List<Project> named =
        c.listProjects(r -> r.search(wanted)).stream()
            .filter(p -> wanted.equals(p.name()))
            .collect(Collectors.toList());
    if (named.size() == 1) {
      return named.get(0);
    }
    if (named.size() > 1) {
      throw CliException.configuration(
          "several projects are named '" + wanted + "' ("
              + named.stream().map(p -> p.id().value()).collect(Collectors.joining(", "))
              + "): pass the project id instead");
    }
    // Not a name: maybe an id in a format we do not recognise.
    try {
      return c.getProject(new ProjectId(wanted));
    } catch (IcaNotFoundException | IllegalArgumentException e) {
      throw unknownProject(wanted);
    } catch (io.icasdk.core.IcaException e) {
      if (e.status().orElse(0) == 400) {
        throw unknownProject(wanted);
      }
      throw e;
    }
  }

  private static Project getById(IcaClient c, ProjectId id, String source) {
    try {
      return c.getProject(id);
    } catch (IcaNotFoundException e) {
      throw CliException.configuration(
          "no project with id " + id.value() + " (from " + source + ") is visible to this API key;"
              + " see `ica projects list`");
    }
  }

  private static CliException unknownProject(String wanted) {
    return CliException.configuration(
        "no project named '" + wanted + "' is visible to this API key; see `ica projects list`");
  }

  /** The core's message, or for missing credentials one that speaks of ica's options. */
  static String notConfigured(String reason) {
    if (reason != null && !reason.startsWith("No ICA credentials")) {
      return "configuration error: " + IcaCli.oneLine(reason);
    }
    return "no ICA credentials found: pass --api-key <key> (and --endpoint <url> unless you use"
        + " ica.illumina.com), or set ICAV2_X_API_KEY (and ICAV2_BASE_URL or ICAV2_SERVER_URL), or run"
        + " `icav2 config set`. No ICA account? Try `ica demo`, or run `ica emulator` and paste the"
        + " exports it prints.";
  }

  private static URI parseUrl(String value, String source) {
    String shown = USER_INFO.matcher(value).replaceAll("$1****@"); // a user:password never printed
    try {
      URI uri = new URI(value.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getUserInfo() != null) {
        throw CliException.configuration(
            source + " must be an http(s) URL like https://ica.illumina.com/ica/rest, without a user or"
                + " password, got '" + shown + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw CliException.configuration(source + " is not a URL: '" + shown + "'");
    }
  }

}
