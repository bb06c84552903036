package io.icasdk.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SkipReportTest {
  private static List<String> print(List<Map.Entry<String, String>> skipped) {
    StringWriter text = new StringWriter();
    try (PrintWriter out = new PrintWriter(text)) {
      SkipReport.print(out, skipped, Map.Entry::getKey, Map.Entry::getValue);
    }
    return text.toString().lines().toList();
  }

  @Test
  void oneLinePerReason_inTheOrderMet_withItsFirstPaths_andTheRestCounted() {
    List<Map.Entry<String, String>> skipped = new ArrayList<>();
    skipped.add(Map.entry("/r/link", "broken symbolic link"));
    for (int i = 1; i <= 5; i++) {
      skipped.add(Map.entry("/r/f" + i + ".txt", "It exists in ICA"));
    }
    skipped.add(Map.entry("/r/pipe", "not a regular\nfile"));
    assertThat(print(skipped)).containsExactly(
        "  skipped /r/link: broken symbolic link",
        "  skipped /r/f1.txt, /r/f2.txt, /r/f3.txt and 2 more: It exists in ICA",
        "  skipped /r/pipe: not a regular file");
  }

  @Test
  void controlCharactersInPaths_areShownEscaped() {
    assertThat(print(List.of(Map.entry("run/new\nline\u001b[2J.txt", "symbolic link (followSymlinks is off)"))))
        .containsExactly("  skipped run/new\\nline\\x1b[2J.txt: symbolic link (--follow-symlinks is off)");
  }

  @Test
  void nothingSkipped_printsNothing() {
    assertThat(print(List.of())).isEmpty();
  }
}
