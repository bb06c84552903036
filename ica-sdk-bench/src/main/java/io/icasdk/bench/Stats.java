package io.icasdk.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Median and range of repeated wall-time measurements.
 *
 * <p>{@code Stats s = Stats.of(List.of(3.0, 1.0, 2.0)); s.median(); // 2.0}
 *
 * @param median the median (mean of the two middle values for an even count)
 * @param min the smallest value
 * @param max the largest value
 * @param count how many values were summarised
 */
record Stats(double median, double min, double max, int count) {

  /**
   * Summarises {@code values}.
   *
   * @throws IllegalArgumentException when {@code values} is empty
   */
  static Stats of(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values to summarise");
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    return new Stats(median, sorted.get(0), sorted.get(n - 1), n);
  }
}
