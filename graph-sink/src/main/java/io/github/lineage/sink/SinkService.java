package io.github.lineage.sink;

import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.Flags;
import io.github.lineage.core.kafka.TopicProvisioner;
import io.github.lineage.core.metrics.StageStatus;
import io.github.lineage.core.metrics.MetricNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.neo4j.driver.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graph sink: a consumer group on the documents topic keeping the Neo4j lineage graph equal to
 * the current documents. {@link #start()} ensures the graph schema and the topics, then runs one
 * worker ({@link SinkLoop}) per consumer thread: {@link SinkConfig#workers()} when flag
 * {@code parallel} is on, else one. The driver and the registry belong to the caller.
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
  private final String instanceId = UUID.randomUUID().toString().substring(0, 8);
  private final List<SinkLoop> loops = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private KafkaProducer<byte[], byte[]> dlqProducer;
  private KafkaClientMetrics producerMetrics;
  private boolean started;
  private boolean closed;

  public SinkService(SinkConfig config, KafkaSettings kafka, Driver driver, Flags flags, MeterRegistry registry) {
    this(config, kafka, driver, flags, registry, SinkHooks.NONE);
  }

  SinkService(SinkConfig config, KafkaSettings kafka, Driver driver, Flags flags, MeterRegistry registry,
      SinkHooks hooks) {
    this.config = Objects.requireNonNull(config, "config");
    this.kafka = Objects.requireNonNull(kafka, "kafka");
    this.driver = Objects.requireNonNull(driver, "driver");
    this.flags = Objects.requireNonNull(flags, "flags");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.hooks = Objects.requireNonNull(hooks, "hooks");
  }

  /** Creates the graph schema and topics if missing and starts the workers; call once. */
  public synchronized void start() {
    if (started || closed) {
      throw new IllegalStateException(closed ? "sink closed" : "sink already started");
    }
    started = true;
    GraphSchema.ensure(driver);
    TopicProvisioner.ensureTopics(kafka, Duration.ofSeconds(30));
    dlqProducer = new KafkaProducer<>(producerProperties());
    producerMetrics = new KafkaClientMetrics(dlqProducer);
    producerMetrics.bindTo(registry);
    SinkMetrics metrics = new SinkMetrics(registry);
    GraphWriter writer = new GraphWriter(driver, metrics);
    String topicId = documentsTopicId();
    int workers = workers();
    for (int i = 0; i < workers; i++) {
      String clientId = config.groupId() + "-" + instanceId + "-" + i;
      SinkLoop loop = new SinkLoop(i, clientId, config, kafka, flags, writer, dlqProducer, metrics, registry, hooks);
      loop.topicId(topicId);
      Thread thread = new Thread(loop, "sink-worker-" + i);
      loops.add(loop);
      threads.add(thread);
      thread.start();
    }
    LOG.info("graph sink {} started: {} worker(s), group {}, topic {}, batch {} / {} ms", instanceId, workers,
        config.groupId(), kafka.topics().documents(), config.batchSize(), config.linger().toMillis());
  }

  /** Consumer threads this instance runs: {@link SinkConfig#workers()} with flag parallel, else 1. */
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

  private synchronized StageStatus.State stageState() {
    if (!started || closed) {
      return StageStatus.State.STARTING;
    }
    if (!threads.stream().allMatch(Thread::isAlive)) {
      return StageStatus.State.FAILED;
    }
    return loops.stream().allMatch(SinkLoop::joined) ? StageStatus.State.RUNNING : StageStatus.State.STARTING;
  }

  /** True while every worker thread is alive. */
  public synchronized boolean isRunning() {
    return started && !closed && threads.stream().allMatch(Thread::isAlive);
  }

  @Override
  public synchronized void close() {
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
    if (producerMetrics != null) {
      producerMetrics.close();
    }
    if (dlqProducer != null) {
      dlqProducer.close(Duration.ofSeconds(10));
    }
    LOG.info("graph sink {} stopped", instanceId);
  }

  /** The documents topic's id, part of each fence's name; empty when the broker does not say. */
  private String documentsTopicId() {
    String topic = kafka.topics().documents();
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).topicId().toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot describe topic " + topic + ": " + e.getMessage(), e);
    }
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
