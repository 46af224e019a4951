package io.github.lineage.sink;

import io.github.lineage.core.config.KafkaSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the documents topic from its beginning up to end offsets fixed beforehand, with assign and
 * seek: no consumer group, nothing committed, committed records only ({@code read_committed}, whose
 * end offsets are the last stable ones).
 */
final class DocumentsScan {

  /** A scan that has not moved for this long has lost its broker. */
  private static final Duration STALL = Duration.ofSeconds(60);

  private final KafkaSettings kafka;
  private final String topic;

  DocumentsScan(KafkaSettings kafka, String topic) {
    this.kafka = kafka;
    this.topic = topic;
  }

  /** The end of every partition now: what a scan reads up to. */
  Map<TopicPartition, Long> endOffsets() {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      return new HashMap<>(consumer.endOffsets(partitions(consumer), Duration.ofSeconds(30)));
    }
  }

  /**
   * Hands every record below {@code ends} to {@code each}, partition by partition in offset order;
   * returns how many. Stops with {@link BatchAborted} once {@code cancelled} says so.
   */
  long read(
      Map<TopicPartition, Long> ends,
      BooleanSupplier cancelled,
      Consumer<ConsumerRecord<byte[], byte[]>> each) {
    long count = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = ends.keySet().stream().toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long lastMove = System.nanoTime();
      long lastPositions = -1;
      while (!caughtUp(consumer, ends)) {
        if (cancelled.getAsBoolean()) {
          throw new BatchAborted();
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          Long end = ends.get(new TopicPartition(r.topic(), r.partition()));
          if (end != null && r.offset() < end) {
            each.accept(r);
            count++;
          }
        }
        long positions = positionSum(consumer, ends);
        if (positions != lastPositions) {
          lastPositions = positions;
          lastMove = System.nanoTime();
        } else if (System.nanoTime() - lastMove > STALL.toNanos()) {
          throw new IllegalStateException(
              "reading "
                  + topic
                  + " on "
                  + kafka.bootstrapServers()
                  + " made no progress in "
                  + STALL);
        }
      }
    }
    return count;
  }

  private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException(
          "topic " + topic + " does not exist on " + kafka.bootstrapServers());
    }
    return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Properties props = kafka.clientProperties();
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "lineage-documents-scan");
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static boolean caughtUp(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  private static long positionSum(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
    return ends.keySet().stream().mapToLong(consumer::position).sum();
  }
}
