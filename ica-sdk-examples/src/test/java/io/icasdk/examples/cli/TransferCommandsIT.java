package io.icasdk.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.icasdk.testkit.IcaEmulator;
import io.icasdk.testkit.IcaEmulatorExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** upload, download, sync and demo end to end against the in-process emulator. */
class TransferCommandsIT {
  @RegisterExtension static final IcaEmulatorExtension ICA = new IcaEmulatorExtension();

  @TempDir static Path home;
  @TempDir Path work;

  private static IcaEmulator emulator;
  private static CliRunner cli;

  @BeforeAll
  static void setUp() {
    emulator = ICA.emulator();
    Map<String, String> env = new HashMap<>(emulator.shellExports());
    cli = new CliRunner(env, home);
  }

  @AfterEach
  void noFaultsLeft() {
    emulator.faults().reset();
  }

  private CliRunner.Result ica(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--journal-dir";
    all[1] = home.resolve("journals").toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return cli.run(all);
  }

  /** A folder with a multipart-sized file, a few small ones and a nested one. */
  private static Path sampleFolder(Path parent, String name) throws IOException {
    Path root = Files.createDirectories(parent.resolve(name));
    byte[] big = new byte[(int) (12.5 * 1024 * 1024)];
    new Random(7).nextBytes(big);
    Files.write(root.resolve("big.bin"), big);
    Files.writeString(root.resolve("a.txt"), "alpha\n");
    Files.createDirectories(root.resolve("sub/deeper"));
    Files.writeString(root.resolve("sub/b.txt"), "beta\n");
    Files.writeString(root.resolve("sub/deeper/c.txt"), "gamma\n");
    return root;
  }

  @Test
  void upload_thenDownload_givesBackEveryByte() throws Exception {
    Path source = sampleFolder(work, "round");
    CliRunner.Result up = ica("--part-size", "5MiB", "upload", source.toString(), "/trip/round/");
    assertThat(up.exitCode()).as(up.toString()).isZero();
    assertThat(up.out()).contains("Uploaded 4 files");

    CliRunner.Result listed = ica("data", "list", "-r", "/trip/");
    assertThat(listed.out()).contains("/trip/round/big.bin", "/trip/round/sub/deeper/c.txt");

    Path target = work.resolve("back");
    CliRunner.Result down = ica("download", "/trip/round/", target.toString());
    assertThat(down.exitCode()).as(down.toString()).isZero();
    assertThat(down.out()).contains("Downloaded 4 files");
    DemoCommand.Verification v = DemoCommand.verify(source, target);
    assertThat(v.files()).isEqualTo(4);
  }

  @Test
  void upload_again_skipsWhatIsAlreadyThere() throws Exception {
    Path source = sampleFolder(work, "again");
    assertThat(ica("upload", source.toString(), "/again/").exitCode()).isZero();
    CliRunner.Result second = ica("upload", source.toString(), "/again/");
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.out()).contains("Uploaded 0 files").contains("4 skipped")
        .containsPattern("skipped /again/\\S+, /again/\\S+, /again/\\S+ and 1 more: It exists in ICA")
        .contains(FailureReport.CLI_SKIPPED_EXISTING_HINT);
  }

  @Test
  void upload_ofOneFile_likeCp_goesIntoAFolderOrTakesTheNewName() throws Exception {
    Path file = Files.writeString(work.resolve("a.txt"), "alpha\n");
    assertThat(ica("upload", file.toString(), "/cp/b.txt").exitCode()).isZero(); // new name
    assertThat(ica("upload", file.toString(), "/cp/into/").exitCode()).isZero(); // a folder, as it ends with /
    assertThat(ica("upload", file.toString(), "/cp/into").exitCode()).isZero(); // an existing folder
    CliRunner.Result again = ica("upload", file.toString(), "/cp/b.txt", "--overwrite", "fail");
    assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCode.PARTIAL_FAILURE);
    assertThat(again.err()).contains("/cp/b.txt already exists", FailureReport.CLI_EXISTS_HINT)
        .doesNotContain("OverwritePolicy");

    CliRunner.Result listed = ica("data", "list", "-r", "/cp/");
    assertThat(listed.out().lines().filter(l -> l.startsWith("file")).map(l -> l.split("\\s+")[1]))
        .containsExactlyInAnyOrder("/cp/b.txt", "/cp/into/a.txt");
    Path back = work.resolve("back");
    assertThat(ica("download", "/cp/b.txt", back + "/").exitCode()).isZero();
    assertThat(back.resolve("b.txt")).hasContent("alpha");
  }

  @Test
  void download_toDash_streamsTheFileToStandardOutput_andOnlyIt() throws Exception {
    byte[] content = new byte[(int) (6.5 * 1024 * 1024)]; // multipart with --part-size 5MiB
    new Random(3).nextBytes(content);
    Path file = Files.write(work.resolve("reads.bin"), content);
    assertThat(ica("--part-size", "5MiB", "upload", file.toString(), "/stream/").exitCode()).isZero();

    CliRunner.Result r = ica("download", "/stream/reads.bin", "-");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.data()).isEqualTo(content);
    assertThat(r.out()).isEmpty(); // no summary mixed into the data

    CliRunner.Result folder = ica("download", "/stream/", "-");
    assertThat(folder.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(folder.errLines().get(0)).contains("/stream/ is a folder", "give a file");
    CliRunner.Result missing = ica("download", "/stream/nope.bin", "-");
    assertThat(missing.exitCode()).isEqualTo(ExitCode.ERROR);
    assertThat(missing.errLines().get(0)).contains("no file /stream/nope.bin");

    emulator.faults().s3CorruptDownloads(1);
    Files.write(file, "one part, so its ETag is its MD5".getBytes(StandardCharsets.UTF_8));
    assertThat(ica("upload", file.toString(), "/stream/small.txt").exitCode()).isZero();
    CliRunner.Result damaged = ica("download", "/stream/small.txt", "-");
    assertThat(damaged.exitCode()).as(damaged.toString()).isEqualTo(ExitCode.ERROR);
    assertThat(damaged.errLines().get(0)).contains("is damaged", "read it again");

    // A copy on disk, unlike a stream, is fetched again within the command: it succeeds intact.
    int corrupted = emulator.faults().corruptedCount();
    emulator.faults().s3CorruptDownloads(1);
    Path back = work.resolve("refetched");
    CliRunner.Result refetched = ica("download", "/stream/small.txt", back + "/");
    assertThat(refetched.exitCode()).as(refetched.toString()).isZero();
    assertThat(emulator.faults().corruptedCount() - corrupted).as("the fault fired").isEqualTo(1);
    assertThat(back.resolve("small.txt")).hasContent("one part, so its ETag is its MD5");
  }

  /** As with any single file, globs are refused rather than ignored: the file would come whatever they say. */
  @Test
  void download_toDash_withGlobs_isAUsageError_andWritesNothing() {
    emulator.seed().putFile(emulator.projectId(), "/dash-globs/a.txt", "alpha".getBytes(StandardCharsets.UTF_8));
    for (String filter : List.of("--exclude", "--include")) {
      CliRunner.Result r = ica("download", "/dash-globs/a.txt", "-", filter, "*.bam");
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE);
      assertThat(r.errLines().get(0)).contains("--include and --exclude choose files of a folder", "standard output");
      assertThat(r.data()).isEmpty();
    }
  }

  @Test
  void upload_fromDash_readsStandardInputToItsEnd_asOneFile() throws Exception {
    byte[] content = new byte[(int) (11.5 * 1024 * 1024)]; // three parts of 5 MiB
    new Random(4).nextBytes(content);
    emulator.faults().s3BandwidthBytesPerSecond(6L * 1024 * 1024);
    CliRunner.Result r = cli.runWithInput(content, "--journal-dir", home.resolve("journals").toString(),
        "--part-size", "5MiB", "--progress-interval", "0.2", "upload", "-", "/piped/reads.bin");
    emulator.faults().reset();
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Uploaded 1 file");
    assertThat(r.err().lines().filter(l -> l.startsWith("upload: "))) // the size is unknown until the end
        .isNotEmpty()
        .allSatisfy(l -> assertThat(l).contains("so far").doesNotContain("ETA", "%"))
        .anySatisfy(l -> assertThat(l).contains("MiB so far"));
    assertThat(ica("download", "/piped/reads.bin", "-").data()).isEqualTo(content);

    CliRunner.Result again = cli.runWithInput(new byte[] {1, 2, 3}, "upload", "-", "/piped/reads.bin");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains("skipped");
    assertThat(ica("download", "/piped/reads.bin", "-").data()).isEqualTo(content);
    CliRunner.Result replaced = cli.runWithInput(new byte[] {1, 2, 3}, "upload", "--overwrite", "overwrite", "-",
        "/piped/reads.bin");
    assertThat(replaced.exitCode()).as(replaced.toString()).isZero();
    assertThat(ica("download", "/piped/reads.bin", "-").data()).containsExactly(1, 2, 3);

    CliRunner.Result folder = cli.runWithInput(new byte[1], "upload", "-", "/piped");
    assertThat(folder.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(folder.errLines().get(0)).contains("/piped is a folder in the project: name the file");
  }

  @Test
  void upload_whenOutputIsNotATerminal_printsPlainProgressLines() throws Exception {
    Path file = work.resolve("slow.bin");
    byte[] data = new byte[3 * 1024 * 1024];
    new Random(1).nextBytes(data);
    Files.write(file, data);
    emulator.faults().s3BandwidthBytesPerSecond(2L * 1024 * 1024);
    CliRunner.Result r = ica("--progress-interval", "0.2", "upload", file.toString(), "/slow/");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err().lines().filter(l -> l.startsWith("upload: ")))
        .isNotEmpty()
        .allSatisfy(l -> assertThat(l).contains("files", "MiB", "ETA"));
    assertThat(r.err()).doesNotContain("\r");
    assertThat(r.out()).contains("Uploaded 1 file");
  }

  @Test
  void quiet_printsNeitherProgressNorSummary() throws Exception {
    Path file = Files.writeString(work.resolve("q.txt"), "quiet");
    CliRunner.Result r = ica("-q", "upload", file.toString(), "/quiet/");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEmpty();
  }

  @Test
  void download_ofAMissingRemotePath_isOneLineError_andCreatesNothing() {
    for (String local : List.of(work.resolve("x").toString(), work.resolve("y") + "/",
        work.resolve("z/deep/er") + "/")) {
      CliRunner.Result r = ica("download", "/not/there/", local);
      assertThat(r.exitCode()).isEqualTo(ExitCode.ERROR);
      assertThat(r.errLines()).containsExactly(
          "ica: no file or folder /not/there/ in project demo; see `ica data list /`");
      assertThat(Path.of(local)).doesNotExist();
    }
    assertThat(work.resolve("z")).as("the folders it made on the way too").doesNotExist();
    CliRunner.Result noProject = ica("download", "/not/there/", work.resolve("p/q") + "/", "-p", "no-such-project");
    assertThat(noProject.exitCode()).isEqualTo(ExitCode.CONFIGURATION);
    assertThat(work.resolve("p")).doesNotExist();
  }

  @Test
  void download_ofOneFile_intoAFolderOrToANewName() throws Exception {
    emulator.seed().putFile(emulator.projectId(), "/single/one.txt", "one!".getBytes(StandardCharsets.UTF_8));
    Path folder = Files.createDirectories(work.resolve("folder"));
    CliRunner.Result into = ica("download", "/single/one.txt", folder.toString());
    assertThat(into.exitCode()).as(into.toString()).isZero();
    assertThat(folder.resolve("one.txt")).hasContent("one!");

    CliRunner.Result again = ica("download", "/single/one.txt", folder.toString());
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains("1 skipped", "skipped /single/one.txt: The local file exists",
        FailureReport.CLI_SKIPPED_EXISTING_HINT);

    Path renamed = work.resolve("renamed.txt");
    CliRunner.Result named = ica("download", "ica:/single/one.txt", renamed.toString());
    assertThat(named.exitCode()).as(named.toString()).isZero();
    assertThat(renamed).hasContent("one!");

    Path newFolder = work.resolve("new-folder");
    CliRunner.Result slash = ica("download", "/single/one.txt", newFolder + "/");
    assertThat(slash.exitCode()).as(slash.toString()).isZero();
    assertThat(newFolder.resolve("one.txt")).hasContent("one!");

    Path blocker = Files.writeString(work.resolve("blocker"), "mine");
    CliRunner.Result blocked = ica("download", "/single/one.txt", blocker + "/sub/");
    assertThat(blocked.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(blocked.errLines()).containsExactly("ica: cannot create the local folder " + blocker.resolve("sub")
        + " (Not a directory): a file has its name or the name of one of its parents; move it, or give another"
        + " target");
    assertThat(blocker).hasContent("mine");

    CliRunner.Result fileAsFolder = ica("download", "/single/one.txt", blocker + "/", "--overwrite", "overwrite");
    assertThat(fileAsFolder.exitCode()).as(fileAsFolder.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(fileAsFolder.errLines().get(0)).contains("ends with / but is a file");
    assertThat(blocker).as("like cp, a file named as a folder is not written over").hasContent("mine");
  }

  /** A glob that takes none of a folder's files ('*.fastq' for .fastq.gz files) read as success: "Uploaded 0 files". */
  @Test
  void globs_thatLeaveOutEveryFileOfAFolder_sayIt_bothWays() throws Exception {
    Path run = Files.createDirectories(work.resolve("reads/lane1"));
    Files.writeString(run.resolve("s1.fastq.gz"), "reads");
    String warning = "--include and --exclude left out every file of ";
    CliRunner.Result up = ica("upload", work.resolve("reads").toString(), "/globbed/", "--include", "*.fastq");
    assertThat(up.exitCode()).as(up.toString()).isZero();
    assertThat(up.errLines()).as(up.toString()).singleElement().asString()
        .startsWith("ica: " + warning + work.resolve("reads") + ", so nothing was uploaded; check them");
    CliRunner.Result taken = ica("upload", work.resolve("reads").toString(), "/globbed/", "--include", "*.fastq*");
    assertThat(taken.err()).as(taken.toString()).doesNotContain(warning);

    CliRunner.Result down = ica("download", "/globbed/", work.resolve("back").toString(), "--exclude", "lane1");
    assertThat(down.exitCode()).as(down.toString()).isZero();
    assertThat(down.errLines()).as(down.toString()).singleElement().asString()
        .startsWith("ica: " + warning + "/globbed/, so nothing was downloaded");
    Files.createDirectories(work.resolve("nothing"));
    CliRunner.Result empty = ica("upload", work.resolve("nothing").toString(), "/globbed/", "--include", "*.bam");
    assertThat(empty.err()).as("an empty folder: nothing was left out").doesNotContain(warning);
  }

  @Test
  void globs_withASingleFile_areAUsageError_notSilentlyIgnored() throws Exception {
    Path file = Files.writeString(work.resolve("g.txt"), "g");
    CliRunner.Result r = ica("upload", file.toString(), "/globs/", "--exclude", "*.txt");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(r.errLines().get(0)).contains("--include and --exclude pick files inside a folder", "is a single file");
  }

  /** {@code link/..} is where {@code ls} says: the parent of the link's target, not the folder holding it. */
  @Test
  void localPaths_withDotDotAfterASymbolicLink_leadWhereTheFileSystemSays() throws Exception {
    emulator.seed().putFile(emulator.projectId(), "/dots/d.txt", "dots".getBytes(StandardCharsets.UTF_8));
    Path elsewhere = Files.createDirectories(work.resolve("far/away/inner"));
    Path here = Files.createDirectories(work.resolve("here"));
    Files.createSymbolicLink(here.resolve("link"), elsewhere);
    CliRunner.Result down = ica("download", "/dots/d.txt", here + "/link/../got.txt");
    assertThat(down.exitCode()).as(down.toString()).isZero();
    assertThat(work.resolve("far/away/got.txt")).hasContent("dots");
    assertThat(here.resolve("got.txt")).doesNotExist();

    Files.writeString(work.resolve("far/away/up.txt"), "up");
    Files.writeString(here.resolve("up.txt"), "wrong one");
    CliRunner.Result up = ica("upload", here + "/link/../up.txt", "/dots/");
    assertThat(up.exitCode()).as(up.toString()).isZero();
    assertThat(emulator.seed().readFile(emulator.projectId(), "/dots/up.txt").orElseThrow()).asString(StandardCharsets.UTF_8)
        .isEqualTo("up");
  }

  @Test
  void download_withOverwriteFail_andAnExistingFile_isPartialFailure() throws Exception {
    String project = emulator.projectId();
    emulator.seed().putFile(project, "/clash/keep.txt", "remote".getBytes(StandardCharsets.UTF_8));
    emulator.seed().putFile(project, "/clash/new.txt", "new".getBytes(StandardCharsets.UTF_8));
    Path target = Files.createDirectories(work.resolve("clash"));
    Files.writeString(target.resolve("keep.txt"), "local");
    CliRunner.Result r = ica("download", "/clash/", target.toString(), "--overwrite", "fail");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.PARTIAL_FAILURE);
    assertThat(r.err()).contains("1 of 2 files failed", "keep.txt");
    assertThat(target.resolve("keep.txt")).hasContent("local");
    assertThat(target.resolve("new.txt")).hasContent("new");
  }

  @Test
  void sync_upThenDown_copiesOnlyChanges_andDeletesWhenAsked() throws Exception {
    Path local = sampleFolder(work, "mirror");
    CliRunner.Result first = ica("sync", local.toString(), "ica:/mirror/");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.out()).contains("Synced: 4 uploaded");

    Path link = Files.createSymbolicLink(local.resolve("link.txt"), local.resolve("a.txt"));
    CliRunner.Result again = ica("sync", local.toString(), "ica:/mirror/");
    assertThat(again.out()).contains("Synced: 0 uploaded", "4 unchanged, 1 skipped",
        "  skipped link.txt: symbolic link (--follow-symlinks is off)");
    Files.delete(link);

    Files.writeString(local.resolve("a.txt"), "alpha, changed\n");
    Files.setLastModifiedTime(local.resolve("a.txt"), FileTime.from(Instant.now().plusSeconds(60)));
    Files.delete(local.resolve("sub/b.txt"));
    CliRunner.Result plan = ica("sync", local.toString(), "ica:/mirror/", "--delete", "--dry-run");
    assertThat(plan.exitCode()).as(plan.toString()).isZero();
    assertThat(plan.out()).contains("upload   a.txt", "delete   sub/b.txt", "Dry run, nothing changed");

    CliRunner.Result apply = ica("sync", local.toString(), "ica:/mirror/", "--delete");
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    assertThat(apply.out()).contains("1 uploaded", "1 deleted");
    assertThat(ica("data", "list", "-r", "/mirror/").out()).doesNotContain("/mirror/sub/b.txt");

    Path copy = work.resolve("copy");
    CliRunner.Result down = ica("sync", "ica:/mirror/", copy.toString());
    assertThat(down.exitCode()).as(down.toString()).isZero();
    assertThat(down.out()).contains("3 downloaded");
    DemoCommand.verify(local, copy);
  }

  /** For scripts: every file with its outcome, and the counts, as one JSON object on standard output. */
  @Test
  void uploadAndDownload_outputJson_giveEachFileWithItsOutcome() throws Exception {
    Path local = sampleFolder(work, "jsonup");
    CliRunner.Result up = ica("upload", local.toString(), "/jsonup/", "-o", "json");
    assertThat(up.exitCode()).as(up.toString()).isZero();
    com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(up.out());
    assertThat(json.get("succeeded").asInt()).isEqualTo(4);
    assertThat(json.get("failed").asInt()).isZero();
    Map<String, String> outcomes = new java.util.TreeMap<>();
    json.get("files").forEach(f -> outcomes.put(f.get("remotePath").asText(), f.get("outcome").asText()));
    assertThat(outcomes).containsEntry("/jsonup/sub/deeper/c.txt", "success").hasSize(4);

    Path back = work.resolve("jsonback");
    Files.createDirectories(back);
    Files.writeString(back.resolve("a.txt"), "mine\n");
    CliRunner.Result down = ica("download", "/jsonup/", back.toString(), "--output", "json");
    assertThat(down.exitCode()).as(down.toString()).isZero();
    json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(down.out());
    assertThat(json.get("succeeded").asInt()).isEqualTo(3);
    assertThat(json.get("skipped").asInt()).isEqualTo(1);
    json.get("files").forEach(f -> {
      if (f.get("remotePath").asText().equals("/jsonup/a.txt")) {
        assertThat(f.get("outcome").asText()).isEqualTo("skipped");
        assertThat(f.get("localPath").asText()).isEqualTo(back.resolve("a.txt").toString());
        assertThat(f.get("reason").asText()).isNotBlank();
      }
    });

    CliRunner.Result both = ica("download", "/jsonup/a.txt", "-", "-o", "json");
    assertThat(both.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(both.err()).contains("-o json and the target - both write to standard output");
  }

  /** For scripts: the plan and the counts as one JSON object on standard output, names as they are. */
  @Test
  void sync_outputJson_givesThePlanAndTheCounts_forScripts() throws Exception {
    Path local = sampleFolder(work, "json");
    Files.writeString(local.resolve("new\\nline.txt"), "a backslash and an n");
    assertThat(ica("sync", local.toString(), "ica:/json/").exitCode()).isZero();
    Files.delete(local.resolve("sub/deeper/c.txt"));
    Files.delete(local.resolve("sub/deeper"));
    Files.writeString(local.resolve("added.txt"), "added");

    CliRunner.Result plan = ica("sync", local.toString(), "ica:/json/", "--delete", "--dry-run", "-o", "json");
    assertThat(plan.exitCode()).as(plan.toString()).isZero();
    com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(plan.out());
    assertThat(json.get("dryRun").asBoolean()).isTrue();
    assertThat(json.get("uploaded").asLong()).isEqualTo(1);
    assertThat(json.get("deleted").asLong()).isEqualTo(2); // the file, then its folder
    assertThat(json.get("unchanged").asLong()).isEqualTo(4);
    Map<String, String> steps = new java.util.TreeMap<>();
    json.get("plan").forEach(s -> steps.put(s.get("path").asText(), s.get("action").asText()));
    assertThat(steps).containsEntry("added.txt", "upload").containsEntry("sub/deeper/c.txt", "delete")
        .containsEntry("sub/deeper/", "delete").containsEntry("new\\nline.txt", "unchanged");
    assertThat(json.get("failures")).isEmpty();

    CliRunner.Result apply = ica("sync", local.toString(), "ica:/json/", "--delete", "--output", "json");
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(apply.out());
    assertThat(json.get("dryRun").asBoolean()).isFalse();
    assertThat(json.get("uploaded").asLong()).isEqualTo(1);
    assertThat(json.get("deleted").asLong()).isEqualTo(2);
    assertThat(json.get("bytesTransferred").asLong()).isEqualTo(5);
  }

  /** A remote name that would leave the local folder: one failure with what to do, not also a skip. */
  @Test
  void sync_down_aRemoteNameThatWouldLeaveTheFolder_isOneFailure_notAlsoASkip() throws Exception {
    emulator.seed().putFile(emulator.projectId(), "/unsafe/ok.txt", "fine".getBytes(StandardCharsets.UTF_8));
    io.icasdk.core.IcaClient client = io.icasdk.core.IcaClient.builder().baseUrl(emulator.baseUrl())
        .apiKey(emulator.apiKey()).defaultProjectId(emulator.projectId()).userHome(home)
        .environment(Map.of()).build();
    client.projectData(emulator.projectId())
        .createFile(new io.icasdk.core.CreateFileRequest("escaped.txt", "/unsafe/../../", null, null));
    Path copy = work.resolve("a/b/copy");

    CliRunner.Result down = ica("sync", "ica:/unsafe/", copy.toString());
    assertThat(down.exitCode()).as(down.toString()).isEqualTo(ExitCode.PARTIAL_FAILURE);
    assertThat(down.out()).contains("Synced: 0 uploaded, 1 downloaded, 0 deleted, 0 unchanged, 1 failed;")
        .doesNotContain("skipped");
    assertThat(down.err()).contains("ica: 1 file failed:",
        "/unsafe/../../escaped.txt: Refused remote name", "rename it in ICA, or leave it out with --exclude")
        .doesNotContain("run the same command again");
    assertThat(copy.resolve("ok.txt")).hasContent("fine");
    assertThat(work.resolve("a/escaped.txt")).doesNotExist();
  }

  /** A dry run names the step that would fail and why; nothing failed yet, and running it again changes nothing. */
  @Test
  void sync_dryRun_aStepThatWouldFail_isListedWithItsReason() throws Exception {
    emulator.seed().putFile(emulator.projectId(), "/unsafe-dry/ok.txt", "fine".getBytes(StandardCharsets.UTF_8));
    io.icasdk.core.IcaClient client = io.icasdk.core.IcaClient.builder().baseUrl(emulator.baseUrl())
        .apiKey(emulator.apiKey()).defaultProjectId(emulator.projectId()).userHome(home)
        .environment(Map.of()).build();
    client.projectData(emulator.projectId())
        .createFile(new io.icasdk.core.CreateFileRequest("escaped.txt", "/unsafe-dry/../../", null, null));

    CliRunner.Result dry = ica("sync", "ica:/unsafe-dry/", work.resolve("dry").toString(), "--dry-run");
    assertThat(dry.exitCode()).as(dry.toString()).isEqualTo(ExitCode.PARTIAL_FAILURE);
    assertThat(dry.errLines()).as(dry.toString()).hasSize(2);
    assertThat(dry.errLines().get(0)).isEqualTo("ica: a real run would fail 1 file:");
    assertThat(dry.errLines().get(1)).contains("escaped.txt: Refused remote name", "leave it out with --exclude");
    assertThat(work.resolve("dry")).doesNotExist();
  }

  /**
   * A download sync interrupted mid-file (its ranges kept for a resume), then the file deleted in ICA: the rerun
   * removes the temporary file and lists the file once among the skipped, saying why; not a failure.
   */
  @Test
  void sync_down_anInterruptedFileDeletedInIca_isOneSkip_sayingItsTemporaryFileWasRemoved() throws Exception {
    byte[] big = new byte[(17 << 20) + 1];
    new Random(3).nextBytes(big);
    emulator.seed().putFile(emulator.projectId(), "/vanished/big.bin", big);
    emulator.seed().putFile(emulator.projectId(), "/vanished/keep.txt", "kept".getBytes(StandardCharsets.UTF_8));
    Path copy = work.resolve("vanished");
    io.icasdk.core.IcaClient client = io.icasdk.core.IcaClient.builder().baseUrl(emulator.baseUrl())
        .apiKey(emulator.apiKey()).defaultProjectId(emulator.projectId()).userHome(home)
        .environment(Map.of()).build();
    emulator.faults().s3BandwidthBytesPerSecond(4L << 20);
    try (io.icasdk.transfer.TransferManager tm = io.icasdk.transfer.TransferManager.builder().icaClient(client)
        .journalDirectory(home.resolve("journals")).s3EndpointOverride(emulator.s3Endpoint()).build()) {
      io.icasdk.transfer.SyncHandle first = tm.sync(s -> s.direction(io.icasdk.transfer.SyncDirection.DOWNLOAD)
          .localRoot(copy).remoteFolder("/vanished/"));
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
      while (first.progress().bytesTransferred() < (5L << 20) && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      first.cancel();
      try {
        first.completion().get(60, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.CancellationException | java.util.concurrent.ExecutionException expected) {
        // cancelled: its ranges stay for a resume
      }
    } finally {
      emulator.faults().reset();
    }
    assertThat(partials(copy)).as("kept for a resume").isNotEmpty();
    var data = client.projectData(emulator.projectId());
    data.delete(data.findByPath("/vanished/big.bin").orElseThrow().id());

    CliRunner.Result down = ica("sync", "ica:/vanished/", copy.toString());
    assertThat(down.exitCode()).as(down.toString()).isZero();
    assertThat(down.out()).contains(", 1 skipped;", "  skipped big.bin: It is no longer in ICA",
        "what that run had fetched of it was removed").doesNotContain("failed");
    assertThat(down.err()).doesNotContain("failed");
    assertThat(partials(copy)).as("the interrupted run's temporary file").isEmpty();
    assertThat(copy.resolve("keep.txt")).hasContent("kept");
  }

  private static List<Path> partials(Path folder) throws IOException {
    try (var s = Files.list(folder)) {
      return s.filter(p -> io.icasdk.transfer.internal.PartialFiles.isPartial(p.getFileName().toString())).toList();
    }
  }

  /** An empty source folder (an unmounted drive looks so) does not empty the project folder without --max-delete. */
  @Test
  void sync_deleteFromAnEmptySource_deletesNothing_unlessMaxDeleteIsGiven() throws Exception {
    Path local = Files.createDirectories(work.resolve("mount"));
    Files.writeString(local.resolve("f.txt"), "f");
    assertThat(ica("sync", local.toString(), "ica:/mount/").exitCode()).isZero();
    Files.delete(local.resolve("f.txt"));

    CliRunner.Result dry = ica("sync", local.toString(), "ica:/mount/", "--delete", "-n");
    assertThat(dry.exitCode()).as(dry.toString()).isEqualTo(ExitCode.PARTIAL_FAILURE);
    assertThat(dry.err()).contains("a real run would refuse its 1 deletion (files and folders), the source folder"
        + " holding no file", "add --max-delete");
    CliRunner.Result r = ica("sync", local.toString(), "ica:/mount/", "--delete");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.PARTIAL_FAILURE);
    assertThat(r.err()).contains("ica: the source folder holds no file (that the filters take), and --delete would"
        + " delete the one file or folder",
        "add --max-delete 1");
    assertThat(ica("data", "list", "/mount/").out()).contains("/mount/f.txt");

    CliRunner.Result asked = ica("sync", local.toString(), "ica:/mount/", "--delete", "--max-delete", "1");
    assertThat(asked.exitCode()).as(asked.toString()).isZero();
    assertThat(ica("data", "list", "/mount/").out()).doesNotContain("/mount/f.txt");
  }

  @Test
  void sync_emptyFolders_areCreatedAtTheDestination_onlyWhenAsked() throws Exception {
    Path local = Files.createDirectories(work.resolve("withEmpty"));
    Files.createDirectories(local.resolve("empty/deeper"));
    Files.writeString(local.resolve("f.txt"), "f");
    assertThat(ica("sync", local.toString(), "ica:/withEmpty/").exitCode()).isZero();
    assertThat(ica("data", "list", "-r", "/withEmpty/").out()).doesNotContain("/withEmpty/empty/");

    CliRunner.Result r = ica("sync", local.toString(), "ica:/withEmpty/", "--empty-folders");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(ica("data", "list", "-r", "/withEmpty/").out()).contains("/withEmpty/empty/deeper/");

    Path copy = work.resolve("withEmptyCopy");
    assertThat(ica("sync", "ica:/withEmpty/", copy.toString(), "--empty-folders").exitCode()).isZero();
    assertThat(copy.resolve("empty/deeper")).isDirectory();
  }

  @Test
  void sync_deleteGuard_refusesTooManyDeletions_withPartialFailure() throws Exception {
    Path local = Files.createDirectories(work.resolve("guarded"));
    for (String name : new String[] {"1.txt", "2.txt", "3.txt"}) {
      Files.writeString(local.resolve(name), name);
    }
    assertThat(ica("sync", local.toString(), "ica:/guarded/").exitCode()).isZero();
    Files.delete(local.resolve("1.txt"));
    Files.delete(local.resolve("2.txt"));

    CliRunner.Result dry = ica("sync", local.toString(), "ica:/guarded/", "--delete", "--max-delete", "1", "-n");
    assertThat(dry.exitCode()).as("a pre-flight check ends as the real run will: " + dry)
        .isEqualTo(ExitCode.PARTIAL_FAILURE);
    assertThat(dry.out()).contains("a real run would delete nothing: 2 deletions exceed the maximum of 1");
    assertThat(dry.errLines()).singleElement().asString()
        .contains("a real run would refuse its 2 deletions (files and folders), more than --max-delete 1");

    CliRunner.Result r = ica("sync", local.toString(), "ica:/guarded/", "--delete", "--max-delete", "1");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.PARTIAL_FAILURE);
    assertThat(r.errLines()).singleElement().asString()
        .contains("planned 2 deletions (files and folders), more than --max-delete 1, so nothing was deleted");
    assertThat(ica("data", "list", "/guarded/").out()).contains("/guarded/1.txt", "/guarded/2.txt");
  }

  /** A download never writes through a link: following them would plan downloads that the run refuses. */
  @Test
  void sync_followSymlinks_isRefusedForADownload_asAUsageError() {
    CliRunner.Result r = ica("sync", "ica:/anything/", work.resolve("down").toString(), "--follow-symlinks");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--follow-symlinks is for syncs from a local folder");
  }

  @Test
  void sync_needsExactlyOneRemoteSide() {
    CliRunner.Result both = ica("sync", "ica:/a/", "ica:/b/");
    assertThat(both.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(both.errLines()).singleElement().asString().contains("exactly one remote side", "ica:/folder/");
    CliRunner.Result none = ica("sync", work.toString(), "/b/");
    assertThat(none.exitCode()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void sync_fromAMissingProjectFolder_namesTheProjectByName() {
    CliRunner.Result r = ica("sync", "ica:/no-such-folder/", work.resolve("nowhere").toString());
    assertThat(r.exitCode()).isEqualTo(ExitCode.ERROR);
    assertThat(r.errLines().get(0)).contains("/no-such-folder/", "in project demo").doesNotContain(emulator.projectId());
  }

  @Test
  void sync_checksumAndSizeOnly_areMutuallyExclusive() {
    CliRunner.Result r = ica("sync", work.toString(), "ica:/x/", "--checksum", "--size-only");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.errLines().get(0)).contains("mutually exclusive");
  }

  @Test
  void demo_runsTheWholeStory_andVerifiesEveryByte() {
    CliRunner.Result r = ica("demo", "--dir", work.resolve("demo").toString(), "--fastq-size", "3MiB", "--cycles", "5",
        "--interrupt-bandwidth", "4MiB");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Cancelled at", "resumes", "4 uploaded, 1 deleted", "identical to the originals", "Downloaded copy:");
    assertThat(r.out()).containsPattern("takes [0-9.]+ MiB: `rm -rf .*demo` removes it");
  }

  @Test
  void demo_quiet_printsOnlyWhereTheResultIs() {
    CliRunner.Result r = ica("-q", "demo", "--dir", work.resolve("demo-q").toString(), "--fastq-size", "1MiB",
        "--cycles", "2", "--interrupt-bandwidth", "4MiB");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Done in", "Downloaded copy:", "rm -rf").doesNotContain("Cancelled at", "Next:");
  }
}
