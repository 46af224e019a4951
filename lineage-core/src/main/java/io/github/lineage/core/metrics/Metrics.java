package io.github.lineage.core.metrics;

import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.Flags;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** Builds the process-wide Prometheus registry with the JVM binders. */
public final class Metrics {

  private Metrics() {}

  public static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return registry;
  }

  /**
   * The registry the stages record into: the process registry while {@code lineage.metrics} is on
   * for this instance, else a registry with no backend (meters are no-ops, nothing is collected).
   * {@code /metrics} keeps serving the JVM and flag gauges either way, so an operator still sees
   * that the flag is off. Evaluated at start: switching metrics back on takes a restart.
   */
  public static MeterRegistry forStages(Flags flags, MeterRegistry processRegistry) {
    return flags.isEnabled(Flag.METRICS) ? processRegistry : new CompositeMeterRegistry();
  }
}
