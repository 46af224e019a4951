package io.github.lineage.watcher;

import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.kafka.DeadLetter;
import io.github.lineage.core.kafka.RecordLimits;
import io.github.lineage.core.kafka.Topics;
import io.github.lineage.core.model.ChangeEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends change events and dead letters through one idempotent producer ({@code acks=all}): the key
 * is {@code source:path}, so every event of one file lands on one partition, in send order.
 */
final class Publisher implements AutoCloseable {

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaProducer<byte[], byte[]> producer;
  private final String changesTopic;
  private final String dlqTopic;
  private final int maxLetterValueBytes;
  private KafkaClientMetrics clientMetrics;

  Publisher(
      KafkaSettings kafka, String clientId, long maxFileBytes, Map<String, Object> overrides) {
    Properties props = kafka.clientProperties();
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    // The watcher sends right after creating its topics. With several requests in flight, a first
    // batch the broker refuses while it still opens a new partition is overtaken by the next and
    // then refused as out of order until its delivery timeout (KAFKA-15591, apache/kafka#23234):
    // the pass fails and is retried minutes later. One request carries every partition's batch.
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    // SQL compresses well; the broker checks the compressed batch against its size limit.
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // Every limit from one setting: the event of the largest accepted file fits the request and the
    // topics (created with the same limits). A refusal still dead-letters the file as too_large.
    RecordLimits limits = new RecordLimits(Math.max(maxFileBytes, kafka.limits().maxFileBytes()));
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, limits.maxRequestBytes());
    props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, limits.producerBufferBytes());
    this.maxLetterValueBytes = limits.maxRecordBytes();
    props.putAll(overrides);
    this.producer = new KafkaProducer<>(props);
    this.changesTopic = kafka.topics().fileChanges();
    this.dlqTopic = kafka.topics().dlq();
  }

  Future<RecordMetadata> send(ChangeEvent event) {
    byte[] key = event.key().getBytes(StandardCharsets.UTF_8);
    return producer.send(
        new ProducerRecord<>(changesTopic, key, Topics.CHANGE_EVENT_SERDE.toBytes(event)));
  }

  Future<RecordMetadata> send(DeadLetter deadLetter) {
    return producer.send(deadLetter.toRecord(dlqTopic, maxLetterValueBytes));
  }

  /** Publishes the producer's own metrics ({@code kafka_producer_*}) until close. */
  void bindMetrics(MeterRegistry registry) {
    clientMetrics = new KafkaClientMetrics(producer);
    clientMetrics.bindTo(registry);
  }

  String dlqTopic() {
    return dlqTopic;
  }

  void flush() {
    producer.flush();
  }

  /** Sends what is buffered, then closes. */
  @Override
  public void close() {
    unbindMetrics();
    producer.close(CLOSE_TIMEOUT);
  }

  /** Closes at once, failing whatever is still buffered: what a crash does. */
  void abort() {
    unbindMetrics();
    producer.close(Duration.ZERO);
  }

  private void unbindMetrics() {
    if (clientMetrics != null) {
      clientMetrics.close();
    }
  }
}
