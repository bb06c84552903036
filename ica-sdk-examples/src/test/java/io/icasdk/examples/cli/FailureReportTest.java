package io.icasdk.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.icasdk.transfer.FileOutcome;
import io.icasdk.transfer.FileResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FailureReportTest {
  private static FileResult failed(String path, String reason) {
    return new FileResult(path, Path.of("/data" + path), FileOutcome.FAILED, reason, 10, 0, false, false);
  }

  private static List<String> print(List<FileResult> failed, long count, long of, boolean verboseListsAll) {
    StringWriter text = new StringWriter();
    try (PrintWriter err = new PrintWriter(text)) {
      FailureReport.print(err, failed, count, of, verboseListsAll);
    }
    return text.toString().lines().toList();
  }

  @Test
  void differentReasons_eachFileWithItsOwn() {
    assertThat(print(List.of(failed("/r/a.txt", "S3 answered 403\nAccessDenied"), failed("/r/b.txt", "disk full")),
        2, 3, true)).containsExactly(
        "ica: 2 of 3 files failed; run the same command again to retry them:",
        "  /r/a.txt: S3 answered 403 AccessDenied",
        "  /r/b.txt: disk full");
  }

  @Test
  void oneReasonForAll_isSaidOnce_thenThePaths_andTheRestCounted() {
    List<FileResult> all = IntStream.rangeClosed(1, 25)
        .mapToObj(i -> failed("/h/f" + i + ".txt", "PutObject at bucket.s3.amazonaws.com failed: AWS_IO_DNS_INVALID_NAME"))
        .toList();

    List<String> lines = print(all, 25, 25, true);

    assertThat(lines).hasSize(23);
    assertThat(lines.get(0)).isEqualTo(
        "ica: 25 of 25 files failed, all with: PutObject at bucket.s3.amazonaws.com failed: AWS_IO_DNS_INVALID_NAME");
    assertThat(lines.get(1)).isEqualTo("Run the same command again to retry them:");
    assertThat(lines.get(2)).isEqualTo("  /h/f1.txt");
    assertThat(lines.get(21)).isEqualTo("  /h/f20.txt");
    assertThat(lines.get(22)).isEqualTo("  ... and 5 more (run with -v for the full list)");
  }

  @Test
  void controlCharactersInPathsAndReasons_areShownEscaped_soThatNoNameDrivesTheTerminal() {
    assertThat(print(List.of(failed("/r/a\u001b]0;x\u0007.txt", "cannot write /d/a\u001b]0;x\u0007.txt: disk full"),
        failed("/r/b\nc.txt", "x")), 2, 2, true)).containsExactly(
        "ica: 2 of 2 files failed; run the same command again to retry them:",
        "  /r/a\\x1b]0;x\\x07.txt: cannot write /d/a\\x1b]0;x\\x07.txt: disk full",
        "  /r/b\\nc.txt: x");
  }

  /** A name that would leave the target is refused again by every rerun: no "run again", its reason says why. */
  @Test
  void refusedNames_areNotOfferedARetry_andTheirAdviceNamesTheToolsOption() {
    String reason = "Refused remote name '../x.txt': it holds an empty, '.' or '..' segment, so it would not stay"
        + " inside the target folder /t. Nothing was written for it; rename it in ICA, or leave it out with an"
        + " exclude glob";
    List<String> lines = print(List.of(failed("/trav/../x.txt", reason)), 1, 2, true);
    assertThat(lines.get(0)).isEqualTo("ica: 1 of 2 files failed:");
    assertThat(lines.get(1)).endsWith("rename it in ICA, or leave it out with --exclude");
  }

  @Test
  void printable_escapesOnlyControlCharacters_andBackslashes() {
    assertThat(IcaCli.printable("plain/é ü/名前 +%#.txt")).isEqualTo("plain/é ü/名前 +%#.txt");
    assertThat(IcaCli.printable("a\tb\rc\nd\u007fe\u0085f")).isEqualTo("a\\tb\\rc\\nd\\x7fe\\u0085f");
    assertThat(IcaCli.printable(null)).isNull();
    assertThat(IcaCli.printable("back\\nslash")).as("a backslash and an n, not a newline").isEqualTo("back\\\\nslash");
    assertThat(IcaCli.printable("new\nline")).isEqualTo("new\\nline");
    assertThat(IcaCli.oneLine("C:\\data\n failed")).as("messages keep theirs").isEqualTo("C:\\data failed");
  }

  @Test
  void aSharedReason_isNotClaimedForFailuresThatWereNotListed() {
    assertThat(print(List.of(failed("/s/a", "x"), failed("/s/b", "x")), 3, -1, false)).containsExactly(
        "ica: 3 files failed; run the same command again to retry them:",
        "  /s/a: x",
        "  /s/b: x",
        "  ... and 1 more");
  }

  @Test
  void filesKeptBecauseTheyExist_areNotToBeRetried_theirReasonSaysWhatToDo() {
    String exists = "/d/a.txt already exists and was left untouched. " + FailureReport.SDK_EXISTS_HINT;
    assertThat(print(List.of(failed("/r/a.txt", exists)), 1, 1, true)).containsExactly(
        "ica: 1 of 1 file failed:",
        "  /r/a.txt: /d/a.txt already exists and was left untouched. " + FailureReport.CLI_EXISTS_HINT);
    String alsoExists = "/d/b.txt already exists and was left untouched. " + FailureReport.SDK_EXISTS_HINT;
    assertThat(print(List.of(failed("/r/a.txt", exists), failed("/r/b.txt", alsoExists)), 2, 2, true))
        .first().isEqualTo("ica: 2 of 2 files failed:");
    assertThat(print(List.of(failed("/r/a.txt", "x " + exists), failed("/r/b.txt", "x " + exists)), 2, 2, true))
        .containsExactly("ica: 2 of 2 files failed, all with: x /d/a.txt already exists and was left untouched. "
            + FailureReport.CLI_EXISTS_HINT, "  /r/a.txt", "  /r/b.txt");
    assertThat(print(List.of(failed("/r/a.txt", exists), failed("/r/b.txt", "disk full")), 2, 5, true).get(0))
        .isEqualTo("ica: 2 of 5 files failed; run the same command again to retry them:");
  }

  @Test
  void aSyncWhoseFailuresAreNotAllListed_countsTheRest_withoutPromisingAList() {
    assertThat(print(List.of(failed("/s/a", "x")), 30, -1, false)).containsExactly(
        "ica: 30 files failed; run the same command again to retry them:",
        "  /s/a: x",
        "  ... and 29 more");
  }
}
