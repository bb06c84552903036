package io.icasdk.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.icasdk.transfer.TransferProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {
  private static final TransferProgress HALF =
      new TransferProgress(10, 4, 1, 200L << 20, 100L << 20, 20L << 20, Duration.ofSeconds(10));

  private final StringWriter err = new StringWriter();

  private ProgressDisplay display(IcaCli.ProgressMode mode) {
    return new ProgressDisplay(new PrintWriter(err, true), "upload", mode, Duration.ofMillis(1));
  }

  @Test
  void plainLine_saysPercentFilesBytesRateAndEta() {
    String line = display(IcaCli.ProgressMode.plain).plainLine(HALF);
    assertThat(line).startsWith("upload: 50%, 4/10 files (1 failed), 100.0 MiB of 200.0 MiB, ")
        .contains("/s, ETA ");
  }

  @Test
  void barLine_drawsTheBar() {
    String line = display(IcaCli.ProgressMode.bar).barLine(HALF);
    assertThat(line).startsWith("upload [======>     ]  50% 4/10 files 100.0 MiB/200.0 MiB");
  }

  /** Under the test runner standard error is a pipe or a file: no bar redrawn into it. */
  @Test
  void auto_drawsTheBarOnlyWhenStandardErrorIsATerminal() {
    assertThat(IcaCli.stderrIsATerminal()).isFalse();
  }

  /** A line longer than the terminal wraps, and each redraw would leave one line behind. */
  @Test
  void barLine_fitsEightyColumns_droppingTheBarBeforeTheFigures() {
    TransferProgress big = new TransferProgress(20000, 10000, 0, 3000L << 30, 1500L << 30, 900L << 20,
        Duration.ofSeconds(10));
    String line = new ProgressDisplay(new PrintWriter(err, true), "download", IcaCli.ProgressMode.bar,
        Duration.ofMillis(1)).barLine(big);
    assertThat(line.length()).as(line).isLessThanOrEqualTo(79);
    assertThat(line).startsWith("download  50% 10000/20000 files").doesNotContain("[");
    assertThat(display(IcaCli.ProgressMode.bar).barLine(HALF).length()).isLessThanOrEqualTo(79);
  }

  /** A folder still being walked or listed: a share of what was found so far would read 99% early. */
  @Test
  void totalsStillGrowing_showNoPercentNorEta_butWhatWasFoundSoFar() {
    TransferProgress counting = new TransferProgress(10, 4, 1, 200L << 20, 100L << 20, 20L << 20,
        Duration.ofSeconds(10), false);
    assertThat(display(IcaCli.ProgressMode.plain).plainLine(counting))
        .isEqualTo("upload: 4/10+ files (1 failed), 100.0 MiB of 200.0 MiB+, 8.0 MiB/s, still counting");
    assertThat(display(IcaCli.ProgressMode.bar).barLine(counting))
        .isEqualTo("upload  4/10+ files 100.0 MiB/200.0 MiB+ 8.0 MiB/s, still counting");
    assertThat(counting.eta()).isEmpty();
    assertThat(HALF.eta()).isPresent();
  }

  @Test
  void aStreamOfUnknownSize_showsBytesSoFar_withoutPercentOrEta() {
    TransferProgress stream = new TransferProgress(1, 0, 0, 0, 30L << 20, 0, Duration.ofSeconds(10));
    assertThat(display(IcaCli.ProgressMode.plain).plainLine(stream)).isEqualTo("upload: 30.0 MiB so far, 3.0 MiB/s");
    assertThat(display(IcaCli.ProgressMode.bar).barLine(stream)).isEqualTo("upload  30.0 MiB  3.0 MiB/s");
    TransferProgress notStarted = new TransferProgress(1, 0, 0, 0, 0, 0, Duration.ofSeconds(1));
    assertThat(display(IcaCli.ProgressMode.plain).plainLine(notStarted)).startsWith("upload: 0 B so far");
    TransferProgress emptyFilesDone = new TransferProgress(2, 2, 0, 0, 0, 0, Duration.ofSeconds(1));
    assertThat(display(IcaCli.ProgressMode.plain).plainLine(emptyFilesDone)).startsWith("upload: 100%, 2/2 files");
  }

  @Test
  void plainMode_printsOneLinePerInterval_untilDone() throws Exception {
    CompletableFuture<String> done = new CompletableFuture<>();
    AtomicInteger polls = new AtomicInteger();
    Supplier<TransferProgress> progress = () -> {
      if (polls.incrementAndGet() == 3) {
        done.complete("result");
      }
      return HALF;
    };
    assertThat(display(IcaCli.ProgressMode.plain).await(done, progress)).isEqualTo("result");
    assertThat(err.toString().lines()).hasSizeGreaterThanOrEqualTo(2).allMatch(l -> l.startsWith("upload: 50%"));
    assertThat(err.toString()).doesNotContain("\r");
  }

  @Test
  void barMode_redrawsInPlace_andEndsTheLine() throws Exception {
    CompletableFuture<String> done = new CompletableFuture<>();
    AtomicInteger polls = new AtomicInteger();
    display(IcaCli.ProgressMode.bar).await(done, () -> {
      if (polls.incrementAndGet() == 2) {
        done.complete("ok");
      }
      return HALF;
    });
    assertThat(err.toString()).startsWith("\rupload [").endsWith("\n").contains("50%");
  }

  @Test
  void noneMode_printsNothing() throws Exception {
    CompletableFuture<String> done = CompletableFuture.completedFuture("ok");
    display(IcaCli.ProgressMode.none).await(done, () -> HALF);
    assertThat(err.toString()).isEmpty();
  }
}
