package io.github.lineage.core.guard;

import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.Flags;
import io.github.lineage.core.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What the stages tell the guard, per file: processed, failed, a lineage check and its result, a
 * change-to-graph latency; and where to read consumer lag. Each per-file signal is tagged with the
 * file's cohort of every per-file flag (on or off for that file — the rollout is sticky per file,
 * so the two cohorts are stable groups to compare) and also exported as {@code
 * guard_cohort_files_total{flag,cohort,outcome}} and {@code
 * guard_lineage_checks_total{flag,cohort,result}} for the dashboard.
 */
public final class GuardSignals {

  public static final String COHORT_FILES = MetricNames.GUARD_COHORT_FILES;

  /** The outcome tag values of {@link #COHORT_FILES}. */
  private static final String[] OUTCOMES = {"processed", "failed"};

  public static final String LINEAGE_CHECKS = MetricNames.GUARD_LINEAGE_CHECKS;
  public static final String TAG_COHORT = MetricNames.TAG_COHORT;
  public static final String TAG_OUTCOME = MetricNames.TAG_OUTCOME;
  public static final String TAG_RESULT = MetricNames.TAG_RESULT;

  private static final int MAX_LATENCY_SAMPLES = 100_000;

  private final Flags flags;
  private final Clock clock;
  private final long retentionMillis;
  private final Map<Flag, WindowedCounts[]> cohorts = new EnumMap<>(Flag.class);
  private final WindowedCounts everyFile;
  private final Deque<long[]> latencies = new ArrayDeque<>();
  private final Map<String, LongSupplier> lagSources = new ConcurrentHashMap<>();
  private final MeterRegistry registry;

  /**
   * @param flags the effective flags (guard overrides included), to tell a file's cohort
   * @param retention the longest window a rule looks at
   */
  public GuardSignals(Flags flags, Clock clock, Duration retention, MeterRegistry registry) {
    this.flags = flags;
    this.clock = clock;
    this.retentionMillis = retention.toMillis();
    this.registry = registry;
    for (Flag flag : Flag.values()) {
      if (flag.stickiness() == Flag.Stickiness.FILE) {
        cohorts.put(
            flag,
            new WindowedCounts[] {
              new WindowedCounts(retentionMillis), new WindowedCounts(retentionMillis)
            });
      }
    }
    everyFile = new WindowedCounts(retentionMillis);
    // At 0 from the start: a cohort's failure rate is then 0, not "no data", while nothing fails.
    for (Flag flag : cohorts.keySet()) {
      for (boolean on : new boolean[] {false, true}) {
        for (String outcome : OUTCOMES) {
          cohortFiles(flag, on, outcome);
        }
      }
    }
  }

  private Counter cohortFiles(Flag flag, boolean on, String outcome) {
    return Counter.builder(COHORT_FILES)
        .tag(MetricNames.TAG_FLAG, flag.toggleName())
        .tag(TAG_COHORT, cohortLabel(on))
        .tag(TAG_OUTCOME, outcome)
        .description("Files by the cohort of a per-file flag (on/off for that file) and outcome")
        .register(registry);
  }

  /** A file went through {@code stage} successfully. */
  public void processed(String fileKey) {
    record(fileKey, WindowedCounts.SEEN, "processed");
  }

  /** A file failed (dead-lettered) in a stage. */
  public void failed(String fileKey) {
    record(fileKey, WindowedCounts.SEEN, null);
    record(fileKey, WindowedCounts.FAILED, "failed");
  }

  /**
   * A sampled flag-on file was recomputed with {@code flag}'s optimisation off and compared; {@code
   * mismatch} when the lineage differed.
   */
  public void lineageChecked(Flag flag, String fileKey, boolean mismatch) {
    long now = clock.millis();
    boolean on = flags.isEnabled(flag, fileKey);
    WindowedCounts counts = cohorts.get(flag)[on ? 1 : 0];
    counts.add(now, WindowedCounts.CHECKED);
    everyFile.add(now, WindowedCounts.CHECKED);
    if (mismatch) {
      counts.add(now, WindowedCounts.MISMATCHED);
      everyFile.add(now, WindowedCounts.MISMATCHED);
    }
    Counter.builder(LINEAGE_CHECKS)
        .tag(MetricNames.TAG_FLAG, flag.toggleName())
        .tag(TAG_COHORT, cohortLabel(on))
        .tag(TAG_RESULT, mismatch ? "mismatch" : "match")
        .description(
            "Sampled lineage recomputations with the optimisation off, by cohort and result")
        .register(registry)
        .increment();
  }

  /** One file's change-to-graph latency, also by the file's cohort of each per-file flag. */
  public void latency(String fileKey, Duration latency) {
    latency(latency);
    for (Flag flag : cohorts.keySet()) {
      Timer.builder(MetricNames.GUARD_COHORT_LATENCY)
          .tag(MetricNames.TAG_FLAG, flag.toggleName())
          .tag(TAG_COHORT, cohortLabel(flags.isEnabled(flag, fileKey)))
          .description("Change-to-graph latency by the file's cohort of a per-file flag")
          .publishPercentileHistogram()
          .register(registry)
          .record(latency.isNegative() ? Duration.ZERO : latency);
    }
  }

  /** One change-to-graph latency. */
  public void latency(Duration latency) {
    synchronized (latencies) {
      latencies.addLast(new long[] {clock.millis(), latency.toNanos()});
      while (latencies.size() > MAX_LATENCY_SAMPLES) {
        latencies.removeFirst();
      }
    }
  }

  /** Where to read one stage's consumer lag (records). */
  public void lagSource(String stage, LongSupplier lag) {
    lagSources.put(stage, lag);
  }

  private void record(String fileKey, int kind, String outcome) {
    long now = clock.millis();
    everyFile.add(now, kind);
    for (Map.Entry<Flag, WindowedCounts[]> entry : cohorts.entrySet()) {
      boolean on = flags.isEnabled(entry.getKey(), fileKey);
      entry.getValue()[on ? 1 : 0].add(now, kind);
      if (outcome != null) {
        cohortFiles(entry.getKey(), on, outcome).increment();
      }
    }
  }

  static String cohortLabel(boolean on) {
    return on ? "on" : "off";
  }

  // --- read side, for the evaluator ---

  /** Counts of a cohort ({@code flag} null: every file, {@code on} ignored) over the window. */
  long sum(Flag flag, boolean on, Duration window, int kind) {
    WindowedCounts counts = flag == null ? everyFile : cohorts.get(flag)[on ? 1 : 0];
    return counts.sum(clock.millis(), window.toMillis(), kind);
  }

  /** p95 of the latencies in the window in seconds, and how many there were. */
  double[] latencyP95(Duration window) {
    long from = clock.millis() - window.toMillis();
    long[] values;
    synchronized (latencies) {
      values = latencies.stream().filter(s -> s[0] > from).mapToLong(s -> s[1]).toArray();
    }
    if (values.length == 0) {
      return new double[] {0, 0};
    }
    Arrays.sort(values);
    int index = (int) Math.ceil(0.95 * values.length) - 1;
    return new double[] {values[Math.max(index, 0)] / 1e9, values.length};
  }

  long lag() {
    long max = 0;
    for (LongSupplier source : lagSources.values()) {
      max = Math.max(max, source.getAsLong());
    }
    return max;
  }

  Clock clock() {
    return clock;
  }
}
