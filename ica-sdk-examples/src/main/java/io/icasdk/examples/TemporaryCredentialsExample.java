package io.icasdk.examples;

import io.icasdk.core.CredentialsRequest;
import io.icasdk.core.IcaClient;
import io.icasdk.core.ProjectDataClient;
import io.icasdk.core.model.AwsCredentials;
import io.icasdk.core.model.ProjectData;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Hands temporary S3 credentials for one project folder to another tool (here: any command, such
 * as the AWS CLI), through its environment - never through its command line, where other users
 * could read them.
 *
 * <pre>{@code
 * java -cp 'ica-sdk-examples/target/ica.jar:ica-sdk-examples/target/lib/*' \
 *     io.icasdk.examples.TemporaryCredentialsExample /runs/r1/ aws s3 ls --recursive '$ICA_S3_URL'
 * }</pre>
 */
public final class TemporaryCredentialsExample {
  private TemporaryCredentialsExample() {}

  /**
   * Entry point.
   *
   * @param args remote folder, then the command to run with the credentials
   * @throws IOException when the command cannot be started
   * @throws InterruptedException when interrupted while waiting for it
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length < 2) { // no default command: one that prints its environment would show the secrets
      System.err.println("usage: TemporaryCredentialsExample <remote folder> <command...>"
          + "   e.g. /runs/r1/ aws s3 ls --recursive '$ICA_S3_URL'");
      System.exit(2);
    }
    String folderPath = args[0];
    List<String> command = List.of(args).subList(1, args.length);

    IcaClient ica = IcaClient.fromEnvironment();
    ProjectDataClient data = ica.projectData(ica.defaultProjectId().orElseThrow(
        () -> new IllegalStateException("set ICAV2_PROJECT_ID")));

    ProjectData folder = data.findByPath(folderPath)
        .orElseThrow(() -> new IllegalArgumentException("no folder " + folderPath));

    // Folder-scoped credentials cover everything under the folder. Use .readOnly() for tools that
    // only read; CredentialsRequest.rclone() gives an rclone remote configuration instead.
    AwsCredentials aws = data.createTemporaryCredentials(folder.id(), CredentialsRequest.aws()).aws();

    // Through sh so that arguments may mention $ICA_S3_URL, as in the usage above.
    ProcessBuilder process = new ProcessBuilder("sh", "-c", String.join(" ", command)).inheritIO();
    Map<String, String> env = process.environment();
    env.put("AWS_ACCESS_KEY_ID", aws.accessKey());
    env.put("AWS_SECRET_ACCESS_KEY", aws.secretKey().reveal());   // Secret: masked in toString()
    env.put("AWS_SESSION_TOKEN", aws.sessionToken().reveal());
    env.put("AWS_REGION", aws.region());
    env.put("ICA_S3_URL", "s3://" + aws.bucket() + "/" + aws.objectPrefix());
    // Against the emulator (`ica emulator`), S3 is not at AWS: its shell exports set
    // AWS_ENDPOINT_URL_S3, which the child inherits and the AWS CLI honours.
    System.exit(process.start().waitFor());
  }
}
