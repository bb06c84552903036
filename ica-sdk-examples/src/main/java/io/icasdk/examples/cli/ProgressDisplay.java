package io.icasdk.examples.cli;

import io.icasdk.transfer.TransferProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Shows the progress of one transfer on stderr while the main thread waits for it: a live bar
 * redrawn in place on a terminal, a plain line every few seconds otherwise, nothing with -q.
 */
final class ProgressDisplay {
  private static final int BAR_WIDTH = 12;
  /** Fits an 80-column terminal: a longer line wraps, and every redraw would leave a line behind. */
  static final int MAX_LINE = 79;

  private final PrintWriter err;
  private final String label;
  private final IcaCli.ProgressMode mode;
  private final Duration interval;
  private int lastWidth;

  ProgressDisplay(PrintWriter err, String label, IcaCli.ProgressMode mode, Duration interval) {
    this.err = err;
    this.label = label;
    this.mode = mode;
    this.interval = interval;
  }

  /**
   * Waits for {@code completion}, rendering {@code progress} meanwhile.
   *
   * @return the result
   * @throws Exception what the future failed with (unwrapped by the caller's error handler)
   * @throws InterruptedException when the waiting thread is interrupted
   */
  <T> T await(CompletableFuture<T> completion, Supplier<TransferProgress> progress)
      throws InterruptedException, ExecutionException {
    while (true) {
      try {
        T result = completion.get(interval.toMillis(), TimeUnit.MILLISECONDS);
        finish(progress.get());
        return result;
      } catch (TimeoutException e) {
        render(progress.get());
      } catch (ExecutionException e) {
        finish(null);
        throw e;
      }
    }
  }

  private void render(TransferProgress p) {
    switch (mode) {
      case bar -> {
        String line = barLine(p);
        int pad = Math.max(0, lastWidth - line.length());
        err.print("\r" + line + " ".repeat(pad));
        lastWidth = line.length();
        err.flush();
      }
      case plain -> {
        err.println(plainLine(p));
        err.flush();
      }
      default -> {}
    }
  }

  private void finish(TransferProgress p) {
    if (mode == IcaCli.ProgressMode.bar && (lastWidth > 0 || p != null)) {
      if (p != null) {
        render(p);
      }
      err.println();
      err.flush();
    }
  }

  String barLine(TransferProgress p) {
    if (sizeUnknown(p)) {
      return fit(String.format(Locale.ROOT, "%s  %s  %s", label, Sizes.bytes(done(p)), Sizes.rate(p.bytesPerSecond())));
    }
    if (!p.totalsFinal()) { // a share of what was found so far would run ahead of the truth
      return fit(String.format(Locale.ROOT, "%s  %d/%d+ files %s/%s+ %s, still counting", label, p.filesDone(),
          p.filesTotal(), Sizes.bytes(done(p)), Sizes.bytes(p.bytesTotal()), Sizes.rate(p.bytesPerSecond())));
    }
    double fraction = fraction(p);
    int filled = (int) Math.round(fraction * BAR_WIDTH);
    String bar = "=".repeat(filled) + (filled < BAR_WIDTH ? ">" : "") + " ".repeat(Math.max(0, BAR_WIDTH - filled - 1));
    String figures = String.format(
        Locale.ROOT,
        "%3d%% %d/%d files %s/%s %s ETA %s",
        Math.round(fraction * 100),
        p.filesDone(),
        p.filesTotal(),
        Sizes.bytes(done(p)),
        Sizes.bytes(p.bytesTotal()),
        Sizes.rate(p.bytesPerSecond()),
        eta(p));
    String line = label + " [" + bar + "] " + figures;
    return line.length() <= MAX_LINE ? line : fit(label + " " + figures); // the figures matter more than the bar
  }

  private static String fit(String line) {
    return line.length() <= MAX_LINE ? line : line.substring(0, MAX_LINE);
  }

  String plainLine(TransferProgress p) {
    if (sizeUnknown(p)) {
      return String.format(Locale.ROOT, "%s: %s so far, %s", label, Sizes.bytes(done(p)),
          Sizes.rate(p.bytesPerSecond()));
    }
    if (!p.totalsFinal()) {
      return String.format(Locale.ROOT, "%s: %d/%d+ files%s, %s of %s+, %s, still counting", label,
          p.filesDone(), p.filesTotal(), p.filesFailed() > 0 ? " (" + p.filesFailed() + " failed)" : "",
          Sizes.bytes(done(p)), Sizes.bytes(p.bytesTotal()), Sizes.rate(p.bytesPerSecond()));
    }
    return String.format(
        Locale.ROOT,
        "%s: %d%%, %d/%d files%s, %s of %s, %s, ETA %s",
        label,
        Math.round(fraction(p) * 100),
        p.filesDone(),
        p.filesTotal(),
        p.filesFailed() > 0 ? " (" + p.filesFailed() + " failed)" : "",
        Sizes.bytes(done(p)),
        Sizes.bytes(p.bytesTotal()),
        Sizes.rate(p.bytesPerSecond()),
        eta(p));
  }

  /** The ETA, or "--" while unknown or meaningless (over 4 days: the rate has not settled yet). */
  private static String eta(TransferProgress p) {
    return p.eta().filter(d -> d.toHours() < 100).map(Sizes::duration).orElse("--");
  }

  /** Bytes done, including what an earlier interrupted run had sent (the engine counts those in). */
  private static long done(TransferProgress p) {
    return p.bytesTransferred();
  }

  /**
   * Whether the transfer's size is unknown (a stream): no bytes announced, yet bytes moved or a file
   * under way.
   */
  private static boolean sizeUnknown(TransferProgress p) {
    return p.bytesTotal() == 0 && (done(p) > 0 || p.filesTotal() > p.filesDone());
  }

  private static double fraction(TransferProgress p) {
    if (p.bytesTotal() > 0) {
      return Math.min(1.0, (double) done(p) / p.bytesTotal());
    }
    return p.filesTotal() > 0 ? Math.min(1.0, (double) p.filesDone() / p.filesTotal()) : 0;
  }
}
