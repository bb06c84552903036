package io.icasdk.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * Turns the JSON lines that bench/run.sh collects into the Markdown tables of BENCHMARKS.md.
 *
 * <p>Input lines (one JSON object each, {@code kind} says which):
 * <ul>
 *   <li>{@code meta}: commit, date, nproc, free, command, mode, w1Bytes, w3Files, w3FileBytes, w5Files</li>
 *   <li>{@code run}: workload, tool, run, warmup, ok, seconds, rssKiB, rssSource, note</li>
 *   <li>{@code na}: workload, tool, reason - a cell that could not be measured, and why</li>
 *   <li>{@code ceiling}: when (start|end; start when missing), op (PUT|GET), ok, bytes, seconds, note</li>
 *   <li>{@code resume}: tool, ok, fileBytes, bytesBeforeKill, bytesRerun, partBytes, partsInFlight, note (W6)</li>
 * </ul>
 *
 * <p>{@code String md = Report.fromJsonLines(lines).markdown();}
 *
 * <p>Not thread-safe; build one per report.
 */
final class Report {
  /** Tools in column order; the first three are the peers. */
  static final List<String> TOOLS = List.of("aws-cli", "rclone", "aws-tm", "ica", "ica-api");
  static final List<String> TIMED_WORKLOADS = List.of("W1", "W2", "W2c", "W3", "W4", "W5", "W7");
  static final double TARGET_SPEEDUP = 1.25;
  static final long TARGET_RSS_KIB = 300L * 1024;
  private static final double MIB = 1024.0 * 1024.0;

  private static final Map<String, String> TOOL_LABELS = Map.of(
      "aws-cli", "aws-cli (process)",
      "rclone", "rclone (process)",
      "aws-tm", "AWS S3TransferManager + CRT (warm JVM)",
      "ica", "ica-sdk `ica` (process)",
      "ica-api", "ica-sdk API (warm JVM)");
  private static final Map<String, String> WORKLOAD_LABELS = Map.of(
      "W1", "upload one large file",
      "W2", "download one large file",
      "W2c", "W2, the object with a whole-object CRC",
      "W3", "upload many small files",
      "W4", "download many small files",
      "W5", "sync with nothing to do",
      "W6", "upload killed at half, then resumed",
      "W7", "upload with credentials expiring every 20 s");

  private final JsonNode meta;
  private final List<JsonNode> runs = new ArrayList<>();
  private final Map<String, String> notAvailable = new LinkedHashMap<>();
  private final List<JsonNode> ceilings = new ArrayList<>();
  private final List<JsonNode> resumes = new ArrayList<>();

  private Report(JsonNode meta) {
    this.meta = meta;
  }

  /**
   * Parses the collected lines; blank lines are skipped.
   *
   * @throws IllegalArgumentException when a line is not JSON or has an unknown kind
   */
  static Report fromJsonLines(List<String> lines) {
    ObjectMapper mapper = new ObjectMapper();
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      try {
        nodes.add(mapper.readTree(line));
      } catch (IOException e) {
        throw new IllegalArgumentException("not a JSON line: " + abbreviate(line), e);
      }
    }
    JsonNode meta = nodes.stream().filter(n -> "meta".equals(n.path("kind").asText())).findFirst()
        .orElse(mapper.createObjectNode());
    nodes.stream().filter(n -> "end".equals(n.path("kind").asText())).findFirst().ifPresent(end -> {
      if (meta instanceof com.fasterxml.jackson.databind.node.ObjectNode m) {
        m.put("loadEnd", end.path("load").asText());
      }
    });
    Report report = new Report(meta);
    for (JsonNode n : nodes) {
      switch (n.path("kind").asText()) {
        case "meta", "end" -> { }
        case "run" -> report.runs.add(n);
        case "na" -> report.notAvailable.put(key(n.path("workload").asText(), n.path("tool").asText()),
            n.path("reason").asText());
        case "ceiling" -> report.ceilings.add(n);
        case "resume" -> report.resumes.add(n);
        default -> throw new IllegalArgumentException("unknown kind in line: " + abbreviate(n.toString()));
      }
    }
    return report;
  }

  /** Reads a results file written by bench/run.sh. */
  static Report fromFile(Path results) {
    try {
      return fromJsonLines(Files.readAllLines(results, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + results, e);
    }
  }

  /** One measured cell: stats over the successful measured runs, or why there are none. */
  record Cell(Optional<Stats> seconds, long peakRssKiB, String rssSource, int failed, String problem,
      long minBytesMoved) {
    boolean measured() {
      return seconds.isPresent() && failed == 0;
    }
  }

  Cell cell(String workload, String tool) {
    String na = notAvailable.get(key(workload, tool));
    List<JsonNode> measured = runs.stream()
        .filter(r -> workload.equals(r.path("workload").asText()) && tool.equals(r.path("tool").asText()))
        .filter(r -> !r.path("warmup").asBoolean(false))
        .toList();
    List<JsonNode> ok = measured.stream().filter(r -> r.path("ok").asBoolean(false)).toList();
    List<JsonNode> failed = measured.stream().filter(r -> !r.path("ok").asBoolean(false)).toList();
    String problem = na != null ? "n/a: " + na
        : failed.isEmpty() ? (measured.isEmpty() ? "not run" : "")
        : "failed " + failed.size() + "/" + measured.size() + ": " + failed.get(0).path("note").asText("?");
    Optional<Stats> stats = ok.isEmpty() ? Optional.empty()
        : Optional.of(Stats.of(ok.stream().map(r -> r.path("seconds").asDouble()).toList()));
    long rss = measured.stream().mapToLong(r -> r.path("rssKiB").asLong(0)).max().orElse(0);
    String source = ok.stream().map(r -> r.path("rssSource").asText("")).filter(s -> !s.isEmpty())
        .findFirst().orElse("");
    long minBytes = ok.stream().mapToLong(r -> r.path("bytes").asLong(-1)).filter(b -> b >= 0).min().orElse(-1);
    return new Cell(stats, rss, source, failed.size(), problem, minBytes);
  }

  /** Peer median / ica-sdk median: above 1 means ica-sdk is faster. */
  OptionalDouble speedup(String workload, String icaTool, String peer) {
    Cell ica = cell(workload, icaTool);
    Cell other = cell(workload, peer);
    if (!ica.measured() || !other.measured()) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(other.seconds().get().median() / ica.seconds().get().median());
  }

  /** The ica-sdk variant compared with {@code peer}: the process with the CLI peers, the API with the TM. */
  static String icaCounterpart(String peer) {
    return "aws-tm".equals(peer) ? "ica-api" : "ica";
  }

  private long workloadBytes(String workload) {
    return switch (workload) {
      case "W1", "W2", "W2c", "W6", "W7" -> meta.path("w1Bytes").asLong(0);
      case "W3", "W4" -> meta.path("w3Files").asLong(0) * meta.path("w3FileBytes").asLong(0);
      default -> 0;
    };
  }

  /** The whole generated section (Markdown). */
  String markdown() {
    StringBuilder md = new StringBuilder();
    header(md);
    summary(md);
    details(md);
    resume(md);
    credentialRotation(md);
    targets(md);
    return md.toString();
  }

  private void header(StringBuilder md) {
    md.append("Generated by `").append(meta.path("command").asText("bench/run.sh")).append("`")
        .append(" (").append(meta.path("mode").asText("full")).append(" mode) on ")
        .append(meta.path("date").asText("?")).append(", commit `").append(meta.path("commit").asText("?"))
        .append("`.\n\n");
    md.append("Machine: ").append(meta.path("nproc").asText("?")).append(" cores (`nproc`), ")
        .append(meta.path("cpu").asText("")).append(meta.path("load").isMissingNode() ? ""
            : "; load average at start / end: " + meta.path("load").asText() + " / " + meta.path("loadEnd").asText("?"))
        .append("\n\n```\n").append(meta.path("free").asText("").stripTrailing().replaceFirst("^\n+", ""))
        .append("\n```\n\n");
    md.append("Data: large file ").append(size(workloadBytes("W1"))).append("; small files ")
        .append(meta.path("w3Files").asText("?")).append(" x ").append(size(meta.path("w3FileBytes").asLong(0)))
        .append("; sync tree ").append(meta.path("w5Files").asText("?")).append(" files. ")
        .append(meta.path("warmups").asText("1")).append(" warm-up + ").append(meta.path("runs").asText("?"))
        .append(" measured runs per cell, tools alternating within each round. Times are wall seconds; "
            + "speed-up = peer median / ica-sdk median (above 1: ica-sdk is faster).\n\n");
    if (!ceilings.isEmpty()) {
      md.append("Server ceiling (one `curl` stream through presigned URLs, same server, same run): ");
      md.append(List.of("start", "end").stream()
          .filter(when -> ceilings.stream().anyMatch(c -> when(c).equals(when)))
          .map(when -> "at the " + when + " " + ceilings.stream().filter(c -> when(c).equals(when))
              .map(c -> c.path("op").asText() + " " + (c.path("ok").asBoolean(true)
                  ? rate(c.path("bytes").asLong(), c.path("seconds").asDouble()) + " (" + fmt(c.path("seconds").asDouble())
                      + " s)" : "failed: " + c.path("note").asText()))
              .collect(Collectors.joining(", ")))
          .collect(Collectors.joining("; "))).append(".\n\n");
      for (String op : List.of("PUT", "GET")) {
        double start = ceilingSeconds("start", op);
        double end = ceilingSeconds("end", op);
        if (start > 0 && end > 0 && Math.max(start, end) / Math.min(start, end) > CEILING_DRIFT) {
          md.append("**The machine changed speed during this run**: the ceiling's ").append(op).append(" took ")
              .append(fmt(start)).append(" s at the start and ").append(fmt(end)).append(" s at the end, so cells"
                  + " measured in between may not compare fairly (the ratios within a round are the safer"
                  + " reading).\n\n");
        }
      }
    }
  }

  /** A ceiling's start or end, of which more than this ratio apart marks the run as disturbed. */
  private static final double CEILING_DRIFT = 1.5;

  private static String when(JsonNode ceiling) {
    return ceiling.path("when").asText("start");
  }

  /** The seconds of a measured ceiling, or 0 when there is none. */
  private double ceilingSeconds(String when, String op) {
    return ceilings.stream().filter(c -> when(c).equals(when) && c.path("op").asText().equals(op)
        && c.path("ok").asBoolean(true)).mapToDouble(c -> c.path("seconds").asDouble()).findFirst().orElse(0);
  }

  private void summary(StringBuilder md) {
    md.append("### Summary: median wall time (s)\n\n| workload |");
    TOOLS.forEach(t -> md.append(' ').append(t).append(" |"));
    md.append(" `ica` vs fastest CLI peer | API vs TransferManager |\n|---|");
    TOOLS.forEach(t -> md.append("---|"));
    md.append("---|---|\n");
    for (String w : TIMED_WORKLOADS) {
      md.append("| ").append(w).append(' ').append(WORKLOAD_LABELS.get(w)).append(" |");
      for (String t : TOOLS) {
        Cell c = cell(w, t);
        md.append(' ').append(c.measured() ? fmt(c.seconds().get().median()) : shortProblem(c)).append(" |");
      }
      md.append(' ').append(vsFastestCli(w)).append(" | ")
          .append(formatSpeedup(speedup(w, "ica-api", "aws-tm"))).append(" |\n");
    }
    md.append('\n');
  }

  private String vsFastestCli(String workload) {
    Optional<String> fastest = List.of("aws-cli", "rclone").stream()
        .filter(p -> cell(workload, p).measured())
        .min((a, b) -> Double.compare(cell(workload, a).seconds().get().median(),
            cell(workload, b).seconds().get().median()));
    return fastest.map(p -> formatSpeedup(speedup(workload, "ica", p)) + " (" + p + ")").orElse("-");
  }

  private void details(StringBuilder md) {
    md.append("### Details\n\n| workload | tool | median s | min-max s | throughput | peak RSS MiB | ica-sdk speed-up |\n")
        .append("|---|---|---|---|---|---|---|\n");
    for (String w : TIMED_WORKLOADS) {
      for (String t : TOOLS) {
        Cell c = cell(w, t);
        md.append("| ").append(w).append(" | ").append(TOOL_LABELS.get(t)).append(" | ");
        if (c.seconds().isPresent()) {
          Stats s = c.seconds().get();
          long bytes = workloadBytes(w);
          md.append(fmt(s.median())).append(c.failed() > 0 ? " (" + c.problem() + ")" : "")
              .append(movedTooLittle(w, c)).append(" | ")
              .append(fmt(s.min())).append('-').append(fmt(s.max())).append(" | ")
              .append(bytes > 0 ? rate(bytes, s.median()) : "-").append(" | ")
              .append(c.peakRssKiB() > 0 ? Math.round(c.peakRssKiB() / 1024.0)
                  + ("VmHWM".equals(c.rssSource()) ? " (VmHWM)" : "") : "-").append(" | ");
        } else {
          md.append(c.problem()).append(" | - | - | - | ");
        }
        md.append(t.startsWith("ica") ? "-" : formatSpeedup(speedup(w, icaCounterpart(t), t))
            + " (" + icaCounterpart(t) + ")").append(" |\n");
      }
    }
    md.append("\nPeak RSS: `/usr/bin/time -v` maximum resident set size for processes; for the warm JVMs, "
        + "the JVM's own VmHWM, reset before each run through /proc/self/clear_refs, so it includes the heap "
        + "and buffers the warm JVM already held from the workload's earlier rounds (one warm JVM per tool and "
        + "workload).\n\n");
  }

  /** A warning when a tool reported moving less than the workload's bytes (e.g. it skipped files). */
  private String movedTooLittle(String workload, Cell c) {
    long expected = "W5".equals(workload) ? 0 : workloadBytes(workload);
    if (c.minBytesMoved() < 0 || expected <= 0 || c.minBytesMoved() >= expected * 0.99) {
      return "";
    }
    return " (warning: a run moved only " + size(c.minBytesMoved()) + " of " + size(expected) + ")";
  }

  private void resume(StringBuilder md) {
    md.append("### W6: ").append(WORKLOAD_LABELS.get("W6")).append("\n\n");
    if (resumes.isEmpty()) {
      md.append(Optional.ofNullable(notAvailable.get(key("W6", "ica"))).map(r -> "n/a: " + r).orElse("not run"))
          .append("\n\n");
      return;
    }
    md.append("Bytes counted on the wire by a relay in front of the S3 port (requests including headers). "
        + "Sent again = sent before the kill + sent by the rerun - file size.\n\n")
        .append("| tool | finished | sent before kill | sent by rerun | sent again | target: parts in flight x part size |\n")
        .append("|---|---|---|---|---|---|\n");
    for (JsonNode r : resumes) {
      long file = r.path("fileBytes").asLong();
      long before = r.path("bytesBeforeKill").asLong();
      long rerun = r.path("bytesRerun").asLong();
      long again = Math.max(0, before + rerun - file);
      long limit = r.path("partBytes").asLong(0) * r.path("partsInFlight").asLong(0);
      md.append("| ").append(TOOL_LABELS.getOrDefault(r.path("tool").asText(), r.path("tool").asText()))
          .append(" | ").append(r.path("ok").asBoolean() ? "yes" : "no: " + r.path("note").asText())
          .append(" | ").append(size(before)).append(" | ").append(size(rerun)).append(" | ").append(size(again))
          .append(" | ").append(limit > 0 ? size(limit) + (again <= limit ? " (met)" : " (missed)") : "-")
          .append(" |\n");
    }
    md.append('\n');
  }

  private void credentialRotation(StringBuilder md) {
    md.append("### W7 vs W1 (same tool, credentials expiring every 20 s)\n\n| tool | W1 median s | W7 median s | W7 / W1 |\n|---|---|---|---|\n");
    for (String t : TOOLS) {
      Cell w1 = cell("W1", t);
      Cell w7 = cell("W7", t);
      md.append("| ").append(TOOL_LABELS.get(t)).append(" | ")
          .append(w1.measured() ? fmt(w1.seconds().get().median()) : shortProblem(w1)).append(" | ")
          .append(w7.measured() ? fmt(w7.seconds().get().median()) : w7.problem()).append(" | ")
          .append(w1.measured() && w7.measured()
              ? fmt(w7.seconds().get().median() / w1.seconds().get().median()) : "-")
          .append(" |\n");
    }
    md.append('\n');
  }

  private void targets(StringBuilder md) {
    md.append("### Targets (issue 7)\n\n| target | result |\n|---|---|\n");
    List<String> missed = new ArrayList<>();
    for (String w : TIMED_WORKLOADS) {
      for (String peer : List.of("aws-cli", "rclone", "aws-tm")) {
        OptionalDouble s = speedup(w, icaCounterpart(peer), peer);
        if (s.isEmpty()) {
          if (!notAvailable.containsKey(key(w, peer))) {
            missed.add(w + " " + icaCounterpart(peer) + " vs " + peer + ": not measured");
          }
        } else if (s.getAsDouble() < TARGET_SPEEDUP) {
          missed.add(w + " " + icaCounterpart(peer) + " vs " + peer + ": " + formatSpeedup(s));
        }
      }
    }
    md.append("| >= ").append(TARGET_SPEEDUP).append("x faster than every peer on W1-W5 (and W2c), W7 | ")
        .append(missed.isEmpty() ? "met" : "not met: " + String.join("; ", missed)).append(" |\n");
    List<String> heavy = new ArrayList<>();
    for (String w : TIMED_WORKLOADS) {
      for (String t : List.of("ica", "ica-api")) {
        Cell c = cell(w, t);
        if (c.peakRssKiB() > TARGET_RSS_KIB) {
          heavy.add(w + " " + t + ": " + Math.round(c.peakRssKiB() / 1024.0) + " MiB");
        }
      }
    }
    md.append("| ica-sdk peak RSS < 300 MiB | ").append(heavy.isEmpty() ? "met" : "not met: " + String.join("; ", heavy))
        .append(" |\n");
    String w6 = resumes.stream().filter(r -> "ica".equals(r.path("tool").asText())).findFirst().map(r -> {
      long again = Math.max(0, r.path("bytesBeforeKill").asLong() + r.path("bytesRerun").asLong()
          - r.path("fileBytes").asLong());
      long limit = r.path("partBytes").asLong(0) * r.path("partsInFlight").asLong(0);
      if (!r.path("ok").asBoolean()) {
        return "not met: the rerun did not finish (" + r.path("note").asText() + ")";
      }
      return limit <= 0 ? "sent again " + size(again) + " (limit unknown)"
          : (again <= limit ? "met: " : "not met: ") + size(again) + " vs " + size(limit);
    }).orElse("not measured");
    md.append("| W6 sends again at most parts in flight x part size | ").append(w6).append(" |\n\n");
  }

  private String shortProblem(Cell c) {
    if (c.problem().startsWith("n/a")) {
      return "n/a";
    }
    return c.problem().startsWith("failed") ? "failed" : "-";
  }

  static String formatSpeedup(OptionalDouble s) {
    return s.isPresent() ? String.format(Locale.ROOT, "%.2fx", s.getAsDouble()) : "-";
  }

  static String fmt(double seconds) {
    return String.format(Locale.ROOT, seconds < 10 ? "%.2f" : "%.1f", seconds);
  }

  static String rate(long bytes, double seconds) {
    return seconds <= 0 ? "-" : String.format(Locale.ROOT, "%.0f MiB/s", bytes / MIB / seconds);
  }

  static String size(long bytes) {
    if (bytes >= 1024L * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.2f GiB", bytes / (MIB * 1024));
    }
    if (bytes >= 1024L * 1024) {
      return String.format(Locale.ROOT, "%.1f MiB", bytes / MIB);
    }
    return bytes >= 1024 ? String.format(Locale.ROOT, "%.0f KiB", bytes / 1024.0) : bytes + " B";
  }

  private static String key(String workload, String tool) {
    return workload + "/" + tool;
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }

  /**
   * Replaces the text between {@code <!-- bench:begin -->} and {@code <!-- bench:end -->} in
   * {@code document} with {@code generated}, keeping everything hand-written around it; appends the
   * markers when they are missing.
   */
  static String splice(String document, String generated) {
    String begin = "<!-- bench:begin -->";
    String end = "<!-- bench:end -->";
    int b = document.indexOf(begin);
    int e = document.indexOf(end);
    String block = begin + "\n" + generated.strip() + "\n" + end;
    if (b < 0 || e < b) {
      return document.stripTrailing() + (document.isBlank() ? "" : "\n\n") + block + "\n";
    }
    return document.substring(0, b) + block + document.substring(e + end.length());
  }
}
