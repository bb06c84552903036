package io.icasdk.examples.cli;

import io.icasdk.testkit.IcaEmulator;
import java.time.Duration;
import picocli.CommandLine;

/** picocli converter for durations: 500ms, 90s, 15m, 36h, 2d, or ISO-8601 (PT15M). */
final class Durations implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return IcaEmulator.parseDuration(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
