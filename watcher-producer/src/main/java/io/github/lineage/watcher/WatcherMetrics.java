package io.github.lineage.watcher;

import io.github.lineage.core.kafka.DeadLetterReason;
import io.github.lineage.core.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * The watcher's counters (docs/design.md §7), registered up front so dashboards see zeros, not
 * gaps.
 */
final class WatcherMetrics {

  private final Counter processed;
  private final Counter deduplicated;
  private final Map<DeadLetterReason, Counter> failed = new EnumMap<>(DeadLetterReason.class);
  private final Map<SkipReason, Counter> skipped = new EnumMap<>(SkipReason.class);
  private final Counter rescans;

  WatcherMetrics(MeterRegistry registry) {
    this.processed =
        Counter.builder(MetricNames.FILES_PROCESSED)
            .description("Change events published by the watcher (upserts and deletes)")
            .tag(MetricNames.TAG_STAGE, MetricNames.STAGE_WATCHER)
            .register(registry);
    this.deduplicated =
        Counter.builder(MetricNames.EVENTS_DEDUPLICATED)
            .description("Files seen again with the content last published, not republished")
            .tag(MetricNames.TAG_STAGE, MetricNames.STAGE_WATCHER)
            .register(registry);
    for (DeadLetterReason reason : DeadLetterReason.values()) {
      failed.put(
          reason,
          Counter.builder(MetricNames.FILES_FAILED)
              .description("Files dead-lettered by the watcher")
              .tag(MetricNames.TAG_STAGE, MetricNames.STAGE_WATCHER)
              .tag(MetricNames.TAG_REASON, reason.code())
              .register(registry));
    }
    for (SkipReason reason : SkipReason.values()) {
      skipped.put(
          reason,
          Counter.builder(MetricNames.FILES_SKIPPED)
              .description(
                  "Paths the watcher did not read because of a symlink (counted once per path)")
              .tag(MetricNames.TAG_STAGE, MetricNames.STAGE_WATCHER)
              .tag(MetricNames.TAG_REASON, reason.code())
              .register(registry));
    }
    this.rescans =
        Counter.builder(MetricNames.WATCHER_RESCANS)
            .description(
                "Full rescans of the watched root after the start-up scan (periodic, overflow, errors)")
            .register(registry);
  }

  void published() {
    processed.increment();
  }

  void unchanged() {
    deduplicated.increment();
  }

  void rejected(DeadLetterReason reason) {
    failed.get(reason).increment();
  }

  void skipped(SkipReason reason) {
    skipped.get(reason).increment();
  }

  void rescanned() {
    rescans.increment();
  }
}
