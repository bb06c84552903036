package io.icasdk.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {
  private static final String META = "{\"kind\":\"meta\",\"commit\":\"abc1234\",\"date\":\"2025-01-01T00:00:00Z\","
      + "\"nproc\":\"2\",\"free\":\"   total\\nMem: 23Gi\",\"load\":\"9.1 8.0 7.5\",\"command\":\"bench/run.sh\",\"mode\":\"full\","
      + "\"w1Bytes\":1073741824,\"w3Files\":2000,\"w3FileBytes\":65536,\"w5Files\":10000,\"runs\":3,\"warmups\":1}";

  private static String run(String workload, String tool, int run, boolean ok, double seconds, long rssKiB) {
    return "{\"kind\":\"run\",\"workload\":\"" + workload + "\",\"tool\":\"" + tool + "\",\"run\":" + run
        + ",\"warmup\":" + (run == 0) + ",\"ok\":" + ok + ",\"seconds\":" + seconds + ",\"rssKiB\":" + rssKiB
        + ",\"rssSource\":\"time -v\",\"note\":\"" + (ok ? "" : "exit 1: boom") + "\"}";
  }

  private static List<String> threeRuns(String workload, String tool, double... seconds) {
    List<String> lines = new ArrayList<>();
    lines.add(run(workload, tool, 0, true, 999, 1)); // warm-up: never counted
    for (int i = 0; i < seconds.length; i++) {
      lines.add(run(workload, tool, i + 1, true, seconds[i], 100 * 1024L));
    }
    return lines;
  }

  @Test
  void cell_ignoresWarmUp_andSummarisesMeasuredRuns() {
    List<String> lines = new ArrayList<>(List.of(META));
    lines.addAll(threeRuns("W1", "aws-cli", 12, 10, 14));

    Report.Cell cell = Report.fromJsonLines(lines).cell("W1", "aws-cli");

    assertThat(cell.seconds()).contains(new Stats(12, 10, 14, 3));
    assertThat(cell.peakRssKiB()).isEqualTo(100 * 1024L);
    assertThat(cell.measured()).isTrue();
  }

  @Test
  void speedup_isPeerMedianOverIcaMedian_withTheRightCounterpart() {
    List<String> lines = new ArrayList<>(List.of(META));
    lines.addAll(threeRuns("W1", "aws-cli", 12, 12, 12));
    lines.addAll(threeRuns("W1", "ica", 8, 8, 8));
    lines.addAll(threeRuns("W1", "aws-tm", 10, 10, 10));
    lines.addAll(threeRuns("W1", "ica-api", 5, 5, 5));
    Report report = Report.fromJsonLines(lines);

    assertThat(report.speedup("W1", Report.icaCounterpart("aws-cli"), "aws-cli")).hasValue(1.5);
    assertThat(report.speedup("W1", Report.icaCounterpart("aws-tm"), "aws-tm")).hasValue(2.0);
    assertThat(report.markdown()).contains("| W1 upload one large file | 12.0 | - | 10.0 | 8.00 | 5.00 | 1.50x (aws-cli) | 2.00x |");
  }

  @Test
  void markdown_showsNotAvailableReasons_andFailedRuns_neverANumber() {
    List<String> lines = new ArrayList<>(List.of(META,
        "{\"kind\":\"na\",\"workload\":\"W5\",\"tool\":\"aws-tm\",\"reason\":\"S3TransferManager has no sync\"}",
        run("W2", "rclone", 1, false, 3, 50 * 1024L)));

    String md = Report.fromJsonLines(lines).markdown();

    assertThat(md).contains("| W5 | AWS S3TransferManager + CRT (warm JVM) | n/a: S3TransferManager has no sync |");
    assertThat(md).contains("| W2 | rclone (process) | failed 1/1: exit 1: boom |");
    assertThat(md).contains("not met");
  }

  @Test
  void markdown_w6_reportsBytesSentAgainAgainstTheInFlightLimit() {
    String resume = "{\"kind\":\"resume\",\"tool\":\"ica\",\"ok\":true,\"fileBytes\":1000,\"bytesBeforeKill\":600,"
        + "\"bytesRerun\":450,\"partBytes\":20,\"partsInFlight\":4}";

    String md = Report.fromJsonLines(List.of(META, resume)).markdown();

    assertThat(md).contains("| ica-sdk `ica` (process) | yes | 600 B | 450 B | 50 B | 80 B (met) |");
    assertThat(md).contains("| W6 sends again at most parts in flight x part size | met: 50 B vs 80 B |");
  }

  @Test
  void markdown_header_namesCommitDateMachineAndCommand_andTheServerCeiling() {
    String ceiling = "{\"kind\":\"ceiling\",\"op\":\"PUT\",\"ok\":true,\"bytes\":1073741824,\"seconds\":4.0}";

    String md = Report.fromJsonLines(List.of(META, ceiling, "{\"kind\":\"end\",\"load\":\"3.0 2.0 1.0\"}")).markdown();

    assertThat(md).contains("`bench/run.sh`", "abc1234", "2025-01-01T00:00:00Z", "2 cores", "   total\nMem: 23Gi",
        "at the start PUT 256 MiB/s (4.00 s)", "load average at start / end: 9.1 8.0 7.5 / 3.0 2.0 1.0");
    assertThat(md).doesNotContain("changed speed");
  }

  @Test
  void markdown_header_flagsARunWhoseCeilingMovedBetweenItsStartAndItsEnd() {
    String start = "{\"kind\":\"ceiling\",\"when\":\"start\",\"op\":\"PUT\",\"ok\":true,\"bytes\":1073741824,"
        + "\"seconds\":2.5}";
    String end = "{\"kind\":\"ceiling\",\"when\":\"end\",\"op\":\"PUT\",\"ok\":true,\"bytes\":1073741824,"
        + "\"seconds\":13.0}";
    String steadyGet = "{\"kind\":\"ceiling\",\"when\":\"%s\",\"op\":\"GET\",\"ok\":true,\"bytes\":1073741824,"
        + "\"seconds\":0.8}";

    String md = Report.fromJsonLines(List.of(META, start, String.format(steadyGet, "start"), end,
        String.format(steadyGet, "end"))).markdown();

    assertThat(md).contains("at the start PUT 410 MiB/s (2.50 s), GET 1280 MiB/s (0.80 s); at the end PUT 79 MiB/s"
        + " (13.0 s), GET 1280 MiB/s (0.80 s).");
    assertThat(md).contains("the ceiling's PUT took 2.50 s at the start and 13.0 s at the end")
        .doesNotContain("the ceiling's GET");
  }

  @Test
  void details_warnWhenAToolMovedLessThanTheWorkload() {
    String skipped = "{\"kind\":\"run\",\"workload\":\"W1\",\"tool\":\"ica-api\",\"run\":1,\"warmup\":false,"
        + "\"ok\":true,\"seconds\":1.0,\"rssKiB\":1,\"rssSource\":\"VmHWM\",\"note\":\"\",\"bytes\":0}";

    assertThat(Report.fromJsonLines(List.of(META, skipped)).markdown())
        .contains("1.00 (warning: a run moved only 0 B of 1.00 GiB)");
  }

  @Test
  void fromJsonLines_rejectsGarbage_withTheLine() {
    assertThatThrownBy(() -> Report.fromJsonLines(List.of("not json")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not json");
  }

  @Test
  void splice_replacesOnlyTheGeneratedBlock() {
    String doc = "# Bench\nintro\n<!-- bench:begin -->\nold table\n<!-- bench:end -->\n## Analysis\nkept\n";

    String out = Report.splice(doc, "new table\n");

    assertThat(out).isEqualTo("# Bench\nintro\n<!-- bench:begin -->\nnew table\n<!-- bench:end -->\n## Analysis\nkept\n");
    assertThat(Report.splice("# Bench\n", "t")).isEqualTo("# Bench\n\n<!-- bench:begin -->\nt\n<!-- bench:end -->\n");
  }
}
