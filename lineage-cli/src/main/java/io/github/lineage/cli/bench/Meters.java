package io.github.lineage.cli.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Reads the pipeline's own meters (core.metrics.MetricNames) from a run's registry. */
final class Meters {

  private Meters() {}

  /** Sum of every counter named {@code name}, whatever its tags. */
  static double count(MeterRegistry registry, String name) {
    return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  /** Sum of the counters named {@code name} with tag {@code key=value}. */
  static double count(MeterRegistry registry, String name, String key, String value) {
    return registry.find(name).tag(key, value).counters().stream().mapToDouble(Counter::count).sum();
  }
}
