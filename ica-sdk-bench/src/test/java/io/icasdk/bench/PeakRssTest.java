package io.icasdk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PeakRssTest {

  @Test
  void parseVmHwm_readsTheKibValue() {
    String status = "Name:\tjava\nVmPeak:\t 9000 kB\nVmHWM:\t  123456 kB\nVmRSS:\t 100000 kB\n";

    assertThat(PeakRss.parseVmHwm(status)).isEqualTo(OptionalLong.of(123456));
  }

  @Test
  void parseVmHwm_missingLine_isEmpty() {
    assertThat(PeakRss.parseVmHwm("Name:\tjava\n")).isEmpty();
  }

  @Test
  void peakKib_onLinux_growsWithTouchedMemory() {
    if (PeakRss.peakKib().isEmpty()) {
      return; // not Linux: nothing to measure
    }
    PeakRss.reset();
    long before = PeakRss.peakKib().getAsLong();
    byte[] block = new byte[64 * 1024 * 1024];
    for (int i = 0; i < block.length; i += 4096) {
      block[i] = 1;
    }

    assertThat(PeakRss.peakKib().getAsLong()).isGreaterThan(before + 32 * 1024);
    assertThat(block[4096]).isEqualTo((byte) 1);
  }
}
