package io.github.lineage.sink;

import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.kafka.DeadLetter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sink worker's consumer: poll, gather records into batches (size or linger), hand each batch
 * to its {@link BatchProcessor}, send the batch's dead letters, and only then commit exactly the
 * offsets of that batch. While a write waits out a retry the worker stays in its group (partitions
 * paused, polling on). It also notes when it is caught up with a partition, for the start-up
 * reconcile.
 */
final class SinkLoop implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(SinkLoop.class);

  private final int worker;
  private final String clientId;
  private final SinkConfig config;
  private final KafkaSettings kafka;
  private final BatchProcessor processor;
  private final DeadLetterSender deadLetters;
  private final SinkMetrics metrics;
  private final MeterRegistry registry;
  private final SinkHooks hooks;
  private final SinkListener listener;
  private final CatchUpLog catchUp;
  private final PendingRecords pending = new PendingRecords();
  private volatile boolean running = true;

  /**
   * Set once this worker's consumer has completed its first rebalance (with or without partitions).
   */
  private volatile boolean joined;

  private volatile KafkaConsumer<byte[], byte[]> consumer;

  /**
   * @param processors makes this worker's batch processor, given the worker's way to wait in its
   *     group
   */
  SinkLoop(
      int worker,
      String clientId,
      SinkConfig config,
      KafkaSettings kafka,
      Function<Pause, BatchProcessor> processors,
      DeadLetterSender deadLetters,
      SinkMetrics metrics,
      MeterRegistry registry,
      SinkHooks hooks,
      SinkListener listener,
      CatchUpLog catchUp) {
    this.worker = worker;
    this.clientId = clientId;
    this.config = config;
    this.kafka = kafka;
    this.processor = processors.apply(new WaitInGroup());
    this.deadLetters = deadLetters;
    this.metrics = metrics;
    this.registry = registry;
    this.hooks = hooks;
    this.listener = listener;
    this.catchUp = catchUp;
  }

  // A listener's failure is its own: the batch is committed and stays committed.
  private void tell(DecodedRecord.Change change, Duration latency) {
    try {
      if (change.document() == null) {
        listener.deleted(change.change().key());
      } else {
        listener.written(change.document(), latency);
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "sink worker {}: listener failed on {}: {}", worker, change.change().key(), e.toString());
    }
  }

  private void tell(String fileKey, String reason) {
    try {
      listener.deadLettered(fileKey, reason);
    } catch (RuntimeException e) {
      LOG.warn("sink worker {}: listener failed on {}: {}", worker, fileKey, e.toString());
    }
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
          LOG.info(
              "sink worker {} subscribed to {} as {}",
              worker,
              kafka.topics().documents(),
              clientId);
          pollLoop(c);
          restarts = 0;
        } catch (WakeupException | BatchAborted e) {
          // stop() was called
        } catch (RuntimeException e) {
          if (!running) {
            break;
          }
          restarts++;
          // Nothing uncommitted is kept: the new consumer resumes from the last committed offsets.
          LOG.error(
              "sink worker {} failed, restarting its consumer from the committed offsets",
              worker,
              e);
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
      observeLag(c);
      // Full batches first, by count or by bytes; what is left then fits one batch.
      while (pending.size() >= config.batchSize() || pending.bytes() >= config.batchMaxBytes()) {
        flush(c, pending.take(config.batchSize(), config.batchMaxBytes(), System.nanoTime()));
      }
      if (!pending.isEmpty() && pending.ageNanos(System.nanoTime()) >= lingerNanos) {
        flush(c, pending.take(config.batchSize(), config.batchMaxBytes(), System.nanoTime()));
      }
    }
  }

  private void flush(KafkaConsumer<byte[], byte[]> c, List<ConsumerRecord<byte[], byte[]>> batch) {
    long started = System.nanoTime();
    BatchOutcome outcome = processor.process(batch);
    deadLetters.send(outcome.deadLetters());
    hooks.afterGraphWrite(batch);
    if (!running) {
      throw new BatchAborted();
    }
    try {
      c.commitSync(PendingRecords.offsetsAfter(batch));
    } catch (CommitFailedException | RebalanceInProgressException e) {
      // The partitions moved on while we wrote; their new owner replays them, idempotently.
      LOG.warn(
          "sink worker {}: offsets of a written batch not committed ({}); it will be replayed",
          worker,
          e.getMessage());
      return;
    }
    Instant now = Instant.now();
    // A document the fence left out counts as processed: a newer one of its file is in the graph.
    metrics.processed(outcome.written().size() + outcome.fenced().size());
    for (DecodedRecord.Change change : outcome.written()) {
      Duration latency = Duration.between(change.changedAt(), now);
      metrics.latency(latency);
      tell(change, latency);
    }
    for (DeadLetter letter : outcome.deadLetters()) {
      if (letter.key() != null) {
        tell(new String(letter.key(), StandardCharsets.UTF_8), letter.reason());
      }
    }
    metrics.batch(batch.size(), Duration.ofNanos(System.nanoTime() - started));
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "sink worker {}: {} records ({} batched, {} baseline, {} fenced, {} dead letters) in {} ms",
          worker,
          batch.size(),
          outcome.batched(),
          outcome.baseline(),
          outcome.fenced().size(),
          outcome.deadLetters().size(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }
  }

  /**
   * The lag gauge, and the catch-up log: a partition whose lag is 0 and none of whose records wait
   * here has everything appended to it so far in the graph.
   */
  private void observeLag(KafkaConsumer<byte[], byte[]> c) {
    long lag = 0;
    long now = System.nanoTime();
    Set<TopicPartition> waiting = null;
    for (TopicPartition tp : c.assignment()) {
      OptionalLong partitionLag = c.currentLag(tp);
      lag += partitionLag.orElse(0);
      if (partitionLag.isPresent() && partitionLag.getAsLong() == 0) {
        if (waiting == null) {
          waiting = pending.partitions();
        }
        if (!waiting.contains(tp)) {
          catchUp.caughtUp(tp.partition(), now);
        }
      }
    }
    metrics.lag(worker, lag + pending.size());
  }

  private void checkRunning() {
    if (!running) {
      throw new BatchAborted();
    }
  }

  private void sleep(Duration duration) {
    long deadline = System.nanoTime() + duration.toNanos();
    while (running && System.nanoTime() < deadline) {
      try {
        Thread.sleep(
            Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BatchAborted();
      }
    }
  }

  private Properties consumerProperties() {
    Properties props = kafka.clientProperties();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(config.batchSize(), 500));
    // The consumer fetches ahead while a batch is written, by default up to 50 MiB per worker
    // (four workers: most of a 256 MiB heap). Two batches' worth keeps a worker fed; a record
    // larger than this is still fetched whole.
    props.put(
        ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
        (int) Math.min(Integer.MAX_VALUE, Math.max(1 << 20, 2 * config.batchMaxBytes())));
    props.put(
        ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) config.maxPollInterval().toMillis());
    return props;
  }

  /**
   * The processor's pause: waits out a retry's backoff while staying in the consumer group. The
   * assigned partitions are paused and the consumer keeps polling, so a long outage never exceeds
   * {@code max.poll.interval.ms} (which would evict this worker and hand its partitions to another
   * one). Records of partitions assigned meanwhile are kept for the next batch.
   */
  private final class WaitInGroup implements Pause {
    @Override
    public void beforeAttempt() {
      checkRunning();
    }

    @Override
    public void await(Duration duration) {
      KafkaConsumer<byte[], byte[]> c = consumer;
      if (c == null) {
        sleep(duration);
        checkRunning();
        return;
      }
      long deadline = System.nanoTime() + duration.toNanos();
      c.pause(c.assignment());
      try {
        while (running && System.nanoTime() < deadline) {
          long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
          ConsumerRecords<byte[], byte[]> records =
              c.poll(Duration.ofMillis(Math.max(1, Math.min(100, left))));
          long now = System.nanoTime();
          for (ConsumerRecord<byte[], byte[]> record : records) {
            pending.add(record, now);
          }
          Set<TopicPartition> unpaused = new HashSet<>(c.assignment());
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
  }

  /**
   * Rebalances: everything written is already committed; the rest of a lost partition is dropped.
   */
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

  /** True once the worker's consumer joined its group and was given its share (possibly none). */
  boolean joined() {
    return joined;
  }
}
