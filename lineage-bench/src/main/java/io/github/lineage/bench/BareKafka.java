package io.github.lineage.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka's limit on this broker: the same records (keys and value bytes) produced with a plain
 * idempotent producer, then consumed with a plain consumer. Also the untimed helper that reads a
 * topic back (the bare UNWIND needs the sink's own documents).
 */
final class BareKafka {

  /** One keyed record, as bytes. */
  record Message(String key, byte[] value) {}

  record Result(int records, long bytes, double produceSeconds, double consumeSeconds) {
    @com.fasterxml.jackson.annotation.JsonProperty
    double produceRecordsPerSecond() {
      return records / produceSeconds;
    }

    @com.fasterxml.jackson.annotation.JsonProperty
    double consumeRecordsPerSecond() {
      return records / consumeSeconds;
    }

    @com.fasterxml.jackson.annotation.JsonProperty
    double produceMiBPerSecond() {
      return bytes / 1048576.0 / produceSeconds;
    }

    @com.fasterxml.jackson.annotation.JsonProperty
    double consumeMiBPerSecond() {
      return bytes / 1048576.0 / consumeSeconds;
    }
  }

  private BareKafka() {}

  /**
   * Clients are created and connected (metadata fetched, producer id assigned, partitions assigned
   * without a group) before the clock starts: what is timed is moving the records.
   */
  static Result measure(String bootstrap, List<Message> messages, int partitions) throws Exception {
    String topic = "bench-bare-" + UUID.randomUUID().toString().substring(0, 8);
    createTopic(bootstrap, topic, partitions);
    long bytes = messages.stream().mapToLong(m -> m.value().length + m.key().length()).sum();
    double produce;
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(producerProperties(bootstrap))) {
      producer.partitionsFor(topic);
      long started = System.nanoTime();
      send(producer, topic, messages);
      produce = (System.nanoTime() - started) / 1e9;
    }
    double consume;
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(consumerProperties(bootstrap))) {
      List<TopicPartition> assigned =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(assigned);
      consumer.seekToBeginning(assigned);
      assigned.forEach(consumer::position);
      long started = System.nanoTime();
      long deadline = started + Duration.ofSeconds(60).toNanos();
      int read = 0;
      while (read < messages.size() && System.nanoTime() < deadline) {
        read += consumer.poll(Duration.ofMillis(100)).count();
      }
      consume = (System.nanoTime() - started) / 1e9;
      if (read < messages.size()) {
        throw new IllegalStateException(
            "bare consumer read " + read + " of " + messages.size() + " records");
      }
    }
    return new Result(messages.size(), bytes, produce, consume);
  }

  static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }
  }

  private static Properties producerProperties(String bootstrap) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    // The watcher's own producer settings (idempotent, acks=all, linger 5 ms, lz4).
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return props;
  }

  private static void send(
      KafkaProducer<String, byte[]> producer, String topic, List<Message> messages)
      throws Exception {
    Future<RecordMetadata> last = null;
    for (Message m : messages) {
      last = producer.send(new ProducerRecord<>(topic, m.key(), m.value()));
    }
    producer.flush();
    if (last != null) {
      last.get();
    }
  }

  private static Properties consumerProperties(String bootstrap) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return props;
  }

  /**
   * Reads {@code expected} records of {@code topic} from the beginning (or what came within the
   * timeout).
   */
  static List<ConsumerRecord<String, byte[]>> readAll(
      String bootstrap, String topic, int expected, Duration timeout) {
    Properties props = consumerProperties(bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + UUID.randomUUID());
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>(expected);
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(out::add);
      }
    }
    return out;
  }
}
