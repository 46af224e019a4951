package io.github.lineage.cli;

import io.github.lineage.core.config.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic from the beginning to its end offsets at the time of the call, with assign and
 * seek: no consumer group, nothing committed. Committed records only.
 */
final class TopicScan {

  private TopicScan() {}

  /**
   * Hands every record to {@code each} until the end, {@code timeout}, or {@code more} says stop. A
   * topic that does not exist is read as empty.
   */
  static void read(
      KafkaSettings kafka,
      String topic,
      Duration timeout,
      Predicate<Integer> more,
      Consumer<ConsumerRecord<byte[], byte[]>> each) {
    Properties props = kafka.clientProperties();
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
      if (infos == null || infos.isEmpty()) {
        return;
      }
      List<TopicPartition> partitions =
          infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
      long deadline = System.nanoTime() + timeout.toNanos();
      int seen = 0;
      while (more.test(seen) && !caughtUp(consumer, ends) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (more.test(seen)) {
            each.accept(r);
            seen++;
          }
        }
      }
    }
  }

  static void read(
      KafkaSettings kafka,
      String topic,
      Duration timeout,
      Consumer<ConsumerRecord<byte[], byte[]>> each) {
    read(kafka, topic, timeout, n -> true, each);
  }

  private static boolean caughtUp(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }
}
