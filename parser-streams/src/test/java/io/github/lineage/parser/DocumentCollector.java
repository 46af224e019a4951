package io.github.lineage.parser;

import io.github.lineage.core.kafka.Topics;
import io.github.lineage.core.model.LineageDocument;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a documents topic from the beginning on a thread of its own, noting when each record
 * arrived.
 */
final class DocumentCollector implements AutoCloseable {

  /** One record of the documents topic; {@code document} is null for a tombstone. */
  record Arrival(String key, LineageDocument document, long arrivedAtMs) {}

  private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  DocumentCollector(String bootstrapServers, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    consumer
        .partitionsFor(topic, Duration.ofSeconds(30))
        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread =
        new Thread(
            () -> {
              try (consumer) {
                while (running) {
                  for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    arrivals.add(
                        new Arrival(
                            r.key(),
                            Topics.DOCUMENT_SERDE.fromBytes(r.value()),
                            System.currentTimeMillis()));
                  }
                }
              }
            },
            "document-collector");
    thread.setDaemon(true);
    thread.start();
  }

  List<Arrival> arrivals() {
    return List.copyOf(arrivals);
  }

  List<Arrival> of(String key) {
    return arrivals.stream().filter(a -> a.key().equals(key)).toList();
  }

  /** The last record of {@code key}, or null. */
  Arrival last(String key) {
    List<Arrival> all = of(key);
    return all.isEmpty() ? null : all.get(all.size() - 1);
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
