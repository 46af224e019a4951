package io.github.lineage.bench;

import java.util.Arrays;
import java.util.List;

/** Percentiles of a set of durations in milliseconds (nearest-rank). */
record Latencies(int count, double p50Ms, double p95Ms, double p99Ms, double maxMs) {

  static final Latencies NONE = new Latencies(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

  static Latencies of(List<Double> millis) {
    if (millis.isEmpty()) {
      return NONE;
    }
    double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return new Latencies(
        sorted.length,
        rank(sorted, 0.50),
        rank(sorted, 0.95),
        rank(sorted, 0.99),
        sorted[sorted.length - 1]);
  }

  static double rank(double[] sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  static double median(double... values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = Arrays.copyOf(values, values.length);
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
