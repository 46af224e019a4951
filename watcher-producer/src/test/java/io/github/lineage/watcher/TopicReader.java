package io.github.lineage.watcher;

import io.github.lineage.core.kafka.Topics;
import io.github.lineage.core.model.ChangeEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the beginning, without a consumer group, accumulating what it saw. */
final class TopicReader implements AutoCloseable {

  private final KafkaConsumer<String, byte[]> consumer;
  private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
  private final List<TopicPartition> partitions;

  TopicReader(String bootstrapServers, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumer = new KafkaConsumer<>(props);
    partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .collect(Collectors.toList());
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Everything seen so far, after one more short poll. */
  synchronized List<ConsumerRecord<String, byte[]>> records() {
    consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    return List.copyOf(records);
  }

  /** Everything up to the end offsets as of now: exact once the producer has been acknowledged. */
  synchronized List<ConsumerRecord<String, byte[]>> readToEnd() {
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("could not read " + partitions + " to " + end);
      }
      consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    }
    return List.copyOf(records);
  }

  List<ChangeEvent> events() {
    return records().stream()
        .map(r -> Topics.CHANGE_EVENT_SERDE.fromBytes(r.value()))
        .collect(Collectors.toList());
  }

  List<ChangeEvent> eventsToEnd() {
    return readToEnd().stream()
        .map(r -> Topics.CHANGE_EVENT_SERDE.fromBytes(r.value()))
        .collect(Collectors.toList());
  }

  @Override
  public void close() {
    consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
  }
}
