package io.icasdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassian.oai.validator.model.SimpleRequest;
import io.icasdk.core.internal.UrlEncoding;
import io.icasdk.core.model.DataId;
import io.icasdk.core.model.DataType;
import io.icasdk.core.model.RcloneCredentials;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Request builders reject bad input with actionable messages; small value types behave. */
class RequestValidationTest {

  @Test
  void createFileRequest_forPath_splitsFolderAndName() {
    CreateFileRequest r = CreateFileRequest.forPath("/runs/r1/s1.fastq.gz");
    assertThat(r.folderPath()).isEqualTo("/runs/r1/");
    assertThat(r.name()).isEqualTo("s1.fastq.gz");
    assertThat(CreateFileRequest.forPath("/x").folderPath()).isEqualTo("/");
  }

  @Test
  void createFileRequest_rejectsBadInput() {
    assertThatThrownBy(() -> CreateFileRequest.builder().folderPath("/a/").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name(...)");
    assertThatThrownBy(() -> CreateFileRequest.builder().name("a/b").build())
        .hasMessageContaining("folderPath(...)");
    assertThatThrownBy(() -> CreateFileRequest.builder().name("x").folderPath("/a").build())
        .hasMessageContaining("must start and end with '/'");
    assertThatThrownBy(() -> CreateFileRequest.builder().name("x").folderPath("/a/").folderId(DataId.of("fol.1")).build())
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> CreateFileRequest.forPath("/a/")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CreateFileRequest.forPath("relative.txt")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void createFolderRequest_forPath_acceptsTrailingSlash() {
    CreateFolderRequest r = CreateFolderRequest.forPath("/runs/r1/");
    assertThat(r.folderPath()).isEqualTo("/runs/");
    assertThat(r.name()).isEqualTo("r1");
    assertThatThrownBy(() -> CreateFolderRequest.forPath("/")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void dataListRequest_rejectsBadFilters() {
    assertThatThrownBy(() -> DataListRequest.builder().parentFolderPath("/a")).hasMessageContaining("'/'");
    assertThatThrownBy(() -> DataListRequest.builder().type(DataType.UNKNOWN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DataListRequest.builder().pageSize(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void findByPath_rejectsRootAndRelativePaths() {
    ProjectDataClient data = IcaClient.builder().environment(Map.of("ICAV2_X_API_KEY", "k"))
        .userHome(java.nio.file.Path.of("/nonexistent")).build().projectData("p");
    assertThatThrownBy(() -> data.findByPath("/")).hasMessageContaining("below the root");
    assertThatThrownBy(() -> data.findByPath("a/b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> data.listFolder("/a")).hasMessageContaining("'/'");
  }

  @Test
  void credentialsRequest_readOnlyIsACopy() {
    assertThat(CredentialsRequest.aws().readOnly().isReadOnly()).isTrue();
    assertThat(CredentialsRequest.aws().isReadOnly()).isFalse();
    assertThat(CredentialsRequest.rclone().readOnly().format()).isEqualTo(CredentialsFormat.RCLONE);
    assertThat(CredentialsRequest.aws().readOnly()).isEqualTo(CredentialsRequest.of(CredentialsFormat.AWS, true));
  }

  @Test
  void secret_isMaskedAndComparesByValue() {
    Secret s = Secret.of("hunter2-secret");
    assertThat(s.toString()).isEqualTo("****");
    assertThat(s).isEqualTo(Secret.of("hunter2-secret")).isNotEqualTo(Secret.of("other"));
    assertThat(s.reveal()).isEqualTo("hunter2-secret");
  }

  @Test
  void rcloneCredentials_toStringMasksSecretValues() {
    RcloneCredentials r = new RcloneCredentials(Map.of("access_key_id", "AKIA1", "secret_access_key", "S3CR3T",
        "session_token", "T0K3N", "type", "s3"), "b/p", "s3", null, null);
    assertThat(r.toString()).contains("AKIA1").contains("s3").doesNotContain("S3CR3T").doesNotContain("T0K3N");
  }

  @Test
  void retryPolicy_validatesAndHasDocumentedDefaults() {
    assertThat(RetryPolicy.defaults().maxAttempts()).isEqualTo(6);
    assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
    assertThat(RetryPolicy.defaults().maxElapsed()).isEqualTo(Duration.ofMinutes(2));
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryPolicy.builder().maxBackoff(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void urlEncoding_escapesReservedCharactersButKeepsSlashesInQueries() {
    assertThat(UrlEncoding.queryComponent("/a b/c&d=e+f#g%")).isEqualTo("/a%20b/c%26d%3De%2Bf%23g%25");
    assertThat(UrlEncoding.pathSegment("fil.a/b:c")).isEqualTo("fil.a%2Fb%3Ac");
    assertThat(UrlEncoding.queryComponent("ü")).isEqualTo("%C3%BC");
  }

  @Test
  void specValidator_rejectsANonConformingRequest_soConformanceChecksAreLive() {
    Assumptions.assumeTrue(SpecValidator.available(),
        "ICA's OpenAPI spec not found at -Dica.openapi.spec; skipping the spec check");
    SimpleRequest bad = SimpleRequest.Builder
        .post("/ica/rest/api/projects/11111111-2222-3333-4444-555555555555/data:createFile")
        .withHeader("X-API-Key", "k").withContentType("application/vnd.illumina.v3+json")
        .withAccept("application/vnd.illumina.v3+json")
        .withBody("{\"folderPath\":\"no-trailing-slash\"}").build();
    assertThat(SpecValidator.get().validateRequest(bad).getMessages()).isNotEmpty();
  }
}
