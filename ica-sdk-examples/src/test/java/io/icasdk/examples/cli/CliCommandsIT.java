package io.icasdk.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.icasdk.testkit.IcaEmulator;
import io.icasdk.testkit.IcaEmulatorExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Listing, credentials and emulator commands end to end against the in-process emulator. */
class CliCommandsIT {
  @RegisterExtension static final IcaEmulatorExtension ICA = new IcaEmulatorExtension();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path home;

  private static IcaEmulator emulator;
  private static CliRunner cli;

  @BeforeAll
  static void seed() {
    emulator = ICA.emulator();
    cli = new CliRunner(emulator.shellExports(), home);
    String project = emulator.projectId();
    emulator.seed().putFile(project, "/listing/a.txt", "alpha".getBytes(StandardCharsets.UTF_8));
    emulator.seed().putFile(project, "/listing/sub/b.txt", "beta!".getBytes(StandardCharsets.UTF_8));
    emulator.seed().createFolder(project, "/listing/empty/");
  }

  @Test
  void projectsList_showsTheEmulatorsProjectAsATable() {
    CliRunner.Result r = cli.run("projects", "list");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).startsWith("ID").contains("NAME", "REGION");
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith(emulator.projectId()).contains("demo"));
    assertThat(r.err()).isEmpty();
  }

  @Test
  void transferSettingsOutOfRange_areOneLineUsageErrors_inTheToolsWords() {
    CliRunner.Result part = cli.run("--part-size", "1KiB", "download", "/listing/a.txt", "unused");
    assertThat(part.exitCode()).as(part.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(part.errLines()).containsExactly("ica: --part-size must be between 5MiB and 1GiB, got 1.0 KiB");
    CliRunner.Result huge = cli.run("--part-size", "5GiB", "download", "/listing/a.txt", "unused");
    assertThat(huge.errLines()).as(huge.toString()).containsExactly(
        "ica: --part-size must be between 5MiB and 1GiB, got 5.0 GiB");
    CliRunner.Result concurrency = cli.run("--concurrency", "0", "download", "/listing/a.txt", "unused");
    assertThat(concurrency.exitCode()).as(concurrency.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(concurrency.errLines()).containsExactly("ica: --concurrency must be between 1 and 1024, got 0");
    CliRunner.Result many = cli.run("--concurrency", "100000", "download", "/listing/a.txt", "unused");
    assertThat(many.exitCode()).as(many.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(many.errLines()).containsExactly("ica: --concurrency must be between 1 and 1024, got 100000");
    Path folder = home.resolve("not-made");
    CliRunner.Result intoNewFolder = cli.run("--part-size", "1KiB", "download", "/listing/a.txt", folder + "/");
    assertThat(intoNewFolder.exitCode()).as(intoNewFolder.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(folder).as("refused before the local folder is made").doesNotExist();
  }

  @Test
  void projectsList_asJson_isParseable() throws Exception {
    CliRunner.Result r = cli.run("projects", "list", "-o", "json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode projects = JSON.readTree(r.out());
    assertThat(projects.isArray()).isTrue();
    assertThat(projects).anySatisfy(p -> {
      assertThat(p.get("id").asText()).isEqualTo(emulator.projectId());
      assertThat(p.get("name").asText()).isEqualTo("demo");
    });
  }

  @Test
  void dataList_showsDirectChildren_andRecursiveShowsEverything() {
    CliRunner.Result children = cli.run("data", "list", "/listing/");
    assertThat(children.exitCode()).as(children.toString()).isZero();
    assertThat(children.out()).contains("/listing/a.txt", "/listing/sub/", "/listing/empty/")
        .doesNotContain("/listing/sub/b.txt");

    CliRunner.Result all = cli.run("data", "list", "--recursive", "ica:/listing");
    assertThat(all.exitCode()).as(all.toString()).isZero();
    assertThat(all.out()).contains("/listing/a.txt", "/listing/sub/b.txt", "/listing/empty/");
  }

  @Test
  void dataList_showsControlCharactersOfNamesEscaped_inTheTable_andAsTheyAre_inJson() throws Exception {
    String project = emulator.projectId();
    emulator.seed().putFile(project, "/odd/new\nline.txt", "n".getBytes(StandardCharsets.UTF_8));
    emulator.seed().putFile(project, "/odd/bell\u0007\u001b[2Jtab\t.txt", "e".getBytes(StandardCharsets.UTF_8));

    CliRunner.Result table = cli.run("data", "list", "/odd/");
    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(table.out().lines()).hasSize(3) // the header and one line per file
        .anySatisfy(l -> assertThat(l).contains("/odd/new\\nline.txt"))
        .anySatisfy(l -> assertThat(l).contains("/odd/bell\\x07\\x1b[2Jtab\\t.txt"));
    assertThat(table.out()).doesNotContain("\u001b", "\u0007", "\t.txt");

    JsonNode items = JSON.readTree(cli.run("data", "list", "/odd/", "-o", "json").out());
    assertThat(items).extracting(i -> i.get("path").asText())
        .containsExactlyInAnyOrder("/odd/new\nline.txt", "/odd/bell\u0007\u001b[2Jtab\t.txt");
  }

  @Test
  void dataList_ofAFile_asJson_givesItsSizeAndId() throws Exception {
    CliRunner.Result r = cli.run("data", "list", "/listing/a.txt", "-o", "json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode items = JSON.readTree(r.out());
    assertThat(items).hasSize(1);
    assertThat(items.get(0).get("path").asText()).isEqualTo("/listing/a.txt");
    assertThat(items.get(0).get("size").asLong()).isEqualTo(5);
    assertThat(items.get(0).get("id").asText()).startsWith("fil.");
  }

  @Test
  void dataList_ofAMissingFolder_isOneLineNotFound() {
    CliRunner.Result r = cli.run("data", "list", "/no/such/");
    assertThat(r.exitCode()).isEqualTo(ExitCode.ERROR);
    assertThat(r.errLines()).singleElement().asString()
        .isEqualTo("ica: no file or folder /no/such/ in project demo; see `ica data list /`");
    CliRunner.Result noSlash = cli.run("data", "list", "/no/such");
    assertThat(noSlash.errLines()).singleElement().asString()
        .isEqualTo("ica: no file or folder /no/such in project demo; see `ica data list /`");
  }

  @Test
  void project_canBeChosenByName() {
    CliRunner.Result r = cli.run("--project", "demo", "data", "list", "/listing/");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("/listing/a.txt");
  }

  @Test
  void unknownProjectName_isConfigurationError() {
    CliRunner.Result r = cli.run("data", "list", "/", "--project", "no-such-project");
    assertThat(r.exitCode()).isEqualTo(ExitCode.CONFIGURATION);
    assertThat(r.errLines()).containsExactly(
        "ica: no project named 'no-such-project' is visible to this API key; see `ica projects list`");
  }

  @Test
  void aProjectNameInIcav2ProjectId_isTakenAsTheName_likeProject() {
    java.util.Map<String, String> env = new java.util.HashMap<>(emulator.shellExports());
    env.put("ICAV2_PROJECT_ID", "demo");
    CliRunner.Result r = new CliRunner(env, home).run("data", "list", "/");
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  @Test
  void unknownProjectId_isConfigurationError() {
    CliRunner.Result r = cli.run("data", "list", "/", "--project", "00000000-0000-0000-0000-000000000000");
    assertThat(r.exitCode()).isEqualTo(ExitCode.CONFIGURATION);
    assertThat(r.errLines()).singleElement().asString()
        .contains("no project with id 00000000-0000-0000-0000-000000000000");
  }

  @Test
  void wrongApiKey_isOneLineAuthenticationError_withoutTheKey() {
    CliRunner.Result r = cli.run("projects", "list", "--api-key", "wrong-key-123");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.CONFIGURATION);
    assertThat(r.errLines()).as("one line: no '-v for details' for a wrong key").hasSize(1);
    assertThat(r.errLines().get(0)).startsWith("ica: authentication failed").contains("(--api-key, ICAV2_X_API_KEY",
            "this client used the API key given with --api-key)", "(--endpoint)")
        .doesNotContain(" - check the API key"); // the core client's advice, once
    assertThat(r.err()).doesNotContain("wrong-key-123");
  }

  @Test
  void credentials_printsAwsExportsThatNameTheFolder() {
    CliRunner.Result r = cli.run("credentials", "/listing/");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    Map<String, String> exports = parseExports(r.out());
    assertThat(exports).containsKeys(
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "ICA_S3_URL");
    assertThat(exports.get("AWS_SECRET_ACCESS_KEY")).isNotBlank().doesNotContain("*");
    assertThat(exports.get("ICA_S3_URL")).startsWith("s3://" + emulator.bucket() + "/").endsWith("/listing/");
    assertThat(exports.get("AWS_ENDPOINT_URL_S3")).isEqualTo(emulator.s3Endpoint().toString());
  }

  @Test
  void credentials_readOnly_sayRunTheSameCommand_andSuggestAReadingCommand() {
    CliRunner.Result r = cli.run("credentials", "/listing/", "--read-only");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains(", read-only (ICA issues them", "eval \"$(ica credentials /listing/ --read-only)\"",
        "aws s3 sync \"$ICA_S3_URL\" ./local/");
    assertThat(cli.run("credentials", "/listing/").out()).contains("aws s3 sync ./local/ \"$ICA_S3_URL\"");
  }

  @Test
  void credentials_withRclone_printsARemoteSection() {
    CliRunner.Result r = cli.run("credentials", "/listing/", "--rclone", "--remote-name", "myica");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("[myica]", "type = s3", "access_key_id = ", "secret_access_key = ",
        "endpoint = " + emulator.s3Endpoint());
  }

  /** It looked the project up on ICA (and could fail on that, e.g. a wrong key) before refusing the root. */
  @Test
  void credentials_forTheProjectRoot_isAUsageError_beforeAnyCallToIca() {
    int before = emulator.faults().restRequestCount();
    for (String root : List.of("/", "ica:/", "//")) {
      CliRunner.Result r = cli.run("credentials", root);
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE);
      assertThat(r.errLines().get(0)).isEqualTo(
          "ica: credentials are per folder: name a folder such as /runs/r1/, not the project root");
    }
    assertThat(emulator.faults().restRequestCount()).as("REST calls").isEqualTo(before);
  }

  @Test
  void credentials_forAMissingFolder_failsUnlessAskedToCreateIt() {
    CliRunner.Result missing = cli.run("credentials", "/new-folder/");
    assertThat(missing.exitCode()).isEqualTo(ExitCode.ERROR);
    assertThat(missing.errLines()).singleElement().asString().contains("no folder /new-folder/", "--create");

    CliRunner.Result created = cli.run("credentials", "/new-folder/", "--create");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(cli.run("data", "list", "/").out()).contains("/new-folder/");

    for (CliRunner.Result file : List.of(cli.run("credentials", "/listing/sub/b.txt"),
        cli.run("credentials", "/listing/sub/b.txt", "--create"))) {
      assertThat(file.exitCode()).as(file.toString()).isEqualTo(ExitCode.ERROR);
      assertThat(file.errLines()).singleElement().asString().contains("/listing/sub/b.txt is a file",
          "name the folder that holds it (/listing/sub/)");
    }
  }

  @Test
  void emulatorCommand_printsExportsThatWork_andStopsWhenInterrupted() throws Exception {
    CountDownLatch ready = new CountDownLatch(1);
    StringWriter out = new StringWriter() {
      @Override
      public void flush() {
        if (toString().contains("export AWS_ENDPOINT_URL_S3")) {
          ready.countDown();
        }
      }
    };
    AtomicInteger exit = new AtomicInteger(-1);
    Thread runner = new Thread(() -> exit.set(new IcaCli(Map.of(), home, false)
        .execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
            "emulator", "--api-key", "key-from-the-test", "--project", "mine",
            "--data-dir", home.resolve("emu").toString())));
    runner.start();
    try {
      assertThat(ready.await(60, TimeUnit.SECONDS)).as("emulator banner printed").isTrue();
      Map<String, String> exports = parseExports(out.toString());
      assertThat(exports).containsEntry("ICAV2_X_API_KEY", "key-from-the-test");

      CliRunner.Result r = new CliRunner(exports, home).run("projects", "list");
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.out()).contains("mine");
    } finally {
      runner.interrupt();
      runner.join(TimeUnit.SECONDS.toMillis(30));
    }
    assertThat(runner.isAlive()).isFalse();
    assertThat(exit.get()).isZero();
    assertThat(Files.exists(home.resolve("emu"))).isTrue();
  }

  /** A port taken (by this class's emulator) is named, with what to do: it read "UncheckedIOException: ... in use". */
  @Test
  void emulatorCommand_onAPortTaken_saysWhichOneAndWhatToDo() {
    int rest = emulator.baseUrl().getPort();
    CliRunner.Result r = cli.run("emulator", "--port", String.valueOf(rest));
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.ERROR);
    assertThat(r.errLines()).as(r.toString()).containsExactly("ica: cannot start the emulator: the REST port " + rest
        + " on 127.0.0.1 is in use (another `ica emulator` still running?); choose another --port or --s3-port, or"
        + " leave them out for free ones");
    int s3 = emulator.s3Endpoint().getPort();
    CliRunner.Result s3Taken = cli.run("emulator", "--s3-port", String.valueOf(s3));
    assertThat(s3Taken.exitCode()).as(s3Taken.toString()).isEqualTo(ExitCode.ERROR);
    assertThat(s3Taken.errLines()).singleElement().asString()
        .startsWith("ica: cannot start the emulator: the S3 port " + s3 + " on 127.0.0.1 is in use");
  }

  static Map<String, String> parseExports(String text) {
    Map<String, String> exports = new HashMap<>();
    text.lines().filter(l -> l.startsWith("export ")).forEach(l -> {
      String assignment = l.substring("export ".length());
      int eq = assignment.indexOf('=');
      String value = assignment.substring(eq + 1);
      if (value.startsWith("'") && value.endsWith("'")) {
        value = value.substring(1, value.length() - 1).replace("'\\''", "'");
      }
      exports.put(assignment.substring(0, eq), value);
    });
    return exports;
  }
}
