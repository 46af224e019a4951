package io.github.lineage.sink;

import static io.github.lineage.core.metrics.MetricNames.STAGE_SINK;
import static io.github.lineage.core.metrics.MetricNames.TAG_REASON;
import static io.github.lineage.core.metrics.MetricNames.TAG_STAGE;

import io.github.lineage.core.kafka.DeadLetterReason;
import io.github.lineage.core.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The sink's meters, registered once per service on the registry it is given. */
final class SinkMetrics {

  /** Reasons of {@code files.failed{stage=sink}}, registered at 0 so that a rate has a series. */
  static final java.util.List<DeadLetterReason> SINK_REASONS =
      java.util.List.of(
          DeadLetterReason.MALFORMED, DeadLetterReason.INVALID, DeadLetterReason.WRITE_FAILED);

  private final MeterRegistry registry;
  private final Counter processed;
  private final Map<DeadLetterReason, Counter> failed = new ConcurrentHashMap<>();
  private final DistributionSummary batchSize;
  private final Timer batchDuration;
  private final Counter writes;
  private final Counter rows;
  private final Counter retries;
  private final Counter fenced;
  private final Counter reconcileRemoved;
  private final Timer writeDuration;
  private final Timer latency;
  private final AtomicInteger activeWorkers = new AtomicInteger();
  private final Map<Integer, AtomicLong> lagByWorker = new ConcurrentHashMap<>();

  SinkMetrics(MeterRegistry registry) {
    this.registry = registry;
    processed =
        Counter.builder(MetricNames.FILES_PROCESSED)
            .tag(TAG_STAGE, STAGE_SINK)
            .description("Files whose document reached the graph")
            .register(registry);
    batchSize =
        DistributionSummary.builder(MetricNames.BATCH_SIZE)
            .description("Documents per graph write batch")
            .publishPercentileHistogram()
            // Bounded buckets: a batch never exceeds NEO4J_BATCH_SIZE, which SinkConfig caps at
            // 100,000.
            .minimumExpectedValue(1.0)
            .maximumExpectedValue(100_000.0)
            .register(registry);
    batchDuration =
        Timer.builder(MetricNames.BATCH_PROCESSING_DURATION)
            .tag(TAG_STAGE, STAGE_SINK)
            .description("Poll-to-commit time of one batch")
            .publishPercentileHistogram()
            .register(registry);
    writes =
        Counter.builder(MetricNames.NEO4J_BATCH_WRITES)
            .description("Graph write transactions committed")
            .register(registry);
    rows =
        Counter.builder(MetricNames.NEO4J_BATCH_ROWS)
            .description("Rows sent in graph write transactions")
            .register(registry);
    retries =
        Counter.builder(MetricNames.NEO4J_BATCH_RETRIES)
            .description("Graph write attempts retried after an error")
            .register(registry);
    fenced =
        Counter.builder(MetricNames.NEO4J_BATCH_FENCED)
            .description(
                "Documents left out: a newer document of their partition was already in the graph")
            .register(registry);
    reconcileRemoved =
        Counter.builder(MetricNames.SINK_RECONCILE_REMOVED)
            .description(
                "File nodes removed by a reconcile: their key is no longer live in the documents topic")
            .register(registry);
    writeDuration =
        Timer.builder(MetricNames.NEO4J_BATCH_DURATION)
            .description("Duration of one graph write transaction")
            .publishPercentileHistogram()
            .register(registry);
    latency =
        Timer.builder(MetricNames.CHANGE_TO_GRAPH_LATENCY)
            .description("File modification to graph commit")
            .publishPercentileHistogram()
            .register(registry);
    Gauge.builder(MetricNames.ACTIVE_WORKERS, activeWorkers, AtomicInteger::get)
        .tag(TAG_STAGE, STAGE_SINK)
        .description("Sink consumer threads running")
        .register(registry);
    Gauge.builder(MetricNames.QUEUE_SIZE, this, SinkMetrics::lag)
        .tag(TAG_STAGE, STAGE_SINK)
        .description("Consumer lag of the sink in records")
        .register(registry);
    // Registered at 0 up front: the error-rate panel and alert then see the sink before its first
    // failure.
    for (DeadLetterReason reason : SINK_REASONS) {
      failedCounter(reason);
    }
  }

  void processed(int files) {
    processed.increment(files);
  }

  void failed(DeadLetterReason reason) {
    failedCounter(reason).increment();
  }

  private Counter failedCounter(DeadLetterReason reason) {
    return failed.computeIfAbsent(
        reason,
        r ->
            Counter.builder(MetricNames.FILES_FAILED)
                .tag(TAG_STAGE, STAGE_SINK)
                .tag(TAG_REASON, r.code())
                .register(registry));
  }

  void batch(int documents, Duration duration) {
    batchSize.record(documents);
    batchDuration.record(duration);
  }

  void transaction(int rowCount, Duration duration) {
    writes.increment();
    rows.increment(rowCount);
    writeDuration.record(duration);
  }

  void fenced(int documents) {
    fenced.increment(documents);
  }

  void reconcileRemoved(int files) {
    reconcileRemoved.increment(files);
  }

  void retry() {
    retries.increment();
  }

  void latency(Duration duration) {
    latency.record(duration.isNegative() ? Duration.ZERO : duration);
  }

  void workerStarted() {
    activeWorkers.incrementAndGet();
  }

  void workerStopped(int worker) {
    activeWorkers.decrementAndGet();
    lagByWorker.remove(worker);
  }

  void lag(int worker, long records) {
    lagByWorker.computeIfAbsent(worker, w -> new AtomicLong()).set(records);
  }

  double lag() {
    return lagByWorker.values().stream().mapToLong(AtomicLong::get).sum();
  }
}
