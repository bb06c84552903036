package io.icasdk.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.icasdk.testkit.IcaEmulator;
import io.icasdk.testkit.IcaEmulatorExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real launcher: {@code bin/ica} as a child process (output not a terminal) after
 * {@code mvn package}, against an emulator in this JVM.
 */
class BinIcaIT {
  @RegisterExtension static final IcaEmulatorExtension ICA = new IcaEmulatorExtension();

  @TempDir static Path home;

  private static final Path LAUNCHER = Path.of("").toAbsolutePath().getParent().resolve("bin/ica");

  record Run(int exitCode, String out, String err) {
    List<String> errLines() {
      return err.lines().filter(l -> !l.isBlank()).toList();
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  @BeforeAll
  static void launcherExists() {
    assertThat(LAUNCHER).as("bin/ica at the project root").isExecutable();
  }

  /** Runs bin/ica with only PATH, JAVA_HOME and a temporary HOME from our environment, plus {@code env}. */
  static Run ica(Map<String, String> env, String... args) throws IOException, InterruptedException {
    return ica(home, env, args);
  }

  /** Runs bin/ica like {@link #ica(Map, String...)}, with {@code home} as HOME and working folder. */
  static Run ica(Path home, Map<String, String> env, String... args) throws IOException, InterruptedException {
    return ica(LAUNCHER, home, env, args);
  }

  private static Run ica(Path launcher, Path home, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    Started started = start(launcher, home, env, args);
    return started.finish(120);
  }

  /** A running bin/ica whose output goes to files. */
  record Started(Process process, Path out, Path err, String command) {
    String errSoFar() throws IOException {
      return Files.readString(err, StandardCharsets.UTF_8);
    }

    /** Waits for the exit, at most {@code seconds}, and returns what it printed. */
    Run finish(long seconds) throws IOException, InterruptedException {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(command + " did not finish in " + seconds + " s");
      }
      return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), errSoFar());
    }
  }

  private static Started start(Path launcher, Path home, Map<String, String> env, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(launcher.toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
    Map<String, String> childEnv = pb.environment();
    childEnv.keySet().removeIf(k -> !k.equals("PATH") && !k.equals("JAVA_HOME"));
    childEnv.put("HOME", home.toString());
    childEnv.putAll(env);
    Path out = Files.createTempFile(home, "out", ".txt");
    Path err = Files.createTempFile(home, "err", ".txt");
    Process process = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    return new Started(process, out, err, "bin/ica " + String.join(" ", args));
  }

  /** {@code ~} is $HOME, as for every shell tool (the JVM's own user.home comes from the password file). */
  @Test
  void journalsAndSyncState_goUnderHOME(@TempDir Path otherHome) throws Exception {
    IcaEmulator emulator = ICA.emulator();
    Path local = Files.createDirectories(otherHome.resolve("run"));
    Files.writeString(local.resolve("a.txt"), "a");
    Run r = ica(otherHome, emulator.shellExports(), "sync", local.toString(), "ica:/home-sync/");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(otherHome.resolve(".ica-sdk/journals")).as("the sync's remembered state, under $HOME").isDirectory();
  }

  @Test
  void version_runsFromAnyFolder() throws Exception {
    Run r = ica(Map.of(), "--version");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("ica 0.1.0");
  }

  @Test
  void projectsList_usesTheEmulatorsExports() throws Exception {
    IcaEmulator emulator = ICA.emulator();
    Run r = ica(emulator.shellExports(), "projects", "list");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains(emulator.projectId(), "demo");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void upload_withOutputNotATerminal_printsPlainProgressLinesAndASummary() throws Exception {
    IcaEmulator emulator = ICA.emulator();
    Path file = home.resolve("child-upload.bin");
    Files.write(file, new byte[3 * 1024 * 1024]);
    emulator.faults().s3BandwidthBytesPerSecond(1024 * 1024);
    try {
      Run r = ica(emulator.shellExports(), "--journal-dir", home.resolve("journals").toString(),
          "--progress-interval", "0.5", "upload", file.toString(), "/child/");
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.err().lines().filter(l -> l.startsWith("upload: "))).isNotEmpty();
      assertThat(r.err()).doesNotContain("\r");
      assertThat(r.out()).startsWith("Uploaded 1 file (3.0 MiB)");
    } finally {
      emulator.faults().reset();
    }
    assertThat(emulator.seed().readFile(emulator.projectId(), "/child/child-upload.bin")).isPresent();
  }

  /** No LANG or LC_* at all, as in many containers and cron jobs: Java alone would decode names as ASCII. */
  @Test
  void unicodeFileNames_surviveARunWithoutALocale_bothWays() throws Exception {
    IcaEmulator emulator = ICA.emulator();
    Path local = Files.createDirectories(home.resolve("unicode"));
    List<String> names = List.of("café ünï.txt", "文件.txt", "emoji-\ud83e\uddec.txt");
    for (String name : names) {
      Files.writeString(local.resolve(name), name);
    }
    Map<String, String> env = emulator.shellExports(); // start() passes on PATH and JAVA_HOME only
    Run up = ica(env, "--journal-dir", home.resolve("journals").toString(), "upload", local.toString(), "/uni/");
    assertThat(up.exitCode()).as(up.toString()).isZero();
    for (String name : names) {
      assertThat(emulator.seed().readFile(emulator.projectId(), "/uni/" + name)).as(name).isPresent();
    }
    Path back = home.resolve("unicode-back");
    Run down = ica(env, "--journal-dir", home.resolve("journals").toString(), "download", "/uni/", back.toString());
    assertThat(down.exitCode()).as(down.toString()).isZero();
    for (String name : names) {
      assertThat(back.resolve(name)).hasContent(name);
    }
  }

  @Test
  void uploadFromDash_readsStandardInputThroughAPipe_toItsEnd() throws Exception {
    IcaEmulator emulator = ICA.emulator();
    byte[] content = randomBytes(11 * 1024 * 1024 + 5); // three parts of 5 MiB
    Started up = start(LAUNCHER, home, emulator.shellExports(), "--journal-dir", home.resolve("journals").toString(),
        "--part-size", "5MiB", "upload", "-", "/piped-in/reads.bin");
    try (OutputStream in = up.process().getOutputStream()) {
      for (int off = 0; off < content.length; off += 64 * 1024) {
        in.write(content, off, Math.min(64 * 1024, content.length - off));
      }
    }
    Run r = up.finish(120);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("Uploaded 1 file (11.0 MiB)");
    assertThat(emulator.seed().readFile(emulator.projectId(), "/piped-in/reads.bin")).hasValue(content);
  }

  @Test
  void downloadToDash_writesTheFileToStandardOutput_andEndsLikeSigpipeWhenTheReaderStops() throws Exception {
    IcaEmulator emulator = ICA.emulator();
    byte[] content = randomBytes(5 * 1024 * 1024 + 3);
    emulator.seed().putFile(emulator.projectId(), "/piped/reads.bin", content);
    Started whole = start(LAUNCHER, home, emulator.shellExports(), "download", "/piped/reads.bin", "-");
    assertThat(whole.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(whole.process().exitValue()).as(whole.errSoFar()).isZero();
    assertThat(Files.readAllBytes(whole.out())).isEqualTo(content);

    List<String> command = List.of(LAUNCHER.toString(), "download", "/piped/reads.bin", "-");
    ProcessBuilder ica = new ProcessBuilder(command).directory(home.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    ica.environment().putAll(emulator.shellExports());
    ica.environment().put("HOME", home.toString());
    ProcessBuilder head = new ProcessBuilder("head", "-c", "100").redirectOutput(ProcessBuilder.Redirect.DISCARD);
    List<Process> pipeline = ProcessBuilder.startPipeline(List.of(ica, head));
    assertThat(pipeline.get(0).waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(pipeline.get(0).exitValue()).as("ica | head -c 100").isEqualTo(ExitCode.BROKEN_PIPE);
  }

  @Test
  void terminatedMidUpload_stopsWithinSeconds_saysHowToResume_andTheRerunResumes() throws Exception {
    IcaEmulator emulator = ICA.emulator();
    byte[] content = randomBytes(24 * 1024 * 1024);
    Path file = Files.write(home.resolve("stopped.bin"), content);
    String[] args = {"--journal-dir", home.resolve("journals").toString(), "--progress-interval", "0.2",
        "--part-size", "5MiB", "upload", file.toString(), "/stopped/"};
    terminateWhenUnderWay("upload", args);

    Run again = ica(signalledEnv(), args);
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains("resumed, ");
    assertThat(emulator.seed().readFile(emulator.projectId(), "/stopped/stopped.bin").orElseThrow())
        .containsExactly(content);
  }

  @Test
  void terminatedMidSync_stopsWithinSeconds_andTheRerunCompletesIt() throws Exception {
    IcaEmulator emulator = ICA.emulator();
    Path local = Files.createDirectories(home.resolve("stopped-sync"));
    byte[] content = randomBytes(24 * 1024 * 1024);
    Files.write(local.resolve("big.bin"), content);
    String[] args = {"--journal-dir", home.resolve("journals").toString(), "--progress-interval", "0.2",
        "--part-size", "5MiB", "sync", local.toString(), "ica:/stopped-sync/"};
    terminateWhenUnderWay("sync", args);

    Run again = ica(signalledEnv(), args);
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(emulator.seed().readFile(emulator.projectId(), "/stopped-sync/big.bin").orElseThrow())
        .containsExactly(content);
  }

  /**
   * Runs a bandwidth-capped bin/ica, sends it SIGTERM (the same shutdown path as Ctrl-C's SIGINT) once a tenth
   * of its bytes went, and checks that it stopped within seconds, saying how to resume.
   */
  private static void terminateWhenUnderWay(String label, String... args) throws Exception {
    IcaEmulator emulator = ICA.emulator();
    emulator.faults().s3BandwidthBytesPerSecond(2 * 1024 * 1024);
    try {
      Started started = start(LAUNCHER, home, signalledEnv(), args);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      String underWay = "(?s).*" + label + ": [1-9][0-9]%.*"; // some parts done, others in flight
      while (!started.errSoFar().matches(underWay) && System.nanoTime() < deadline) {
        assertThat(started.process().isAlive()).as("still running: " + started.errSoFar()).isTrue();
        Thread.sleep(50);
      }
      assertThat(started.errSoFar()).as("progress within 60 s").matches(underWay);
      long stopped = System.nanoTime();
      started.process().destroy();
      Run r = started.finish(30);
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);

      assertThat(r.exitCode()).as(r.toString()).isEqualTo(128 + 15);
      assertThat(r.err()).as(r.toString()).contains("ica: interrupted; run the same command again to resume")
          .doesNotContain("Exception");
      assertThat(tookMillis).as("in-flight requests are aborted together, not each waited for in turn")
          .isLessThan(8_000);
    } finally {
      emulator.faults().reset();
    }
  }

  /** The emulator's exports, and no class-data archive: bin/ica then execs java, so a signal reaches the JVM. */
  private static Map<String, String> signalledEnv() {
    Map<String, String> env = new java.util.HashMap<>(ICA.emulator().shellExports());
    env.put("ICA_CDS", "0");
    return env;
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new java.util.Random(size).nextBytes(bytes);
    return bytes;
  }

  @Test
  void classDataArchive_isKeptOnlyFromAFirstRunThatTransferred() throws Exception {
    Path cds = home.resolve("cds");
    Map<String, String> env = withCaches(cds);
    Run failed = ica(env, "upload", home.resolve("no-such-file.bin").toString(), "/cds/");
    assertThat(failed.exitCode()).as(failed.toString()).isNotZero();
    assertThat(failed.err()).contains("no-such-file.bin");
    assertThat(caches(cds)).as("nothing left behind by the failed run").isEmpty();
    Run help = ica(env, "upload", "--help");
    assertThat(help.exitCode()).as(help.toString()).isZero();
    assertThat(caches(cds)).as("nothing kept from a run that only printed help").isEmpty();

    Path file = Files.write(home.resolve("cds.bin"), new byte[1024]);
    Run ok = ica(env, "--journal-dir", home.resolve("journals").toString(), "upload", file.toString(), "/cds/");
    assertThat(ok.exitCode()).as(ok.toString()).isZero();
    List<String> kept = caches(cds);
    String key = kept.get(0).substring(0, kept.get(0).lastIndexOf('.'));
    assertThat(kept).as("a class-data archive and a copy of the CRT's library, one key")
        .containsExactlyInAnyOrder(key + ".jsa", key + ".lib");
    Run next = ica(env, "projects", "list");
    assertThat(next.exitCode()).as(next.toString()).isZero();
    assertThat(next.err()).isEmpty();

    // A multipart upload needs no other S3 client than the small files' (the CRT's own sends all its
    // requests): what the first transfer archived serves it.
    Path big = Files.write(home.resolve("cds-multipart.bin"), new byte[6 << 20]);
    assertThat(loadedFrom(LAUNCHER, home, env, "software.amazon.awssdk.services.s3.internal.crt.DefaultS3CrtAsyncClient",
        "--journal-dir", home.resolve("journals").toString(), "--part-size", "5MiB", "upload", big.toString(), "/cds/"))
        .isEqualTo("not loaded");
  }

  @Test
  void classDataArchive_isRecordedAgain_whenAnyJarOnTheClassPathChanges(@TempDir Path copy) throws Exception {
    // The tool as built, its libraries linked, except ica-sdk-core: a real copy that this test "rebuilds".
    Path built = LAUNCHER.getParent().getParent().resolve("ica-sdk-examples/target");
    Path launcher = Files.createDirectories(copy.resolve("bin")).resolve("ica");
    Files.copy(LAUNCHER, launcher, StandardCopyOption.COPY_ATTRIBUTES);
    Path lib = Files.createDirectories(copy.resolve("ica-sdk-examples/target/lib"));
    Files.copy(built.resolve("ica.jar"), lib.resolveSibling("ica.jar"), StandardCopyOption.COPY_ATTRIBUTES);
    Path core = null;
    try (var jars = Files.list(built.resolve("lib"))) {
      for (Path jar : jars.toList()) {
        Path to = lib.resolve(jar.getFileName());
        if (jar.getFileName().toString().startsWith("ica-sdk-core-")) {
          core = Files.copy(jar, to, StandardCopyOption.COPY_ATTRIBUTES);
        } else {
          Files.createSymbolicLink(to, jar);
        }
      }
    }
    assertThat(core).as("ica-sdk-core in " + built.resolve("lib")).isNotNull();
    Map<String, String> env = withCaches(copy.resolve("cds"));
    Path file = Files.write(copy.resolve("one.bin"), new byte[1024]);
    String journals = copy.resolve("journals").toString();

    Run first = ica(launcher, copy, env, "--journal-dir", journals, "upload", file.toString(), "/cds-rebuilt/1/");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(mainClassSource(launcher, copy, env)).contains("shared objects file");

    Files.setLastModifiedTime(core, FileTime.from(Instant.now().plusSeconds(60))); // a rebuild of one library
    assertThat(mainClassSource(launcher, copy, env)).as("no archive of the old build").doesNotContain("shared");
    Run second = ica(launcher, copy, env, "--journal-dir", journals, "upload", file.toString(), "/cds-rebuilt/2/");
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(mainClassSource(launcher, copy, env)).contains("shared objects file");
    assertThat(caches(copy.resolve("cds"))).as("the old build's archive and library are dropped").hasSize(2);
  }

  @Test
  void crtLibrary_isCopiedByTheFirstTransfer_andLoadedFromTheCopyAfterwards() throws Exception {
    Path cds = home.resolve("cds-crt");
    Map<String, String> env = withCaches(cds);
    String journals = home.resolve("journals").toString();
    Path file = Files.write(home.resolve("crt.bin"), new byte[1024]);
    Run first = ica(env, "--journal-dir", journals, "upload", file.toString(), "/crt/1/");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    String lib = caches(cds).stream().filter(n -> n.endsWith(".lib")).findFirst().orElseThrow();
    assertThat(Files.size(cds.resolve(lib).resolve(System.mapLibraryName("aws-crt-jni")))).isGreaterThan(1 << 20);

    // Where the CRT cannot extract its library (its temporary folder is under a file), only the copy loads.
    Path notAFolder = Files.write(home.resolve("not-a-folder"), new byte[0]);
    env.put("ICA_JAVA_OPTS", "-Djava.io.tmpdir=" + notAFolder.resolve("tmp"));
    Run cached = ica(env, "-vv", "--journal-dir", journals, "upload", file.toString(), "/crt/2/");
    assertThat(cached.exitCode()).as(cached.toString()).isZero();
    assertThat(cached.err()).contains("uses the CRT implementation").doesNotContain("cannot load");
    env.put("ICA_CDS", "0");
    Run uncached = ica(env, "-vv", "--journal-dir", journals, "upload", file.toString(), "/crt/3/");
    assertThat(uncached.exitCode()).as(uncached.toString()).isZero();
    assertThat(uncached.err()).contains("using the slower Java S3 client", "Invalid directory", "aws.crt.lib.dir");
  }

  /** Where {@code ica --version} loads the tool's main class from (the JVM's class+load log line). */
  private static String mainClassSource(Path launcher, Path home, Map<String, String> env) throws Exception {
    return loadedFrom(launcher, home, env, IcaCli.class.getName(), "--version");
  }

  /** Where a run of {@code ica args} loads a class from (the JVM's class+load log line). */
  private static String loadedFrom(Path launcher, Path home, Map<String, String> env, String className,
      String... args) throws Exception {
    Path log = Files.createTempFile(home, "classes", ".log");
    Map<String, String> logged = new java.util.HashMap<>(env);
    logged.put("ICA_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
    Run r = ica(launcher, home, logged, args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    try (var lines = Files.lines(log)) {
      return lines.filter(l -> l.contains(" " + className + " ")).findFirst().orElse("not loaded");
    }
  }

  /** The emulator's exports, with bin/ica's start-up caches (class-data archive, CRT library) in {@code dir}. */
  private static Map<String, String> withCaches(Path dir) {
    Map<String, String> env = new java.util.HashMap<>(ICA.emulator().shellExports());
    env.put("ICA_CDS_DIR", dir.toString());
    return env;
  }

  private static List<String> caches(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).toList();
    }
  }

  @Test
  void onJava24AndLater_aTransferPrintsNoNativeAccessWarning() throws Exception {
    Path jdk = jdkAtLeast(24);
    Assumptions.assumeTrue(jdk != null, "no Java 24 or later in /usr/lib/jvm to run bin/ica with");
    Map<String, String> env = new java.util.HashMap<>(ICA.emulator().shellExports());
    env.put("JAVA_HOME", jdk.toString());
    env.put("ICA_CDS_DIR", home.resolve("cds-" + jdk.getFileName()).toString());
    Path file = Files.write(home.resolve("native-access.txt"), "hello".getBytes(StandardCharsets.UTF_8));
    String journals = home.resolve("journals").toString();
    for (int i = 0; i < 2; i++) { // the run that records the class-data archive, then one that maps it
      Run r = ica(env, "--journal-dir", journals, "upload", file.toString(), "/native-access/" + i + "/");
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.err()).as("Java " + jdk + " (JEP 472: JNI needs native access)").isEmpty();
    }
  }

  /** A JDK in /usr/lib/jvm whose release file says Java {@code feature} or later, or null. */
  private static Path jdkAtLeast(int feature) throws IOException {
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return null;
    }
    try (var dirs = Files.list(jvms)) {
      for (Path dir : dirs.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Path release = dir.resolve("release");
        if (Files.isExecutable(dir.resolve("bin/java")) && Files.isRegularFile(release)) {
          java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)")
              .matcher(Files.readString(release));
          if (m.find() && Integer.parseInt(m.group(1)) >= feature) {
            return dir;
          }
        }
      }
    }
    return null;
  }

  @Test
  void withNothingConfigured_saysHowToConfigure_andExitsThree() throws Exception {
    Run r = ica(Map.of(), "data", "list", "/");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.CONFIGURATION);
    assertThat(r.errLines()).singleElement().asString().contains("ICAV2_X_API_KEY", "ica demo");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void usageError_exitsTwo() throws Exception {
    Run r = ica(Map.of(), "data", "list", "--recursive", "--bogus");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(r.errLines().get(0)).contains("--bogus");
  }
}
