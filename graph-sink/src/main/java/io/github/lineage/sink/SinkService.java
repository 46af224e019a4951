package io.github.lineage.sink;

import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.Flags;
import io.github.lineage.core.kafka.TopicProvisioner;
import io.github.lineage.core.metrics.MetricNames;
import io.github.lineage.core.metrics.StageStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.neo4j.driver.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graph sink: a consumer group on the documents topic keeping the Neo4j lineage graph equal to
 * the current documents. {@link #start()} ensures the graph schema and the topics, reconciles the
 * graph with the topic when the sink was away for longer than the topic keeps its tombstones
 * ({@link ReconcileCheck}), then runs one worker ({@link SinkLoop}) per consumer thread: {@link
 * SinkConfig#workers()} when flag {@code parallel} is on, else one. The driver and the registry
 * belong to the caller.
 */
public final class SinkService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SinkService.class);
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

  private final SinkConfig config;
  private final KafkaSettings kafka;
  private final Driver driver;
  private final Flags flags;
  private final MeterRegistry registry;
  private final SinkHooks hooks;
  private final SinkListener listener;
  private final String instanceId = UUID.randomUUID().toString().substring(0, 8);
  private final CatchUpLog catchUp = new CatchUpLog();

  /** Published once every worker thread runs; read without the lock by the ops endpoints. */
  private volatile List<SinkLoop> loops = List.of();

  private volatile List<Thread> threads = List.of();
  private KafkaProducer<byte[], byte[]> dlqProducer;
  private KafkaClientMetrics producerMetrics;
  private ScheduledExecutorService recorderThread;
  private CatchUpRecorder recorder;
  private volatile boolean started;

  /**
   * Set by {@link #close()} before it waits for the lock: a start-up reconcile in progress gives
   * up.
   */
  private volatile boolean stopping;

  private volatile boolean closed;

  public SinkService(
      SinkConfig config, KafkaSettings kafka, Driver driver, Flags flags, MeterRegistry registry) {
    this(config, kafka, driver, flags, registry, SinkListener.NONE);
  }

  /** As above, telling {@code listener} what each committed batch did. */
  public SinkService(
      SinkConfig config,
      KafkaSettings kafka,
      Driver driver,
      Flags flags,
      MeterRegistry registry,
      SinkListener listener) {
    this(config, kafka, driver, flags, registry, SinkHooks.NONE, listener);
  }

  SinkService(
      SinkConfig config,
      KafkaSettings kafka,
      Driver driver,
      Flags flags,
      MeterRegistry registry,
      SinkHooks hooks) {
    this(config, kafka, driver, flags, registry, hooks, SinkListener.NONE);
  }

  SinkService(
      SinkConfig config,
      KafkaSettings kafka,
      Driver driver,
      Flags flags,
      MeterRegistry registry,
      SinkHooks hooks,
      SinkListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    this.config = Objects.requireNonNull(config, "config");
    this.kafka = Objects.requireNonNull(kafka, "kafka");
    this.driver = Objects.requireNonNull(driver, "driver");
    this.flags = Objects.requireNonNull(flags, "flags");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.hooks = Objects.requireNonNull(hooks, "hooks");
  }

  /**
   * Creates the graph schema and topics if missing, reconciles the graph if the sink was away too
   * long, and starts the workers; call once. Returns without starting them when closed meanwhile.
   */
  public synchronized void start() {
    if (started || closed) {
      throw new IllegalStateException(closed ? "sink closed" : "sink already started");
    }
    started = true;
    GraphSchema.ensure(driver);
    TopicProvisioner.ensureTopics(kafka, Duration.ofSeconds(30));
    DocumentsTopic topic = DocumentsTopic.describe(kafka);
    SinkMetrics metrics = new SinkMetrics(registry);
    GraphWriter writer = new GraphWriter(driver, metrics);
    CatchUpRecords records = new CatchUpRecords(driver);
    try {
      reconcileIfAway(topic, records, metrics);
    } catch (BatchAborted e) {
      LOG.info(
          "graph sink {} closed during its start-up reconcile; not starting the workers",
          instanceId);
      return;
    }
    dlqProducer = new KafkaProducer<>(producerProperties());
    producerMetrics = new KafkaClientMetrics(dlqProducer);
    producerMetrics.bindTo(registry);
    DeadLetterSender sender = new DeadLetterSender(dlqProducer, kafka);
    RetryPolicy policy = RetryPolicy.of(config);
    int workers = workers();
    List<SinkLoop> newLoops = new ArrayList<>();
    List<Thread> newThreads = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      String clientId = config.groupId() + "-" + instanceId + "-" + i;
      String who = "sink worker " + i;
      SinkLoop loop =
          new SinkLoop(
              i,
              clientId,
              config,
              kafka,
              pause ->
                  new BatchProcessor(
                      writer,
                      policy,
                      key -> flags.isEnabled(Flag.NEO4J_BATCH, key),
                      topic.id(),
                      metrics,
                      pause,
                      who),
              sender,
              metrics,
              registry,
              hooks,
              listener,
              catchUp);
      newLoops.add(loop);
      newThreads.add(new Thread(loop, "sink-worker-" + i));
    }
    newThreads.forEach(Thread::start);
    loops = List.copyOf(newLoops);
    threads = List.copyOf(newThreads);
    recorder = new CatchUpRecorder(catchUp, records, topic);
    recorderThread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sink-catch-up-recorder");
              t.setDaemon(true);
              return t;
            });
    long every = hooks.catchUpRecordInterval().toMillis();
    recorderThread.scheduleWithFixedDelay(recorder, every, every, TimeUnit.MILLISECONDS);
    LOG.info(
        "graph sink {} started: {} worker(s), group {}, topic {}, batch {} / {} ms",
        instanceId,
        workers,
        config.groupId(),
        kafka.topics().documents(),
        config.batchSize(),
        config.linger().toMillis());
  }

  /**
   * The start-up reconcile: a delete made while the sink was away for longer than the topic's
   * {@code delete.retention.ms} may exist only as a compacted-away tombstone, so the files no
   * longer live in the topic are removed before the workers start (see {@link GraphRebuild}).
   */
  private void reconcileIfAway(DocumentsTopic topic, CatchUpRecords records, SinkMetrics metrics) {
    ReconcileCheck.Decision decision =
        ReconcileCheck.decide(
            records.fileCount(),
            topic.partitions(),
            records.absence(topic),
            topic.deleteRetention());
    if (!decision.reconcile()) {
      LOG.info("graph sink {}: no start-up reconcile, {}", instanceId, decision.reason());
      return;
    }
    LOG.warn(
        "graph sink {}: start-up reconcile, {}; reading {} to its end",
        instanceId,
        decision.reason(),
        topic.name());
    GraphRebuild.Report report =
        new GraphRebuild(kafka, driver, config, metrics)
            .run(GraphRebuild.Mode.RECONCILE_ONLY, false, topic, () -> stopping);
    LOG.warn(
        "graph sink {}: start-up reconcile done in {} ms: {} records read, {} live, {} deleted; "
            + "{} file(s) removed {}{}",
        instanceId,
        report.took().toMillis(),
        report.recordsRead(),
        report.liveDocuments(),
        report.deletedKeys(),
        report.removed().size(),
        report.removed(),
        report.keptNewer().isEmpty()
            ? ""
            : ", kept (written since the scan began) " + report.keptNewer());
  }

  /**
   * Consumer threads this instance runs: {@link SinkConfig#workers()} with flag parallel, else 1.
   */
  /**
   * True when each of the documents topic's {@code partitions} was seen caught up by this instance
   * at or after {@code sinceNanos} ({@link System#nanoTime()}): every record appended to the topic
   * before that moment is in the graph. A local run asks this after the files' hashes match, since
   * a file's hash can be right while a later document of it (a dbt model re-rendered once the rest
   * of its project arrived) is still on its way.
   */
  public boolean caughtUpSince(long sinceNanos, int partitions) {
    Map<Integer, Long> seen = catchUp.snapshot();
    for (int p = 0; p < partitions; p++) {
      Long at = seen.get(p);
      if (at == null || at < sinceNanos) {
        return false;
      }
    }
    return true;
  }

  public int workers() {
    return flags.isEnabled(Flag.PARALLEL) ? config.workers() : 1;
  }

  /**
   * This stage as the ops endpoints see it: starting until every worker's consumer has joined the
   * group; failed for good once a worker thread died while the sink was not asked to stop.
   */
  public StageStatus stageStatus() {
    return StageStatus.of(MetricNames.STAGE_SINK, this::stageState);
  }

  private StageStatus.State stageState() {
    List<Thread> threads = this.threads;
    List<SinkLoop> loops = this.loops;
    if (!started || closed || threads.isEmpty()) {
      return StageStatus.State.STARTING;
    }
    if (!threads.stream().allMatch(Thread::isAlive)) {
      return StageStatus.State.FAILED;
    }
    return loops.stream().allMatch(SinkLoop::joined)
        ? StageStatus.State.RUNNING
        : StageStatus.State.STARTING;
  }

  /** True while every worker thread is alive. */
  public boolean isRunning() {
    List<Thread> threads = this.threads;
    return started && !closed && !threads.isEmpty() && threads.stream().allMatch(Thread::isAlive);
  }

  @Override
  public void close() {
    stopping = true;
    synchronized (this) {
      closeNow();
    }
  }

  private void closeNow() {
    if (closed) {
      return;
    }
    closed = true;
    loops.forEach(SinkLoop::stop);
    for (Thread thread : threads) {
      try {
        thread.join(JOIN_TIMEOUT.toMillis());
        if (thread.isAlive()) {
          LOG.warn("{} did not stop within {}; interrupting it", thread.getName(), JOIN_TIMEOUT);
          thread.interrupt();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (recorderThread != null) {
      recorderThread.shutdownNow();
      // The workers have stopped: this is the last of what they saw caught up.
      recorder.run();
    }
    if (producerMetrics != null) {
      producerMetrics.close();
    }
    if (dlqProducer != null) {
      dlqProducer.close(Duration.ofSeconds(10));
    }
    LOG.info("graph sink {} stopped", instanceId);
  }

  private Properties producerProperties() {
    Properties props = kafka.clientProperties();
    props.put(ProducerConfig.CLIENT_ID_CONFIG, config.groupId() + "-" + instanceId + "-dlq");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    // A letter carries the original document: as large as any record of the pipeline.
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, kafka.limits().maxRequestBytes());
    props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, kafka.limits().producerBufferBytes());
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    return props;
  }
}
