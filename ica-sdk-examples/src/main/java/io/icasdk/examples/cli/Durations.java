package io.icasdk.examples.cli;

import io.icasdk.testkit.IcaEmulator;
import java.time.Duration;
import picocli.CommandLine;

/**
 * picocli converter for lifetimes: 500ms, 90s, 15m, 36h, 2d, or ISO-8601 (PT15M); positive only, refused here
 * as a usage error in the tool's words (the emulator's builder would say "credentialTtl must be positive").
 */
final class Durations implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    Duration parsed;
    try {
      parsed = IcaEmulator.parseDuration(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
    if (parsed.isNegative() || parsed.isZero()) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a positive duration: use e.g. 30s, 15m, 36h, 2d or PT30S");
    }
    return parsed;
  }
}
