package io.github.lineage.core.flags;

import io.github.lineage.core.metrics.MetricNames;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Gauges {@code feature_flag_enabled{flag="lineage.parse-cache"}}: 1 when the flag is on for this
 * instance (a per-file flag: on for some files, i.e. rollout above 0 %), else 0. Read at every
 * scrape, so a change in Unleash shows on the dashboard within one fetch interval.
 */
public final class FlagMetrics {

  private FlagMetrics() {}

  public static void bind(Flags flags, MeterRegistry registry) {
    for (Flag flag : Flag.values()) {
      Gauge.builder(
              MetricNames.FEATURE_FLAG_ENABLED, flags, f -> f.state(flag).enabled() ? 1.0 : 0.0)
          .tag(MetricNames.TAG_FLAG, flag.toggleName())
          .description(
              "1 when the feature flag is on for this instance (per-file flags: for some files)")
          .strongReference(true)
          .register(registry);
    }
    FunctionCounter.builder(MetricNames.FEATURE_FLAG_FETCH_FAILURES, flags, Flags::fetchFailures)
        .description(
            "failed fetches of the feature flags from Unleash (flags stay at their last known state)")
        .register(registry);
  }
}
