package io.icasdk.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * This process's peak resident set size on Linux: {@code VmHWM} from {@code /proc/self/status}, reset
 * before each measured operation by writing {@code 5} to {@code /proc/self/clear_refs} (the kernel then
 * restarts the high-water mark from the current RSS). The peak therefore includes whatever the warm JVM
 * already held (heap grown by earlier runs, loaded classes, the CRT's buffers): that is the honest cost
 * of a warm JVM, and it is what the report says.
 *
 * <p>{@code PeakRss.reset(); work(); long kib = PeakRss.peakKib().orElse(-1);}
 *
 * <p>Thread-safe (the kernel does the bookkeeping).
 */
final class PeakRss {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private PeakRss() {}

  /** Restarts the high-water mark; returns false where the kernel does not allow it. Never throws. */
  static boolean reset() {
    try {
      Files.writeString(CLEAR_REFS, "5", StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
      return true;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  /** The peak RSS in KiB since start or the last {@link #reset()}; empty off Linux. Never throws. */
  static OptionalLong peakKib() {
    try {
      return parseVmHwm(Files.readString(STATUS, StandardCharsets.US_ASCII));
    } catch (IOException | SecurityException e) {
      return OptionalLong.empty();
    }
  }

  static OptionalLong parseVmHwm(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmHWM:")) {
        String digits = line.substring("VmHWM:".length()).replace("kB", "").trim();
        return OptionalLong.of(Long.parseLong(digits));
      }
    }
    return OptionalLong.empty();
  }
}
