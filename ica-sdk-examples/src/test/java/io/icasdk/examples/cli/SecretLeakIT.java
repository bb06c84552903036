package io.icasdk.examples.cli;

import static io.icasdk.examples.cli.BinIcaIT.ica;
import static org.assertj.core.api.Assertions.assertThat;

import io.icasdk.examples.cli.BinIcaIT.Run;
import io.icasdk.testkit.IcaEmulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API key never reaches the terminal: the real {@code bin/ica} (its own logging setup, a child
 * JVM whose stdout and stderr are captured) runs commands with a sentinel key at the highest
 * verbosity, succeeding and failing, and the sentinel must appear nowhere in what it printed. Only
 * {@code ica credentials} prints secrets, and those are the temporary S3 credentials the user asked
 * for, not the API key.
 */
class SecretLeakIT {
  private static final String SENTINEL_KEY = "SENTINEL-CLI-API-KEY-4f1d8e";
  private static final String WRONG_SENTINEL_KEY = "SENTINEL-WRONG-API-KEY-93ab27";

  @TempDir static Path work;

  private static IcaEmulator emulator;

  @BeforeAll
  static void startEmulatorWithSentinelKey() throws Exception {
    emulator = IcaEmulator.builder().apiKey(SENTINEL_KEY).projectName("leak-check").start();
    Path local = Files.createDirectories(work.resolve("local/sub"));
    Files.writeString(local.resolve("a.txt"), "alpha", StandardCharsets.UTF_8);
    Files.write(work.resolve("local/big.bin"), new byte[9 * 1024 * 1024]); // multipart with 8 MiB parts
  }

  @AfterAll
  static void stopEmulator() {
    if (emulator != null) {
      emulator.close();
    }
  }

  private static Map<String, String> env() {
    Map<String, String> env = new HashMap<>(emulator.shellExports());
    assertThat(env).containsEntry("ICAV2_X_API_KEY", SENTINEL_KEY);
    return env;
  }

  private static void assertNoSentinel(Run r) {
    assertThat(r.out() + r.err())
        .as("output of bin/ica must not contain an API key:%n%s", r)
        .doesNotContain(SENTINEL_KEY)
        .doesNotContain(WRONG_SENTINEL_KEY)
        .doesNotContain(SENTINEL_KEY.substring(9)); // nor a recognisable part of it
  }

  @Test
  void successfulCommands_atDebugLevel_neverPrintTheApiKey() throws Exception {
    String journals = work.resolve("journals").toString();
    Run list = ica(work, env(), "-vvv", "projects", "list");
    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.err()).as("-vvv really logs requests").contains("GET");
    assertNoSentinel(list);

    Run upload = ica(work, env(), "-vvv", "--journal-dir", journals, "--progress", "plain",
        "--progress-interval", "0.2", "upload", work.resolve("local").toString(), "/leak/");
    assertThat(upload.exitCode()).as(upload.toString()).isZero();
    assertNoSentinel(upload);

    Run download = ica(work, env(), "-vvv", "--journal-dir", journals, "--progress", "plain",
        "download", "/leak/", work.resolve("copy").toString());
    assertThat(download.exitCode()).as(download.toString()).isZero();
    assertThat(work.resolve("copy/sub/a.txt")).hasContent("alpha");
    assertNoSentinel(download);

    Run sync = ica(work, env(), "-vvv", "--journal-dir", journals, "sync", "--dry-run",
        work.resolve("local").toString(), "ica:/leak/");
    assertThat(sync.exitCode()).as(sync.toString()).isZero();
    assertNoSentinel(sync);
  }

  @Test
  void credentials_printsOnlyTheTemporaryS3Credentials_notTheApiKey() throws Exception {
    Run r = ica(work, env(), "-vvv", "credentials", "--create", "/leak-creds/");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");
    assertNoSentinel(r);
  }

  @Test
  void failingCommands_withStackTraces_neverPrintTheApiKey() throws Exception {
    Run notFound = ica(work, env(), "-v", "download", "/no/such/folder/", work.resolve("nothing").toString());
    assertThat(notFound.exitCode()).as(notFound.toString()).isNotZero();
    assertNoSentinel(notFound);

    Map<String, String> wrongKey = env();
    wrongKey.put("ICAV2_X_API_KEY", WRONG_SENTINEL_KEY);
    Run unauthorized = ica(work, wrongKey, "-vvv", "data", "list", "/");
    assertThat(unauthorized.exitCode()).as(unauthorized.toString()).isEqualTo(ExitCode.CONFIGURATION);
    assertThat(unauthorized.err()).as("-v shows the stack trace").contains("at io.icasdk.");
    assertNoSentinel(unauthorized);

    Run flagKey = ica(work, Map.of(), "-vvv", "--api-key", WRONG_SENTINEL_KEY, "--endpoint",
        emulator.baseUrl().toString(), "--project", emulator.projectId(), "data", "list", "/");
    assertThat(flagKey.exitCode()).as(flagKey.toString()).isEqualTo(ExitCode.CONFIGURATION);
    assertNoSentinel(flagKey);

    Run unreachable = ica(work, Map.of(), "-v", "--api-key", SENTINEL_KEY, "--endpoint",
        "http://127.0.0.1:1/ica/rest", "--project", emulator.projectId(), "data", "list", "/");
    assertThat(unreachable.exitCode()).as(unreachable.toString()).isNotZero();
    assertThat(unreachable.err()).contains("cannot reach ICA").contains("server URL. (--endpoint)")
        .doesNotContain("check --endpoint and your network"); // the advice once, not twice
    assertNoSentinel(unreachable);
  }
}
