package io.github.lineage.parser;

import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.Flags;
import io.github.lineage.core.guard.ProcessGuard;
import io.github.lineage.core.kafka.TopicProvisioner;
import io.github.lineage.core.metrics.MetricNames;
import io.github.lineage.core.metrics.StageStatus;
import io.github.lineage.sql.LineageExtractor;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parser-streams application: provisions the topics, runs the topology with one stream thread
 * (or {@code INGEST_WORKERS} with {@code lineage.parallel} on), and publishes its gauges and the
 * Kafka Streams client metrics.
 */
public final class ParserService implements AutoCloseable {

  static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  private static final Set<String> DEAD_THREAD_STATES =
      Set.of("CREATED", "PENDING_SHUTDOWN", "DEAD");
  private static final Logger LOG = LoggerFactory.getLogger(ParserService.class);

  private final ParserConfig config;
  private final KafkaSettings kafka;
  private final MeterRegistry registry;
  private final int threads;
  private final KafkaStreams streams;
  private KafkaStreamsMetrics streamsMetrics;
  private List<Gauge> gauges = List.of();
  private boolean started;
  private volatile boolean closed;

  public ParserService(
      ParserConfig config,
      KafkaSettings kafka,
      Flags flags,
      LineageExtractor extractor,
      MeterRegistry registry) {
    this(config, kafka, ProcessGuard.inert(flags), extractor, registry);
  }

  /** A parser whose flags, signals, lineage checks and drill are the process guard's. */
  public ParserService(
      ParserConfig config,
      KafkaSettings kafka,
      ProcessGuard guard,
      LineageExtractor extractor,
      MeterRegistry registry) {
    this.config = config;
    this.kafka = kafka;
    this.registry = registry;
    this.threads = guard.flags().isEnabled(Flag.PARALLEL) ? config.workers() : 1;
    Topology topology = TopologyFactory.build(kafka, config, guard, extractor, registry);
    Properties props = config.streamsProperties(kafka, threads);
    this.streams = new KafkaStreams(topology, props);
    streams.setUncaughtExceptionHandler(new StreamThreadExceptionHandler(Clock.systemUTC()));
    streams.setStateListener((now, before) -> LOG.info("parser streams {} -> {}", before, now));
  }

  /** Creates the topics if needed and starts the stream threads (returns at once). */
  public synchronized void start() {
    if (started) {
      throw new IllegalStateException("parser already started");
    }
    started = true;
    TopicProvisioner.ensureTopics(kafka, TOPIC_TIMEOUT);
    CacheTopic.ensure(
        kafka,
        config.parseCacheTopic(),
        config.cacheTtl(),
        List.of(kafka.topics().fileChanges(), kafka.topics().documents(), kafka.topics().dlq()),
        TOPIC_TIMEOUT);
    DbtTopology.ensureTopic(kafka, config, TOPIC_TIMEOUT);
    streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(registry);
    String input = kafka.topics().fileChanges();
    gauges =
        List.of(
            Gauge.builder(MetricNames.ACTIVE_WORKERS, this, ParserService::activeWorkers)
                .tag(MetricNames.TAG_STAGE, MetricNames.STAGE_PARSER)
                .description("stream threads running")
                .strongReference(true)
                .register(registry),
            Gauge.builder(MetricNames.QUEUE_SIZE, this, s -> ConsumerLag.of(s.streams, input))
                .tag(MetricNames.TAG_STAGE, MetricNames.STAGE_PARSER)
                .description("records of the input topic not yet consumed (sum of records-lag)")
                .strongReference(true)
                .register(registry));
    streams.start();
    LOG.info(
        "parser {} started: {} stream thread(s), debounce window {}, state in {}, {}",
        config.applicationId(),
        threads,
        config.debounceWindow(),
        config.stateDir(),
        config.processingGuarantee().configValue());
  }

  /** Running or rebalancing: the state a readiness probe accepts. */
  public boolean isRunning() {
    KafkaStreams.State state = streams.state();
    return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /**
   * This stage as the ops endpoints see it: running only while Streams is RUNNING; failed for good
   * once the client is in ERROR, or stopped without {@link #close()} being asked for (the uncaught
   * exception handler shut it down), so that {@code /health} fails and the process is restarted.
   */
  public StageStatus stageStatus() {
    return StageStatus.of(MetricNames.STAGE_PARSER, () -> stageState(streams.state(), closed));
  }

  static StageStatus.State stageState(KafkaStreams.State state, boolean closeAsked) {
    return switch (state) {
      case RUNNING -> StageStatus.State.RUNNING;
      case CREATED, REBALANCING -> StageStatus.State.STARTING;
      case ERROR -> StageStatus.State.FAILED;
      case PENDING_SHUTDOWN, NOT_RUNNING, PENDING_ERROR ->
          closeAsked ? StageStatus.State.STARTING : StageStatus.State.FAILED;
    };
  }

  /** Stream threads this instance runs (1 unless {@code lineage.parallel} is on). */
  public int threads() {
    return threads;
  }

  double activeWorkers() {
    try {
      return streams.metadataForLocalThreads().stream()
          .map(ThreadMetadata::threadState)
          .filter(state -> !DEAD_THREAD_STATES.contains(state))
          .count();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /** Stops the stream threads, committing what was processed; waits at most 30 s. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    gauges.forEach(registry::remove);
    if (streamsMetrics != null) {
      streamsMetrics.close();
    }
    long startedAt = System.nanoTime();
    // Leave the group: a replacement instance (a new member id) is assigned the tasks at once
    // instead of after the session timeout of this one.
    boolean clean =
        streams.close(
            CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE_TIMEOUT));
    long ms = Duration.ofNanos(System.nanoTime() - startedAt).toMillis();
    if (clean) {
      LOG.info("parser {} closed in {} ms", config.applicationId(), ms);
    } else {
      LOG.warn("parser {} did not close within {}", config.applicationId(), CLOSE_TIMEOUT);
    }
  }
}
