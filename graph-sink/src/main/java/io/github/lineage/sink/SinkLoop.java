package io.github.lineage.sink;

import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.Flags;
import io.github.lineage.core.kafka.DeadLetter;
import io.github.lineage.sink.DecodedRecord.Change;
import io.github.lineage.sink.DecodedRecord.Rejected;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.neo4j.driver.exceptions.RetryableException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sink worker: poll, write a batch to the graph, and only then commit exactly the offsets of
 * that batch. Transient graph errors are retried with backoff for as long as the worker runs; a
 * batch that fails otherwise is retried document by document, and a document that still fails
 * after {@link SinkConfig#maxAttempts()} goes to the DLQ with its original bytes.
 */
final class SinkLoop implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(SinkLoop.class);

  private final int worker;
  private final String clientId;
  private final SinkConfig config;
  private final KafkaSettings kafka;
  private final Flags flags;
  private final GraphWriter writer;
  private final Producer<byte[], byte[]> dlqProducer;
  private final SinkMetrics metrics;
  private final MeterRegistry registry;
  private final SinkHooks hooks;
  private final PendingRecords pending = new PendingRecords();
  /** The documents topic's id: a topic deleted and created again starts with fresh fences. */
  private volatile String topicId = "";
  private volatile boolean running = true;
  /** Set once this worker's consumer has completed its first rebalance (with or without partitions). */
  private volatile boolean joined;
  private volatile KafkaConsumer<byte[], byte[]> consumer;

  SinkLoop(int worker, String clientId, SinkConfig config, KafkaSettings kafka, Flags flags, GraphWriter writer,
      Producer<byte[], byte[]> dlqProducer, SinkMetrics metrics, MeterRegistry registry, SinkHooks hooks) {
    this.worker = worker;
    this.clientId = clientId;
    this.config = config;
    this.kafka = kafka;
    this.flags = flags;
    this.writer = writer;
    this.dlqProducer = dlqProducer;
    this.metrics = metrics;
    this.registry = registry;
    this.hooks = hooks;
  }

  /** Signals the worker to stop; an in-flight batch is abandoned uncommitted (it is replayed). */
  void stop() {
    running = false;
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }

  @Override
  public void run() {
    metrics.workerStarted();
    int restarts = 0;
    try {
      while (running) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProperties());
            KafkaClientMetrics clientMetrics = new KafkaClientMetrics(c)) {
          clientMetrics.bindTo(registry);
          consumer = c;
          if (!running) {
            break;
          }
          c.subscribe(List.of(kafka.topics().documents()), new Listener());
          LOG.info("sink worker {} subscribed to {} as {}", worker, kafka.topics().documents(), clientId);
          pollLoop(c);
          restarts = 0;
        } catch (WakeupException | Aborted e) {
          // stop() was called
        } catch (RuntimeException e) {
          if (!running) {
            break;
          }
          restarts++;
          // Nothing uncommitted is kept: the new consumer resumes from the last committed offsets.
          LOG.error("sink worker {} failed, restarting its consumer from the committed offsets", worker, e);
          sleep(config.backoff(restarts));
        } finally {
          consumer = null;
          pending.clear();
        }
      }
    } finally {
      metrics.workerStopped(worker);
      LOG.info("sink worker {} stopped", worker);
    }
  }

  private void pollLoop(KafkaConsumer<byte[], byte[]> c) {
    long lingerNanos = config.linger().toNanos();
    while (running) {
      Duration timeout = config.pollTimeout();
      if (!pending.isEmpty()) {
        long left = lingerNanos - pending.ageNanos(System.nanoTime());
        timeout = Duration.ofNanos(Math.max(0, Math.min(left, timeout.toNanos())));
      }
      ConsumerRecords<byte[], byte[]> records = c.poll(timeout);
      long now = System.nanoTime();
      for (ConsumerRecord<byte[], byte[]> record : records) {
        pending.add(record, now);
      }
      updateLag(c);
      while (pending.size() >= config.batchSize()) {
        flush(c, pending.take(config.batchSize(), System.nanoTime()));
      }
      if (!pending.isEmpty() && pending.ageNanos(System.nanoTime()) >= lingerNanos) {
        flush(c, pending.take(config.batchSize(), System.nanoTime()));
      }
    }
  }

  private void flush(KafkaConsumer<byte[], byte[]> c, List<ConsumerRecord<byte[], byte[]>> batch) {
    long started = System.nanoTime();
    List<Rejected> rejected = new ArrayList<>();
    // One change per file: a document replaces all its file contributed, so the last one wins.
    Map<String, Change> latest = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : batch) {
      DecodedRecord decoded = DecodedRecord.decode(record);
      if (decoded instanceof Change change) {
        latest.remove(change.change().key());
        latest.put(change.change().key(), change);
      } else {
        rejected.add((Rejected) decoded);
      }
    }
    List<Change> batched = new ArrayList<>();
    List<Change> baseline = new ArrayList<>();
    for (Change change : latest.values()) {
      (flags.isEnabled(Flag.NEO4J_BATCH, change.change().key()) ? batched : baseline).add(change);
    }
    List<DeadLetter> deadLetters = new ArrayList<>();
    for (Rejected r : rejected) {
      LOG.warn("dead-lettering {}-{}@{}: {}", r.record().topic(), r.record().partition(), r.record().offset(),
          r.error().getMessage());
      deadLetters.add(deadLetter(r.record(), r.reason(), r.error(), 1));
      metrics.failed(r.reason());
    }
    List<Change> written = new ArrayList<>();
    if (!batched.isEmpty()) {
      if (writeBatch(batched)) {
        written.addAll(batched);
      } else {
        for (Change change : batched) {
          writeDocument(change, true, written, deadLetters);
        }
      }
    }
    for (Change change : baseline) {
      writeDocument(change, false, written, deadLetters);
    }
    for (DeadLetter deadLetter : deadLetters) {
      send(deadLetter);
    }
    hooks.afterGraphWrite(batch);
    if (!running) {
      throw new Aborted();
    }
    try {
      c.commitSync(PendingRecords.offsetsAfter(batch));
    } catch (CommitFailedException | RebalanceInProgressException e) {
      // The partitions moved on while we wrote; their new owner replays them, idempotently.
      LOG.warn("sink worker {}: offsets of a written batch not committed ({}); it will be replayed",
          worker, e.getMessage());
      return;
    }
    Instant now = Instant.now();
    metrics.processed(written.size());
    for (Change change : written) {
      metrics.latency(Duration.between(change.changedAt(), now));
    }
    metrics.batch(batch.size(), Duration.ofNanos(System.nanoTime() - started));
    if (LOG.isDebugEnabled()) {
      LOG.debug("sink worker {}: {} records ({} batched, {} baseline, {} dead letters) in {} ms",
          worker, batch.size(), batched.size(), baseline.size(), deadLetters.size(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }
  }

  /** Writes the whole batch in one transaction; false when it failed for a non-transient reason. */
  private boolean writeBatch(List<Change> changes) {
    List<FileChange> files = changes.stream().map(Change::change).toList();
    Map<String, Position> positions = positions(changes);
    int transientFailures = 0;
    while (true) {
      checkRunning();
      try {
        Set<String> fenced = writer.writeBatched(files, positions);
        if (!fenced.isEmpty()) {
          LOG.warn("sink worker {}: {} documents left out, a newer document of their partition is in the graph "
              + "(this worker lost its partitions while it retried): {}", worker, fenced.size(), fenced);
        }
        return true;
      } catch (RuntimeException e) {
        if (!isTransient(e)) {
          LOG.warn("sink worker {}: batch of {} documents failed ({}); retrying them one by one",
              worker, files.size(), e.getMessage());
          return false;
        }
        transientFailures++;
        if (!isUnavailable(e) && transientFailures >= config.maxAttempts()) {
          // Transient by its class but failing every time (e.g. over Neo4j's transaction memory):
          // smaller transactions may pass, and what still fails is dead-lettered one by one.
          LOG.warn("sink worker {}: batch of {} documents failed {} times ({}); writing them one by one",
              worker, files.size(), transientFailures, e.getMessage());
          return false;
        }
        metrics.retry();
        LOG.warn("sink worker {}: graph unavailable ({}), retry {} of the batch", worker, e.getMessage(),
            transientFailures);
        waitInGroup(config.backoff(transientFailures));
      }
    }
  }

  private void writeDocument(Change change, boolean batched, List<Change> written, List<DeadLetter> deadLetters) {
    GraphWriter.Detached progress = new GraphWriter.Detached();
    int failures = 0;
    int transientFailures = 0;
    while (true) {
      checkRunning();
      try {
        if (batched) {
          writer.writeBatched(List.of(change.change()), positions(List.of(change)));
        } else {
          writer.writePerEntity(change.change(), progress);
        }
        written.add(change);
        return;
      } catch (RuntimeException e) {
        if (isUnavailable(e)) {
          // Neo4j is down or restarting: wait for it as long as it takes, still a member of the group.
          transientFailures++;
          metrics.retry();
          LOG.warn("sink worker {}: graph unavailable writing {} ({}), retrying", worker, change.change().key(),
              e.getMessage());
          waitInGroup(config.backoff(transientFailures));
          continue;
        }
        failures++;
        if (failures >= config.maxAttempts()) {
          ConsumerRecord<byte[], byte[]> r = change.record();
          LOG.error("sink worker {}: {} failed {} times, dead-lettering {}-{}@{}", worker, change.change().key(),
              failures, r.topic(), r.partition(), r.offset(), e);
          deadLetters.add(deadLetter(r, SinkMetrics.REASON_WRITE_FAILED, e, failures));
          metrics.failed(SinkMetrics.REASON_WRITE_FAILED);
          return;
        }
        metrics.retry();
        waitInGroup(config.backoff(failures));
      }
    }
  }

  /**
   * Waits out a retry's backoff while staying in the consumer group: the assigned partitions are
   * paused and the consumer keeps polling, so a long outage never exceeds {@code max.poll.interval.ms}
   * (which would evict this worker and hand its partitions to another one). Records of partitions
   * assigned meanwhile are kept for the next batch.
   */
  private void waitInGroup(Duration duration) {
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c == null) {
      sleep(duration);
      return;
    }
    long deadline = System.nanoTime() + duration.toNanos();
    c.pause(c.assignment());
    try {
      while (running && System.nanoTime() < deadline) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(Math.max(1, Math.min(100, left))));
        long now = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> record : records) {
          pending.add(record, now);
        }
        Set<TopicPartition> unpaused = new java.util.HashSet<>(c.assignment());
        unpaused.removeAll(c.paused());
        if (!unpaused.isEmpty()) {
          c.pause(unpaused);
        }
      }
    } finally {
      c.resume(c.paused());
    }
    checkRunning();
  }

  private Map<String, Position> positions(List<Change> changes) {
    Map<String, Position> positions = new LinkedHashMap<>();
    for (Change change : changes) {
      ConsumerRecord<byte[], byte[]> r = change.record();
      positions.put(change.change().key(), new Position(r.topic() + "@" + topicId, r.partition(), r.offset()));
    }
    return positions;
  }

  private DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> r, String reason, Exception error, int attempts) {
    return DeadLetter.of(DeadLetter.Stage.SINK, r.topic(), r.partition(), r.offset(), r.key(), r.value(),
        reason, error, attempts);
  }

  private void send(DeadLetter deadLetter) {
    try {
      dlqProducer.send(deadLetter.toRecord(kafka.topics().dlq(), kafka.limits().maxRecordBytes())).get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Aborted();
    } catch (ExecutionException | TimeoutException e) {
      // Not committing is the safe answer: the record is read again and dead-lettered again.
      throw new IllegalStateException("cannot write to the DLQ " + kafka.topics().dlq(), e);
    }
  }

  /** Neo4j unreachable or its session gone: an outage, retried for as long as it lasts. */
  static boolean isUnavailable(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ServiceUnavailableException || t instanceof SessionExpiredException) {
        return true;
      }
    }
    return false;
  }

  static boolean isTransient(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof RetryableException) {
        return true;
      }
    }
    return false;
  }

  private void updateLag(KafkaConsumer<byte[], byte[]> c) {
    long lag = 0;
    for (TopicPartition tp : c.assignment()) {
      lag += c.currentLag(tp).orElse(0);
    }
    metrics.lag(worker, lag + pending.size());
  }

  private void checkRunning() {
    if (!running) {
      throw new Aborted();
    }
  }

  private void sleep(Duration duration) {
    long deadline = System.nanoTime() + duration.toNanos();
    while (running && System.nanoTime() < deadline) {
      try {
        Thread.sleep(Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Aborted();
      }
    }
  }

  private Properties consumerProperties() {
    Properties props = kafka.clientProperties();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(config.batchSize(), 500));
    return props;
  }

  /** Rebalances: everything written is already committed; the rest of a lost partition is dropped. */
  private final class Listener implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (!partitions.isEmpty()) {
        pending.drop(partitions);
        LOG.info("sink worker {}: partitions revoked {}", worker, partitions);
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      pending.drop(partitions);
      LOG.warn("sink worker {}: partitions lost {}", worker, partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      joined = true;
      if (!partitions.isEmpty()) {
        LOG.info("sink worker {}: partitions assigned {}", worker, partitions);
      }
    }
  }

  /** The worker was stopped in the middle of a batch; nothing of it is committed. */
  static final class Aborted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Aborted() {
      super("sink worker stopped", null, false, false);
    }
  }

  /** Set by the service once it has read the documents topic's id. */
  void topicId(String id) {
    topicId = id == null ? "" : id;
  }

  /** True once the worker's consumer joined its group and was given its share (possibly none). */
  boolean joined() {
    return joined;
  }
}
