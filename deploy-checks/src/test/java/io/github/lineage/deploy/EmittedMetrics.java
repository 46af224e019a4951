package io.github.lineage.deploy;

import static io.github.lineage.core.metrics.MetricNames.*;

import io.github.lineage.core.flags.FlagMetrics;
import io.github.lineage.core.flags.StaticFlags;
import io.github.lineage.core.metrics.MetricNames;
import io.github.lineage.core.metrics.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * The Prometheus series names the project really emits: one meter per {@link MetricNames} name,
 * registered the way the stages register it (counters, gauges, timers and summaries with percentile
 * histograms), on the process registry of {@link Metrics#newRegistry()} (JVM binders included),
 * then scraped. Dashboards and alerts are checked against this set, so renaming a metric in the
 * code breaks the check instead of silently emptying a panel.
 */
final class EmittedMetrics {

  /** Series Prometheus itself adds to every scrape. */
  static final Set<String> SCRAPE_SERIES =
      Set.of(
          "up",
          "scrape_duration_seconds",
          "scrape_samples_scraped",
          "scrape_samples_post_metric_relabeling",
          "scrape_series_added");

  /** How each metric of MetricNames is registered by the stage that owns it. */
  static final Map<String, BiConsumer<String, MeterRegistry>> REGISTRATIONS = registrations();

  private static final Set<String> NAMES = scrapeNames();

  private EmittedMetrics() {}

  /**
   * Every series name in a scrape: {@code files_processed_total}, {@code batch_size_bucket}, {@code
   * jvm_memory_used_bytes}...
   */
  static Set<String> names() {
    return NAMES;
  }

  static boolean isEmitted(String seriesName) {
    return NAMES.contains(seriesName) || SCRAPE_SERIES.contains(seriesName);
  }

  /** The metric-name constants of MetricNames (tag names and tag values excluded). */
  static Set<String> metricNameConstants() {
    Set<String> names = new TreeSet<>();
    for (Field field : MetricNames.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers())
          && field.getType() == String.class
          && !field.getName().startsWith("TAG_")
          && !isStageTagValue(field.getName())) {
        try {
          names.add((String) field.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return names;
  }

  /**
   * STAGE_WATCHER, STAGE_PARSER, STAGE_SINK are values of the stage tag (STAGE_RUNNING is a
   * metric).
   */
  private static boolean isStageTagValue(String field) {
    return field.equals("STAGE_WATCHER")
        || field.equals("STAGE_PARSER")
        || field.equals("STAGE_SINK");
  }

  private static Map<String, BiConsumer<String, MeterRegistry>> registrations() {
    Map<String, BiConsumer<String, MeterRegistry>> r = new LinkedHashMap<>();
    r.put(
        FILES_PROCESSED,
        (name, reg) ->
            perStage(
                stage -> Counter.builder(name).tag(TAG_STAGE, stage).register(reg).increment()));
    r.put(
        FILES_FAILED,
        (name, reg) ->
            perStage(
                stage ->
                    Counter.builder(name)
                        .tag(TAG_STAGE, stage)
                        .tag(TAG_REASON, "parse")
                        .register(reg)
                        .increment()));
    r.put(PARSE_CACHE_HIT, EmittedMetrics::counter);
    r.put(PARSE_CACHE_MISS, EmittedMetrics::counter);
    r.put(
        EVENTS_DEDUPLICATED,
        (name, reg) ->
            perStage(
                stage -> Counter.builder(name).tag(TAG_STAGE, stage).register(reg).increment()));
    r.put(
        BATCH_SIZE,
        (name, reg) ->
            DistributionSummary.builder(name)
                .publishPercentileHistogram()
                .register(reg)
                .record(10));
    r.put(
        BATCH_PROCESSING_DURATION,
        (name, reg) ->
            perStage(
                stage ->
                    Timer.builder(name)
                        .tag(TAG_STAGE, stage)
                        .publishPercentileHistogram()
                        .register(reg)
                        .record(Duration.ofMillis(5))));
    r.put(NEO4J_BATCH_WRITES, EmittedMetrics::counter);
    r.put(NEO4J_BATCH_ROWS, EmittedMetrics::counter);
    r.put(NEO4J_BATCH_RETRIES, EmittedMetrics::counter);
    r.put(NEO4J_BATCH_FENCED, EmittedMetrics::counter);
    r.put(SINK_RECONCILE_REMOVED, EmittedMetrics::counter);
    r.put(
        FILES_SKIPPED,
        (name, reg) ->
            Counter.builder(name)
                .tag(TAG_STAGE, STAGE_WATCHER)
                .tag(TAG_REASON, "symlink_outside_root")
                .register(reg)
                .increment());
    r.put(WATCHER_RESCANS, EmittedMetrics::counter);
    r.put(
        PARSE_CACHE_EVICTIONS,
        (name, reg) -> Counter.builder(name).tag(TAG_REASON, "ttl").register(reg).increment());
    r.put(PARSE_CACHE_ENTRIES, (name, reg) -> Gauge.builder(name, () -> 0).register(reg));
    r.put(NEO4J_BATCH_DURATION, EmittedMetrics::histogramTimer);
    r.put(
        ACTIVE_WORKERS,
        (name, reg) ->
            perStage(stage -> Gauge.builder(name, () -> 1).tag(TAG_STAGE, stage).register(reg)));
    r.put(
        QUEUE_SIZE,
        (name, reg) ->
            perStage(stage -> Gauge.builder(name, () -> 0).tag(TAG_STAGE, stage).register(reg)));
    // The real binder of the flag gauges, one per flag.
    r.put(FEATURE_FLAG_ENABLED, (name, reg) -> FlagMetrics.bind(StaticFlags.allOn(), reg));
    r.put(CHANGE_TO_GRAPH_LATENCY, EmittedMetrics::histogramTimer);
    r.put(
        FEATURE_FLAG_FETCH_FAILURES,
        (name, reg) -> {}); // registered by FlagMetrics.bind with the flag gauges
    r.put(
        STAGE_RUNNING,
        (name, reg) ->
            perStage(stage -> Gauge.builder(name, () -> 1).tag(TAG_STAGE, stage).register(reg)));
    r.put(
        STATEMENTS_FAILED,
        (name, reg) -> Counter.builder(name).tag(TAG_KIND, "insert").register(reg).increment());
    r.put(
        OPENLINEAGE_EVENTS,
        (name, reg) -> Counter.builder(name).tag(TAG_OUTCOME, "sent").register(reg).increment());
    // The guard's meters, tagged as Guard and GuardSignals tag them.
    r.put(
        FLAG_ROLLBACKS,
        (name, reg) ->
            Counter.builder(name)
                .tag(TAG_FLAG, "lineage.parse-cache")
                .tag(TAG_RULE, "r")
                .register(reg)
                .increment());
    r.put(
        FLAG_ROLLBACK_TIMESTAMP,
        (name, reg) ->
            Gauge.builder(name, () -> 1)
                .tag(TAG_FLAG, "lineage.parse-cache")
                .tag(TAG_RULE, "r")
                .register(reg));
    r.put(
        GUARD_COHORT_FILES,
        (name, reg) ->
            Counter.builder(name)
                .tag(TAG_FLAG, "lineage.parse-cache")
                .tag(TAG_COHORT, "on")
                .tag(TAG_OUTCOME, "processed")
                .register(reg)
                .increment());
    r.put(
        GUARD_LINEAGE_CHECKS,
        (name, reg) ->
            Counter.builder(name)
                .tag(TAG_FLAG, "lineage.parse-cache")
                .tag(TAG_COHORT, "on")
                .tag(TAG_RESULT, "match")
                .register(reg)
                .increment());
    r.put(
        GUARD_COHORT_LATENCY,
        (name, reg) ->
            Timer.builder(name)
                .tag(TAG_FLAG, "lineage.parse-cache")
                .tag(TAG_COHORT, "on")
                .publishPercentileHistogram()
                .register(reg)
                .record(Duration.ofMillis(5)));
    return r;
  }

  private static void perStage(java.util.function.Consumer<String> register) {
    for (String stage : new String[] {STAGE_WATCHER, STAGE_PARSER, STAGE_SINK}) {
      register.accept(stage);
    }
  }

  private static void counter(String name, MeterRegistry registry) {
    Counter.builder(name).register(registry).increment();
  }

  private static void histogramTimer(String name, MeterRegistry registry) {
    Timer.builder(name)
        .publishPercentileHistogram()
        .register(registry)
        .record(Duration.ofMillis(5));
  }

  private static Set<String> scrapeNames() {
    PrometheusMeterRegistry registry = Metrics.newRegistry();
    try {
      for (String name : metricNameConstants()) {
        BiConsumer<String, MeterRegistry> registration = REGISTRATIONS.get(name);
        if (registration != null) {
          registration.accept(name, registry);
        }
      }
      Set<String> names = new TreeSet<>();
      for (String line : registry.scrape().split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int end = 0;
        while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
          end++;
        }
        names.add(line.substring(0, end));
      }
      return names;
    } finally {
      registry.close();
    }
  }
}
