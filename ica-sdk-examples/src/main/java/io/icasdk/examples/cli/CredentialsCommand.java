package io.icasdk.examples.cli;

import io.icasdk.core.CreateFolderRequest;
import io.icasdk.core.CredentialsRequest;
import io.icasdk.core.ProjectDataClient;
import io.icasdk.core.model.AwsCredentials;
import io.icasdk.core.model.ProjectData;
import io.icasdk.core.model.RcloneCredentials;
import io.icasdk.core.model.TemporaryCredentials;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ica credentials <remote folder>}: temporary S3 credentials scoped to one folder, printed
 * for another tool (AWS CLI, boto3, rclone). These are secrets: the command prints them only to
 * stdout, on request.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "credentials",
    description = {
      "Print temporary S3 credentials for a project folder, for use with other tools: shell "
          + "exports for the AWS CLI / SDKs (default), or an rclone remote (--rclone).",
      "Example: eval \"$(ica credentials /runs/r1/)\" && aws s3 ls \"$ICA_S3_URL\""
    })
final class CredentialsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<remote folder>",
      description = "Folder inside the project, e.g. /runs/r1/.")
  String remote;

  @Option(names = "--rclone",
      description = "Print an rclone remote (config section) instead of AWS exports.")
  boolean rclone;

  @Option(names = "--remote-name", paramLabel = "<name>",
      description = "Name of the rclone remote (default: ica).")
  String remoteName = "ica";

  @Option(names = "--read-only", description = "Ask ICA for read-only credentials.")
  boolean readOnly;

  @Option(names = "--create", description = "Create the folder when it does not exist yet.")
  boolean create;

  @Override
  public Integer call() {
    IcaCli cli = IcaCli.of(spec);
    String path = RemotePath.folder(remote, "<remote folder>");
    if (path.equals("/")) { // before the session: the root never has credentials, whatever the project
      throw CliException.usage("credentials are per folder: name a folder such as /runs/r1/, not the project root");
    }
    Session session = cli.session();
    ProjectDataClient data = session.data();
    ProjectData folder = findFolder(data, path, session);
    CredentialsRequest request = rclone ? CredentialsRequest.rclone() : CredentialsRequest.aws();
    if (readOnly) {
      request = request.readOnly();
    }
    TemporaryCredentials credentials = data.createTemporaryCredentials(folder.id(), request);
    Optional<URI> endpoint = session.s3Endpoint();
    PrintWriter out = cli.out();
    if (rclone) {
      printRclone(out, credentials.rclone(), path, endpoint);
    } else {
      printAws(out, credentials.aws(), path, session.project().name(), endpoint, readOnly);
    }
    return ExitCode.OK;
  }

  private ProjectData findFolder(ProjectDataClient data, String path, Session session) {
    Optional<ProjectData> found = data.findByPath(path);
    if (found.isPresent()) {
      return found.get();
    }
    String withoutSlash = path.substring(0, path.length() - 1);
    if (data.findByPath(withoutSlash).filter(ProjectData::isFile).isPresent()) {
      throw CliException.failure(withoutSlash + " is a file in project " + session.project().name()
          + "; credentials are per folder: name the folder that holds it ("
          + withoutSlash.substring(0, withoutSlash.lastIndexOf('/') + 1) + ")");
    }
    if (create) {
      return data.createFolder(CreateFolderRequest.forPath(path));
    }
    throw CliException.failure(
        "no folder " + path + " in project " + session.project().name()
            + "; pass --create to create it, or see `ica data list /`");
  }

  private static void printAws(PrintWriter out, AwsCredentials aws, String path, String project,
      Optional<URI> endpoint, boolean readOnly) {
    if (aws == null) {
      throw CliException.failure("ICA returned no AWS credentials for " + path);
    }
    String s3Url = "s3://" + aws.bucket() + "/" + aws.objectPrefix();
    out.println("# Temporary credentials for " + path + " in project " + project
        + (readOnly ? ", read-only" : "") + " (ICA issues them for 36 hours). Use: eval \"$(ica credentials "
        + path + (readOnly ? " --read-only" : "") + ")\"");
    out.println("export AWS_ACCESS_KEY_ID=" + shellQuote(aws.accessKey()));
    out.println("export AWS_SECRET_ACCESS_KEY=" + shellQuote(aws.secretKey().reveal()));
    out.println("export AWS_SESSION_TOKEN=" + shellQuote(aws.sessionToken().reveal()));
    out.println("export AWS_REGION=" + shellQuote(aws.region()));
    out.println("export AWS_DEFAULT_REGION=" + shellQuote(aws.region()));
    endpoint.ifPresent(e -> out.println("export AWS_ENDPOINT_URL_S3=" + shellQuote(e.toString())));
    out.println("export ICA_S3_URL=" + shellQuote(s3Url));
    out.println(readOnly ? "# Then e.g.: aws s3 sync \"$ICA_S3_URL\" ./local/"
        : "# Then e.g.: aws s3 sync ./local/ \"$ICA_S3_URL\"" + sseFlags(aws));
  }

  /** AWS CLI flags matching the encryption ICA expects on uploads. */
  static String sseFlags(AwsCredentials aws) {
    String sse = aws.serverSideEncryptionAlgorithm();
    if (sse == null || sse.isBlank()) {
      return "";
    }
    if (sse.equalsIgnoreCase("AES256")) {
      return " --sse AES256";
    }
    String key = aws.serverSideEncryptionKey();
    return " --sse aws:kms" + (key == null || key.isBlank() ? "" : " --sse-kms-key-id " + key);
  }

  private void printRclone(PrintWriter out, RcloneCredentials rc, String path, Optional<URI> endpoint) {
    if (rc == null) {
      throw CliException.failure("ICA returned no rclone credentials for " + path);
    }
    Map<String, String> config = new TreeMap<>(rc.config());
    endpoint.ifPresent(e -> config.put("endpoint", e.toString()));
    if (endpoint.isPresent()) {
      config.put("force_path_style", "true");
    }
    out.println("# rclone remote for " + path + (rc.expirationTime() == null ? "" : ", valid until " + rc.expirationTime()));
    out.println("# Append to ~/.config/rclone/rclone.conf, then use " + remoteName + ":" + rc.filePathPrefix());
    out.println("[" + remoteName + "]");
    config.forEach((k, v) -> out.println(k + " = " + v));
  }

  static String shellQuote(String value) {
    return "'" + (value == null ? "" : value.replace("'", "'\\''")) + "'";
  }
}
