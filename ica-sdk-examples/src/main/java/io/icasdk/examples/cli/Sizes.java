package io.icasdk.examples.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Parses and prints byte sizes, rates and durations for humans. */
final class Sizes {
  private static final Pattern SIZE =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(i?b?)", Pattern.CASE_INSENSITIVE);
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

  private Sizes() {}

  /** "16MiB", "16M", "16mb", "1.5G", "1048576" -> bytes (binary multiples throughout). */
  static long parse(String text) {
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a size; write e.g. 16MiB, 64M or 1048576");
    }
    double number = Double.parseDouble(m.group(1));
    String unit = m.group(2).toLowerCase(Locale.ROOT);
    int power = unit.isEmpty() ? 0 : "kmgt".indexOf(unit) + 1;
    return (long) (number * Math.pow(1024, power));
  }

  static String bytes(long bytes) {
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }

  static String rate(double bytesPerSecond) {
    return bytes((long) bytesPerSecond) + "/s";
  }

  static String duration(Duration d) {
    long seconds = d.toSeconds();
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
  }

  /** picocli converter for size options. */
  static final class Converter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      long parsed;
      try {
        parsed = parse(value);
      } catch (IllegalArgumentException e) { // picocli would add "cannot convert ... to Long (java.lang...)"
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
      if (parsed <= 0) {
        throw new CommandLine.TypeConversionException("a size must be positive, got '" + value + "'");
      }
      return parsed;
    }
  }
}
