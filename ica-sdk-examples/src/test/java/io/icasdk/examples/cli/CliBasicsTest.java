package io.icasdk.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** Parsing, usage errors and configuration errors: no server needed. */
class CliBasicsTest {
  @TempDir Path home;

  private CliRunner.Result run(String... args) {
    return new CliRunner(Map.of(), home).run(args);
  }

  @Test
  void noCommand_printsUsageAndExitsWithUsageError() {
    CliRunner.Result r = run();
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("Usage: ica").contains("missing command");
  }

  @Test
  void aUsageError_neverRepeatsTheApiKey_andAnEndpointWithAPassword_isRefusedWithoutIt() {
    CliRunner.Result misplaced = run("demo", "--api-key", "TOPSECRET42", "--bogus");
    assertThat(misplaced.exitCode()).as(misplaced.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(misplaced.err()).doesNotContain("TOPSECRET42").contains("****");
    CliRunner.Result joined = run("demo", "--api-key=TOPSECRET42");
    assertThat(joined.err()).doesNotContain("TOPSECRET42");

    CliRunner.Result password = run("--endpoint", "http://bob:PW_SECRET@127.0.0.1:1/ica/rest", "--api-key", "k",
        "data", "list", "/");
    assertThat(password.exitCode()).as(password.toString()).isEqualTo(ExitCode.CONFIGURATION);
    assertThat(password.err()).doesNotContain("PW_SECRET").doesNotContain("bob").contains("without a user or password");
  }

  /** The JDK's HTTP client quotes a header value it cannot send: ica printed such an API key in its error. */
  @Test
  void anApiKeyWithALineBreakInside_isAConfigurationError_thatNeverShowsIt() {
    CliRunner.Result r = run("--endpoint", "http://127.0.0.1:1/ica/rest", "--api-key", "TOPSECRET42\r\nX: y",
        "projects", "list");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.CONFIGURATION);
    assertThat(r.errLines()).singleElement().asString()
        .startsWith("ica: configuration error: Cannot use the API key given with --api-key: it holds a line break")
        .doesNotContain("TOPSECRET42");
  }

  @Test
  void help_listsEveryCommandAndTheExitCodes() {
    CliRunner.Result r = run("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains("projects", "data", "upload", "download", "credentials", "emulator", "demo")
        .contains("Exit codes:")
        .contains("ICAV2_X_API_KEY");
  }

  @ParameterizedTest
  @ValueSource(strings = {"projects", "projects list", "data list", "upload", "download", "sync", "credentials",
      "emulator", "demo"})
  void everyCommand_hasHelp(String command) {
    String[] args = (command + " --help").split(" ");
    CliRunner.Result r = run(args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("Usage: ica " + command);
  }

  /** Descriptions are wrapped in source with string concatenation: the help must read as one text. */
  @ParameterizedTest
  @ValueSource(strings = {"", "projects list", "data list", "upload", "download", "sync", "credentials",
      "emulator", "demo"})
  void help_joinsWrappedDescriptionsCleanly_andFitsTheWidth(String command) {
    String[] args = (command.isEmpty() ? "--help" : command + " --help").split(" ");
    CliRunner.Result r = run(args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out().lines()).as(r.out()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
    String text = r.out().replaceAll("\\s+", " ");
    String expected = switch (command) {
      case "" -> "resumable uploads and downloads, sync in either direction, temporary credentials for other tools.";
      case "demo" -> "downloads everything again and verifies every byte. Well under a minute.";
      case "credentials" -> "shell exports for the AWS CLI / SDKs (default), or an rclone remote (--rclone).";
      case "emulator" -> "Here --api-key sets the key the emulator accepts and --project the name of its project.";
      case "sync" -> "when their checksums differ (--checksum), or when their sizes differ (--size-only).";
      case "upload" -> "Interrupted uploads resume when you run the same command again";
      case "download" -> "Every byte is verified; interrupted downloads resume when you run the same command again.";
      case "data list" -> "(its direct children, or everything under it with -r).";
      default -> "List the projects visible to your API key.";
    };
    assertThat(text).contains(expected);
  }

  @Test
  void aProjectNamedLikeACommand_withoutACommand_listsEveryCommandInOrder() {
    CliRunner.Result r = run("--project", "upload");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("missing command");
    assertThat(r.err().substring(r.err().indexOf("Commands:"))).containsSubsequence(
        "projects", "data", "upload", "download", "sync", "credentials", "emulator", "demo", "help");
  }

  @Test
  void aRunBuildsOnlyTheCommandItNames_elseAll() {
    assertThat(IcaCli.commandsFor("-p", "p1", "upload", "./run", "/runs/")).containsExactly(UploadCommand.class);
    assertThat(IcaCli.commandsFor("projects", "list")).containsExactly(ProjectsCommand.class);
    assertThat(IcaCli.commandsFor("--project", "sync", "upload", "a", "/b/")).isEqualTo(IcaCli.COMMANDS);
    assertThat(IcaCli.commandsFor("help", "upload")).isEqualTo(IcaCli.COMMANDS);
    assertThat(IcaCli.commandsFor("--project", "upload", "--help")).isEqualTo(IcaCli.COMMANDS);
    assertThat(IcaCli.commandsFor("uplod")).isEqualTo(IcaCli.COMMANDS);
  }

  @Test
  void version_exitsZero() {
    CliRunner.Result r = run("--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("ica ");
  }

  @Test
  void unknownOption_isOneLineUsageError() {
    CliRunner.Result r = run("projects", "list", "--bogus");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.errLines()).hasSize(2);
    assertThat(r.errLines().get(0)).startsWith("ica: ").contains("--bogus");
    assertThat(r.errLines().get(1)).contains("ica projects list --help");
  }

  @Test
  void unknownOption_thatLooksLikeATypo_namesTheOptionMeant() {
    CliRunner.Result r = run("upload", home.toString(), "/runs/", "--exlude", "*.tmp");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(r.errLines().get(0)).startsWith("ica: ").contains("'--exlude'").endsWith("(did you mean --exclude?)");
    assertThat(run("sync", home.toString(), "ica:/r/", "--delte").errLines().get(0))
        .endsWith("(did you mean --delete?)");
    assertThat(run("--concurency", "8", "upload", home.toString(), "/runs/").errLines().get(0))
        .endsWith("(did you mean --concurrency?)");
  }

  @Test
  void withNothingConfigured_commandsExplainHowToConfigureOrTryTheDemo() {
    CliRunner.Result r = run("projects", "list");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.CONFIGURATION);
    assertThat(r.errLines()).singleElement().asString()
        .startsWith("ica: no ICA credentials found")
        .contains("ICAV2_X_API_KEY", "--api-key", "ica demo", "ica emulator");
  }

  @Test
  void upload_withoutArguments_isUsageError() {
    CliRunner.Result r = run("upload");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.errLines().get(0)).contains("Missing required parameters", "<local>", "<remote>");
  }

  @Test
  void upload_ofMissingLocalPath_saysSoInOneLine() {
    CliRunner.Result r = run("upload", home.resolve("nope").toString(), "/runs/");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.errLines()).containsExactly("ica: local path " + home.resolve("nope") + " does not exist");
  }

  @Test
  void upload_ofADevice_isAUsageError_thatSaysToPipeIt() {
    CliRunner.Result r = run("upload", "/dev/null", "/runs/");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(r.errLines()).singleElement().asString().contains("neither a file nor a folder", "| ica upload -");
  }

  @Test
  void dash_forStandardInput_needsAFileName_andOnlyUploadReadsIt() {
    CliRunner.Result up = run("upload", "-", "/runs/");
    assertThat(up.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(up.errLines().get(0)).contains("/runs/ is a folder: name the file that standard input becomes");
    CliRunner.Result filtered = run("upload", "--include", "*.bam", "-", "/runs/a.bam");
    assertThat(filtered.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(filtered.errLines().get(0)).contains("standard input is one file");
    CliRunner.Result sync = run("sync", "-", "ica:/runs/");
    assertThat(sync.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(sync.errLines().get(0)).contains("only `ica upload - <remote>` reads standard input");
  }

  @Test
  void relativeRemotePath_isUsageError() {
    CliRunner.Result r = run("upload", home.toString(), "runs/");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.errLines()).singleElement().asString().contains("starting with /", "'runs/'");
  }

  /** In a sync the example must keep the prefix: the same path without it is taken for a local folder. */
  @Test
  void relativeRemotePath_withTheIcaPrefix_isShownWithIt() {
    CliRunner.Result r = run("sync", home.toString(), "ica:runs/r1/");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.errLines()).singleElement().asString()
        .contains("starting with /, e.g. ica:/runs/r1/", "'ica:runs/r1/'");
  }

  @Test
  void withNothingConfigured_uploadAlsoExplains() {
    CliRunner.Result r = run("upload", home.toString(), "/runs/");
    assertThat(r.exitCode()).isEqualTo(ExitCode.CONFIGURATION);
    assertThat(r.err()).contains("ica demo");
  }

  @Test
  void verbose_addsTheStackTrace() {
    CliRunner.Result r = run("-v", "projects", "list");
    assertThat(r.exitCode()).isEqualTo(ExitCode.CONFIGURATION);
    assertThat(r.err()).contains("\tat io.icasdk.");
  }

  @Test
  void globalOptions_areAcceptedAfterTheSubcommandToo() {
    CliRunner.Result r = run("projects", "list", "--endpoint", "ftp://example.com", "--api-key", "k");
    assertThat(r.exitCode()).isEqualTo(ExitCode.CONFIGURATION);
    assertThat(r.errLines().get(0)).contains("--endpoint must be an http(s) URL");
  }

  @Test
  void unknownCommand_saysSo_withTheCommandsToPickFrom() {
    CliRunner.Result typo = run("uplod", "./run", "/runs/");
    assertThat(typo.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(typo.errLines()).containsExactly(
        "ica: unknown command 'uplod' (did you mean upload?); `ica` takes one of: projects, data, upload, download,"
            + " sync, credentials, emulator, demo",
        "Try `ica --help` for usage.");
    assertThat(run("ls", "/").errLines().get(0)).startsWith("ica: unknown command 'ls' (did you mean data list?);");
    assertThat(run("zzz").errLines().get(0)).startsWith("ica: unknown command 'zzz'; `ica` takes one of:");
    assertThat(run("").errLines().get(0)).startsWith("ica: unknown command ''; `ica` takes one of:");
    assertThat(run("projects", "lst").errLines().get(0))
        .isEqualTo("ica: unknown command 'lst' (did you mean list?); `ica projects` takes one of: list");
    assertThat(run("data", "list", "/a/", "/b/").errLines().get(0)).as("not a command's place")
        .startsWith("ica: Unmatched argument").contains("'/b/'");
  }

  @Test
  void commandHelp_listsOnlyTheGlobalOptionsTheCommandUses() {
    assertThat(IcaCli.SCOPED_OPTIONS_USED.keySet()).as("every command says which global options it uses")
        .containsExactlyInAnyOrderElementsOf(IcaCli.COMMANDS.stream()
            .map(c -> c.getAnnotation(picocli.CommandLine.Command.class).name()).toList());
    assertThat(run("projects", "list", "--help").out())
        .contains("--endpoint", "--api-key", "--verbose", "--quiet")
        .doesNotContain("--project", "--s3-endpoint", "--concurrency", "--part-size", "--journal-dir", "--progress");
    assertThat(run("credentials", "--help").out())
        .contains("--endpoint", "--api-key", "--project", "--s3-endpoint")
        .doesNotContain("--concurrency", "--part-size", "--journal-dir", "--progress");
    assertThat(run("demo", "--help").out())
        .contains("--concurrency", "--part-size", "--progress")
        .doesNotContain("--endpoint", "--api-key", "--project", "--journal-dir");
    for (String transfer : List.of("upload", "download", "sync")) {
      assertThat(run(transfer, "--help").out()).contains("--endpoint", "--api-key", "--project", "--s3-endpoint",
          "--concurrency", "--part-size", "--journal-dir", "--progress");
    }
  }

  /** A valid token wins over ICAV2_X_API_KEY: the help of --api-key says so, as the README does. */
  @Test
  void apiKeyHelp_namesTheAccessTokenThatWinsOverTheKey() {
    for (String command : List.of("projects", "upload", "download", "sync", "credentials")) {
      assertThat(run(command, "--help").out()).as(command).contains("ICAV2_ACCESS_TOKEN");
    }
  }

  /**
   * The SDK reads the project from ~/.icav2/.session.&lt;first label of the server's host&gt;.yaml before
   * .session.ica.yaml: the help named only the latter, which misleads users of any other server.
   */
  @Test
  void projectHelp_andConfigurationFooter_nameTheSessionFileOfTheServer_beforeSessionIcaYaml() {
    for (String command : List.of("upload", "download", "sync", "credentials", "data")) {
      // Without blanks: picocli breaks a long path inside a narrow description column.
      assertThat(run(command, "--help").out().replaceAll("\\s+", "")).as(command)
          .contains("ICAV2_PROJECT_ID,then~/.icav2/.session.<label>.yaml", "else~/.icav2/.session.ica.yaml");
    }
    String footer = run("--help").out();
    assertThat(footer.substring(footer.indexOf("Configuration:")).replaceAll("\\s+", " "))
        .contains("~/.icav2/.session.<label>.yaml", "else ~/.icav2/.session.ica.yaml");
  }

  /** The emulator builder's IllegalArgumentException ("credentialTtl must be positive, was PT0S") read as exit 4. */
  @ParameterizedTest
  @ValueSource(strings = {"0s", "-5s", "PT0S"})
  void emulator_withACredentialTtlThatIsNotPositive_isAUsageError_sayingWhatIsAccepted(String ttl) {
    CliRunner.Result r = run("emulator", "--credential-ttl", ttl);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(r.errLines().get(0)).startsWith("ica: ").contains("--credential-ttl", "'" + ttl + "'", "positive",
        "e.g. 30s, 15m, 36h").doesNotContain("credentialTtl", "IllegalArgumentException");
  }

  @Test
  void aGlobalOptionTheCommandDoesNotUse_isRefusedAfterIt_andIgnoredBeforeIt() {
    CliRunner.Result after = run("projects", "list", "--part-size", "8MiB");
    assertThat(after.exitCode()).as(after.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(after.errLines().get(0)).startsWith("ica: ").contains("--part-size");
    CliRunner.Result before = run("--part-size", "8MiB", "projects", "list");
    assertThat(before.exitCode()).as(before.toString()).isEqualTo(ExitCode.CONFIGURATION); // no key configured
  }

  @Test
  void help_footerLinesAreNotRewrapped() {
    assertThat(run("--help").out().lines()).contains(
        "  0  success",
        "  2  usage error or missing local path",
        "  130, 143  interrupted (Ctrl-C, SIGTERM); run the same command again to resume",
        "  No ICA account? Try `ica demo`, or `ica emulator`.");
  }

  @Test
  void badPartSize_isUsageError() {
    CliRunner.Result r = run("--part-size", "lots", "projects", "list");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.errLines().get(0)).contains("'lots' is not a size").doesNotContain("java.lang", "to Long");
  }

  /** Refused before the sample is written: a rerun with the same --dir would be refused as "already holds a demo". */
  @Test
  void demo_withTransferSettingsOutOfRange_isAUsageErrorInTheToolsWords_beforeItWritesAnything() {
    Path dir = home.resolve("demo");
    CliRunner.Result part = run("demo", "--dir", dir.toString(), "--part-size", "1KiB", "--fastq-size", "1MiB",
        "--cycles", "1");
    assertThat(part.exitCode()).as(part.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(part.errLines()).containsExactly("ica: --part-size must be between 5MiB and 1GiB, got 1.0 KiB");
    assertThat(dir.resolve("local")).doesNotExist();
    CliRunner.Result concurrency = run("demo", "--dir", dir.toString(), "--concurrency", "0", "--fastq-size", "1MiB",
        "--cycles", "1");
    assertThat(concurrency.errLines()).as(concurrency.toString())
        .containsExactly("ica: --concurrency must be between 1 and 1024, got 0");
    assertThat(dir.resolve("local")).doesNotExist();
  }

  @Test
  void sizes_parseBinaryUnitsAndPrintThem() {
    assertThat(Sizes.parse("16MiB")).isEqualTo(16L << 20);
    assertThat(Sizes.parse("16m")).isEqualTo(16L << 20);
    assertThat(Sizes.parse("1.5G")).isEqualTo(3L << 29);
    assertThat(Sizes.parse("1048576")).isEqualTo(1L << 20);
    assertThat(Sizes.bytes(512)).isEqualTo("512 B");
    assertThat(Sizes.bytes(3L << 29)).isEqualTo("1.5 GiB");
    assertThatThrownBy(() -> Sizes.parse("12 parsecs")).hasMessageContaining("not a size");
  }

  @Test
  void durations_acceptShortAndIsoForms() {
    Durations d = new Durations();
    assertThat(d.convert("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(d.convert("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(d.convert("36h")).isEqualTo(Duration.ofHours(36));
    assertThat(d.convert("PT2M")).isEqualTo(Duration.ofMinutes(2));
    assertThatThrownBy(() -> d.convert("soon")).hasMessageContaining("is not a duration");
  }

  @Test
  void remotePaths_needALeadingSlashAndAcceptTheIcaPrefix() {
    assertThat(RemotePath.parse("ica:/runs/r1/", "x")).isEqualTo("/runs/r1/");
    assertThat(RemotePath.folder("/runs//r1", "x")).isEqualTo("/runs/r1/");
    assertThat(RemotePath.isMarkedRemote("ica:/a/")).isTrue();
    assertThat(RemotePath.isMarkedRemote("/a/")).isFalse();
    assertThatThrownBy(() -> RemotePath.parse("/runs/../etc/", "x")).hasMessageContaining("'..'");
  }
}
