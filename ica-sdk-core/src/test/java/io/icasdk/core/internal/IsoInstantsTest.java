package io.icasdk.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {

  /** What the parsing did before IsoInstants, and still does for any shape it does not read itself. */
  private static Instant jdk(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  @Test
  void icaTimestamps_areRead_withoutTheJdkParsers() {
    assertThat(IsoInstants.plain("2025-01-30T08:30:00Z")).isEqualTo(Instant.parse("2025-01-30T08:30:00Z"));
    assertThat(IsoInstants.plain("2024-02-29T23:59:59.123Z"))
        .isEqualTo(Instant.parse("2024-02-29T23:59:59.123Z"));
    assertThat(IsoInstants.plain("2025-01-30T08:30:00.5+01:30"))
        .isEqualTo(Instant.parse("2025-01-30T07:00:00.5Z"));
    assertThat(IsoInstants.plain("1970-01-01T00:00:00.000000001-18:00"))
        .isEqualTo(Instant.ofEpochSecond(18 * 3600, 1));
  }

  @Test
  void randomInstants_inEveryShapeIcaWrites_matchTheJdk() {
    Random random = new Random(42);
    List<DateTimeFormatter> shapes = List.of(DateTimeFormatter.ISO_OFFSET_DATE_TIME,
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX"),
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX"),
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX"));
    for (int i = 0; i < 20_000; i++) {
      long seconds = random.nextLong(-62_135_596_800L, 253_402_300_799L); // years 0001-9999
      Instant instant = Instant.ofEpochSecond(seconds, random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
      ZoneOffset offset = random.nextBoolean() ? ZoneOffset.UTC
          : ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 60, 18 * 60 + 1) * 60);
      String text = shapes.get(random.nextInt(shapes.size())).format(instant.atOffset(offset));
      if (text.startsWith("+") || text.startsWith("-")) {
        continue; // years outside 0000-9999 are written with a sign: the JDK's to read
      }
      assertThat(IsoInstants.plain(text)).as(text).isNotNull().isEqualTo(jdk(text));
    }
  }

  @Test
  void otherShapes_andInvalidText_getWhatTheJdkGives() {
    List<String> texts = List.of("2025-02-29T00:00:00Z", "2024-02-30T00:00:00Z", "2025-13-01T00:00:00Z",
        "2025-01-01T24:00:00Z", "2025-01-01T23:60:00Z", "2016-12-31T23:59:60Z", "2025-01-01t00:00:00z",
        "2025-01-01T00:00Z", "2025-01-01T00:00:00", "2025-01-01T00:00:00+0100", "2025-01-01T00:00:00+01:00:30",
        "2025-01-01T00:00:00+19:00", "2025-01-01T00:00:00.Z", "2025-01-01T00:00:00.1234567890Z",
        "2025-01-01T00:00:00.12a Z", "+12025-01-01T00:00:00Z", "2025-01-01 00:00:00Z", "not a date",
        "2025-01-01T00:00:00ZZ", "202a-01-01T00:00:00Z", "", "  ");
    for (String text : texts) {
      assertThat(IsoInstants.parse(text)).as(text).isEqualTo(jdk(text));
    }
    assertThat(IsoInstants.parse(null)).isNull();
  }
}
