package io.icasdk.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void of_oddCount_takesTheMiddleValueAndTheRange() {
    Stats s = Stats.of(List.of(5.0, 1.0, 3.0));

    assertThat(s).isEqualTo(new Stats(3.0, 1.0, 5.0, 3));
  }

  @Test
  void of_evenCount_averagesTheTwoMiddleValues() {
    assertThat(Stats.of(List.of(4.0, 1.0, 2.0, 10.0)).median()).isEqualTo(3.0);
  }

  @Test
  void of_empty_isRefused() {
    assertThatThrownBy(() -> Stats.of(List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no values");
  }
}
