package io.icasdk.bench;

import io.icasdk.core.CreateFolderRequest;
import io.icasdk.core.CredentialsRequest;
import io.icasdk.core.IcaClient;
import io.icasdk.core.ProjectDataClient;
import io.icasdk.core.model.AwsCredentials;
import io.icasdk.core.model.ProjectData;
import io.icasdk.core.model.ProjectId;
import java.util.Map;

/**
 * The harness's way into the emulator's ICA API (through ica-sdk-core, like any user): the client,
 * folders, and temporary S3 credentials for a folder. Settings come from the environment that
 * bench/run.sh exports: {@code ICAV2_BASE_URL}, {@code ICAV2_X_API_KEY}, {@code ICAV2_PROJECT_ID}.
 *
 * <p>{@code IcaAccess ica = IcaAccess.fromEnvironment(System.getenv()); ica.folderCredentials("/bench/");}
 *
 * <p>Thread-safe (IcaClient is).
 */
final class IcaAccess {
  private final IcaClient client;
  private final ProjectId project;

  private IcaAccess(IcaClient client, ProjectId project) {
    this.client = client;
    this.project = project;
  }

  /**
   * @throws IllegalStateException when a variable is missing
   */
  static IcaAccess fromEnvironment(Map<String, String> env) {
    IcaClient client = IcaClient.builder()
        .baseUrl(require(env, "ICAV2_BASE_URL"))
        .apiKey(require(env, "ICAV2_X_API_KEY"))
        .defaultProjectId(require(env, "ICAV2_PROJECT_ID"))
        .allowInsecureHttp(true)
        .build();
    return new IcaAccess(client, new ProjectId(require(env, "ICAV2_PROJECT_ID")));
  }

  private static String require(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set; bench/run.sh exports it from the emulator it starts");
    }
    return value;
  }

  IcaClient client() {
    return client;
  }

  ProjectId project() {
    return project;
  }

  ProjectDataClient data() {
    return client.projectData(project);
  }

  /** The folder at {@code path} ("/a/b/"), created when missing. */
  ProjectData folder(String path) {
    return data().findByPath(path).orElseGet(() -> data().createFolder(CreateFolderRequest.forPath(path)));
  }

  /** Fresh read-write AWS credentials scoped to the folder at {@code path}. */
  AwsCredentials folderCredentials(String path) {
    AwsCredentials aws = data().createTemporaryCredentials(folder(path).id(), CredentialsRequest.aws()).aws();
    if (aws == null) {
      throw new IllegalStateException("ICA returned no AWS credentials for " + path);
    }
    return aws;
  }
}
