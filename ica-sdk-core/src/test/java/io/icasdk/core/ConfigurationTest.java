package io.icasdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icasdk.core.internal.ConfigResolver;
import io.icasdk.core.model.ProjectId;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration precedence: builder > environment > ~/.icav2/config.yaml > ~/.icav2/.session.&lt;label&gt;.yaml >
 * ~/.icav2/.session.ica.yaml.
 */
class ConfigurationTest {
  @TempDir Path home;

  private void write(String name, String text) throws IOException {
    Path dir = home.resolve(".icav2");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(name), text);
  }

  private IcaClient.Builder builder(Map<String, String> env) {
    return IcaClient.builder().environment(env).userHome(home);
  }

  @Test
  void noCredentialsAnywhere_explainsHowToConfigure_andMentionsTheEmulator() {
    assertThatThrownBy(() -> builder(Map.of()).build())
        .isInstanceOf(IcaConfigurationException.class)
        .hasMessageContaining("ICAV2_X_API_KEY")
        .hasMessageContaining("~/.icav2/config.yaml")
        .hasMessageContaining("ica emulator")
        .hasMessageContaining("ica demo");
  }

  @Test
  void defaults_toIcaIllumina() {
    IcaClient c = builder(Map.of("ICAV2_X_API_KEY", "k")).build();
    assertThat(c.baseUrl()).isEqualTo(URI.create("https://ica.illumina.com/ica/rest"));
    assertThat(c.defaultProjectId()).isEmpty();
  }

  @Test
  void configFile_suppliesServerAndPlainKey_andSessionFileSuppliesTheProject() throws IOException {
    write("config.yaml", "access-token: \"\"\ncolormode: none\noutput-format: table\n"
        + "server-url: use1.ica.example.com\nx-api-key: key-from-file\n");
    write(".session.ica.yaml", "access-token: old\nproject-id: 11111111-0000-0000-0000-000000000001\n");
    IcaClient c = builder(Map.of()).build();
    assertThat(c.baseUrl()).isEqualTo(URI.create("https://use1.ica.example.com/ica/rest"));
    assertThat(c.defaultProjectId()).contains(new ProjectId("11111111-0000-0000-0000-000000000001"));
    assertThat(c.toString()).contains("X-API-Key").doesNotContain("key-from-file");
  }

  /** As the icav2 CLI keeps one session per server: the ica tool's --project help names this order. */
  @Test
  void theSessionFileOfTheServersFirstHostLabel_winsOverSessionIcaYaml() throws IOException {
    write("config.yaml", "server-url: use1.ica.example.com\nx-api-key: k\n");
    write(".session.ica.yaml", "project-id: from-ica-session\n");
    assertThat(builder(Map.of()).build().defaultProjectId()).contains(new ProjectId("from-ica-session"));
    write(".session.use1.yaml", "project-id: from-use1-session\n");
    assertThat(builder(Map.of()).build().defaultProjectId()).contains(new ProjectId("from-use1-session"));
  }

  /** YAML would type these as numbers (0123 is octal 83, 1e5 is 100000.0): the SDK takes them as written. */
  @Test
  void configValuesThatLookLikeNumbers_areReadAsWritten() throws IOException {
    write("config.yaml", "server-url: ica.example.com\nx-api-key: 0123\nnested: {x-api-key: no}\n");
    write(".session.ica.yaml", "project-id: 1e5\n");
    ConfigResolver.Resolved r = ConfigResolver.resolve(
        new ConfigResolver.Explicit(null, null, null, null, null, false, Map.of(), home));
    assertThat(r.apiKey().reveal()).isEqualTo("0123");
    assertThat(r.projectId()).isEqualTo("1e5");
    write("config.yaml", "server-url: ica.example.com\nx-api-key: 0x1F_00\n");
    assertThat(ConfigResolver.resolve(new ConfigResolver.Explicit(null, null, null, null, null, false, Map.of(), home))
        .apiKey().reveal()).isEqualTo("0x1F_00");
  }

  /**
   * Jackson's parser gives a YAML alias as its anchor's name, not the anchored value: the key must not be sent as
   * "k" (a 401 far from its cause), so an alias is a configuration error that says what to write instead.
   */
  @Test
  void anAliasedApiKey_isAClearError_notTheAnchorsName() throws IOException {
    for (String yaml : List.of("keys: &k the-real-key\nx-api-key: *k\n", "nested: {key: &k inner}\nx-api-key: *k\n")) {
      write("config.yaml", "server-url: ica.example.com\n" + yaml);
      assertThatThrownBy(() -> ConfigResolver.resolve(
          new ConfigResolver.Explicit(null, null, null, null, null, false, Map.of(), home)))
          .isInstanceOf(IcaConfigurationException.class)
          .hasMessageContaining("x-api-key").hasMessageContaining("alias (*k)").hasMessageContaining("write the value")
          .hasMessageNotContaining("the-real-key").hasMessageNotContaining("inner");
    }
  }

  @Test
  void environment_winsOverConfigFiles() throws IOException {
    write("config.yaml", "server-url: file.example.com\nx-api-key: key-from-file\n");
    write(".session.ica.yaml", "project-id: from-session\n");
    IcaClient c = builder(Map.of("ICAV2_SERVER_URL", "env.example.com", "ICAV2_X_API_KEY", "env-key",
        "ICAV2_PROJECT_ID", "from-env")).build();
    assertThat(c.baseUrl()).isEqualTo(URI.create("https://env.example.com/ica/rest"));
    assertThat(c.defaultProjectId()).contains(new ProjectId("from-env"));
  }

  @Test
  void baseUrlEnvironment_winsOverServerUrl_andTrailingSlashIsDropped() {
    IcaClient c = builder(Map.of("ICAV2_BASE_URL", "https://full.example.com/custom/rest/",
        "ICAV2_SERVER_URL", "host.example.com", "ICAV2_X_API_KEY", "k")).build();
    assertThat(c.baseUrl()).isEqualTo(URI.create("https://full.example.com/custom/rest"));
  }

  @Test
  void aBaseUrlWithoutAPath_getsIcasRestPath() {
    assertThat(builder(Map.of("ICAV2_BASE_URL", "https://ica.example.com/", "ICAV2_X_API_KEY", "k")).build()
        .baseUrl()).isEqualTo(URI.create("https://ica.example.com/ica/rest"));
    assertThat(builder(Map.of("ICAV2_X_API_KEY", "k")).baseUrl(URI.create("http://127.0.0.1:8080")).build()
        .baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8080/ica/rest"));
    assertThat(builder(Map.of("ICAV2_BASE_URL", "https://proxy.example.com/ica", "ICAV2_X_API_KEY", "k")).build()
        .baseUrl()).as("a path is the user's").isEqualTo(URI.create("https://proxy.example.com/ica"));
  }

  @Test
  void builder_winsOverEnvironment() throws IOException {
    write(".session.ica.yaml", "project-id: from-session\n");
    IcaClient c = builder(Map.of("ICAV2_BASE_URL", "https://env.example.com/ica/rest",
        "ICAV2_X_API_KEY", "env-key", "ICAV2_PROJECT_ID", "from-env"))
        .serverUrl("builder.example.com").apiKey("builder-key").defaultProjectId("from-builder").build();
    assertThat(c.baseUrl()).isEqualTo(URI.create("https://builder.example.com/ica/rest"));
    assertThat(c.defaultProjectId()).contains(new ProjectId("from-builder"));
  }

  /**
   * The JDK's HTTP client refuses a header value with a control character by quoting it: a key or token holding one
   * is refused at build, without its value. The blanks around one (a key file with Windows line endings) go.
   */
  @Test
  void aKeyWithAControlCharacterInside_isRefusedAtBuild_withoutItsValue_andBlanksAroundItAreDropped() {
    for (String bad : List.of("SECRET-1\r\nx", "SECRET-1\u0000", "SECRET\u0007-1", "SECRET-\u20ac")) {
      assertThatThrownBy(() -> builder(Map.of()).apiKey(bad).build()).as(bad)
          .isInstanceOf(IcaConfigurationException.class)
          .hasMessageStartingWith("Cannot use the builder's apiKey(...): it holds a line break or another character")
          .hasMessageNotContaining("SECRET");
    }
    assertThatThrownBy(() -> builder(Map.of()).accessToken("SECRET\nx").build())
        .isInstanceOf(IcaConfigurationException.class).hasMessageNotContaining("SECRET");
    assertThatThrownBy(() -> builder(Map.of("ICAV2_X_API_KEY", "SECRET\rx")).build())
        .isInstanceOf(IcaConfigurationException.class).hasMessageContaining("ICAV2_X_API_KEY")
        .hasMessageNotContaining("SECRET");

    ConfigResolver.Resolved r = ConfigResolver.resolve(new ConfigResolver.Explicit(null, null,
        Secret.of(" key-1\r\n"), null, null, false, Map.of(), home));
    assertThat(r.apiKey().reveal()).isEqualTo("key-1");
    r = ConfigResolver.resolve(new ConfigResolver.Explicit(null, null, Secret.of("key\tand tab"), null, null, false,
        Map.of(), home));
    assertThat(r.apiKey().reveal()).as("tabs and spaces are valid in a header").isEqualTo("key\tand tab");
  }

  @Test
  void accessToken_winsOverApiKeyWithinTheEnvironment() {
    IcaClient c = builder(Map.of("ICAV2_ACCESS_TOKEN", "t", "ICAV2_X_API_KEY", "k")).build();
    assertThat(c.toString()).contains("Bearer");
  }

  @Test
  void anExpiredAccessToken_inTheEnvironment_givesWayToAnApiKey_butAValidOneStillWins() throws IOException {
    IcaClient expired = builder(Map.of("ICAV2_ACCESS_TOKEN", jwt(1_600_000_000L), "ICAV2_X_API_KEY", "k")).build();
    assertThat(expired.toString()).contains("X-API-Key").doesNotContain("Bearer");
    write("config.yaml", "x-api-key: key-from-file\n");
    assertThat(builder(Map.of("ICAV2_ACCESS_TOKEN", jwt(1_600_000_000L))).build().toString()).contains("X-API-Key");
    long inAnHour = java.time.Instant.now().getEpochSecond() + 3600;
    assertThat(builder(Map.of("ICAV2_ACCESS_TOKEN", jwt(inAnHour), "ICAV2_X_API_KEY", "k")).build().toString())
        .contains("Bearer");
    Files.delete(home.resolve(".icav2/config.yaml"));
    assertThat(builder(Map.of("ICAV2_ACCESS_TOKEN", jwt(1_600_000_000L))).build().toString())
        .as("no key to fall back to: the token is used, and ICA's 401 will say so").contains("Bearer");
  }

  @Test
  void aDamagedSessionFile_isIgnored_itOnlyNamesADefaultProject() throws IOException {
    write(".session.ica.yaml", "project-id: [unclosed\n");
    IcaClient c = builder(Map.of("ICAV2_X_API_KEY", "k")).build();
    assertThat(c.defaultProjectId()).isEmpty();
  }

  private static String jwt(long exp) {
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"none\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(("{\"exp\":" + exp + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8)) + ".sig";
  }

  @Test
  void encryptedBinaryApiKey_saysToUseTheEnvironmentVariable() throws IOException {
    write("config.yaml", "server-url: ica.illumina.com\nx-api-key: !!binary |\n  c2VjcmV0LWVuY3J5cHRlZC1rZXk=\n");
    assertThatThrownBy(() -> builder(Map.of()).build())
        .isInstanceOf(IcaConfigurationException.class)
        .hasMessageContaining("encrypted")
        .hasMessageContaining("ICAV2_X_API_KEY")
        .hasMessageNotContaining("c2VjcmV0LWVuY3J5cHRlZC1rZXk=");
  }

  @Test
  void encryptedKeyInFile_isIgnoredWhenTheEnvironmentHasAKey() throws IOException {
    write("config.yaml", "server-url: file.example.com\nx-api-key: !!binary |\n  c2VjcmV0\n");
    IcaClient c = builder(Map.of("ICAV2_X_API_KEY", "env-key")).build();
    assertThat(c.baseUrl().getHost()).isEqualTo("file.example.com");
  }

  @Test
  void unreadableYaml_isAConfigurationErrorNamingTheFile() throws IOException {
    write("config.yaml", "server-url: [unclosed\n  x: : :\n");
    assertThatThrownBy(() -> builder(Map.of()).build())
        .isInstanceOf(IcaConfigurationException.class)
        .hasMessageContaining("config.yaml");
  }

  @Test
  void plainHttp_isRefusedForRemoteHosts_unlessAllowed() {
    Map<String, String> env = Map.of("ICAV2_X_API_KEY", "k");
    assertThatThrownBy(() -> builder(env).baseUrl("http://ica.example.com/ica/rest").build())
        .isInstanceOf(IcaConfigurationException.class)
        .hasMessageContaining("allowInsecureHttp(true)");
    assertThat(builder(env).baseUrl("http://ica.example.com/ica/rest").allowInsecureHttp(true).build().baseUrl())
        .hasScheme("http");
    assertThat(builder(env).baseUrl("http://127.0.0.1:8080/ica/rest").build().baseUrl().getPort()).isEqualTo(8080);
    assertThat(builder(env).baseUrl("http://localhost:8080/ica/rest").build()).isNotNull();
    assertThat(builder(env).baseUrl("http://[::1]:8080/ica/rest").build()).isNotNull();
  }

  @Test
  void badUrls_areConfigurationErrors() {
    Map<String, String> env = Map.of("ICAV2_X_API_KEY", "k");
    assertThatThrownBy(() -> builder(env).baseUrl("ftp://x/ica/rest").build())
        .isInstanceOf(IcaConfigurationException.class).hasMessageContaining("https://");
    assertThatThrownBy(() -> builder(env).baseUrl("not a url").build())
        .isInstanceOf(IcaConfigurationException.class);
    assertThatThrownBy(() -> builder(env).baseUrl("https://x/ica/rest?a=b").build())
        .isInstanceOf(IcaConfigurationException.class);
  }

  @Test
  void serverUrl_acceptsHostPortAndSchemeForms() {
    Map<String, String> env = Map.of("ICAV2_X_API_KEY", "k");
    assertThat(builder(env).serverUrl("ica.illumina.com:8443").build().baseUrl())
        .isEqualTo(URI.create("https://ica.illumina.com:8443/ica/rest"));
    assertThat(builder(env).serverUrl("https://ica.illumina.com").build().baseUrl())
        .isEqualTo(URI.create("https://ica.illumina.com/ica/rest"));
  }
}
