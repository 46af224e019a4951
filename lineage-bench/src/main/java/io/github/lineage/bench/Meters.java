package io.github.lineage.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.function.DoubleSupplier;

/** Reads the pipeline's own meters (core.metrics.MetricNames) from a run's registry. */
final class Meters {

  private Meters() {}

  /** Sum of every counter named {@code name}, whatever its tags. */
  static double count(MeterRegistry registry, String name) {
    return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  /** Sum of the counters named {@code name} with tag {@code key=value}. */
  static double count(MeterRegistry registry, String name, String key, String value) {
    return registry.find(name).tag(key, value).counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  /**
   * A reader of {@link #count(MeterRegistry, String, String, String)} for polling: the counters are
   * looked up until they exist, then read directly (a registry search on every poll cost the bench
   * a few percent of the CPU it measures).
   */
  static DoubleSupplier counting(MeterRegistry registry, String name, String key, String value) {
    return new DoubleSupplier() {
      private Collection<Counter> found = List.of();

      @Override
      public double getAsDouble() {
        if (found.isEmpty()) {
          found = registry.find(name).tag(key, value).counters();
        }
        return found.stream().mapToDouble(Counter::count).sum();
      }
    };
  }
}
