package io.github.lineage.watcher;

import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.kafka.DeadLetter;
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
 * Sends change events and dead letters through one idempotent producer ({@code acks=all}): the
 * key is {@code source:path}, so every event of one file lands on one partition, in send order.
 */
final class Publisher implements AutoCloseable {

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaProducer<byte[], byte[]> producer;
  private final String changesTopic;
  private final String dlqTopic;
  private KafkaClientMetrics clientMetrics;

  Publisher(KafkaSettings kafka, String clientId, long maxFileBytes, Map<String, Object> overrides) {
    Properties props = kafka.clientProperties();
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    // SQL compresses well; the broker checks the compressed batch against its size limit.
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // A file of maxFileBytes becomes up to ~2x that as escaped JSON; let the producer try, and
    // let the broker's own limit decide (a refusal dead-letters the file as too_large).
    long maxRequest = Math.max(1024L * 1024, Math.min(Integer.MAX_VALUE / 2, 2 * maxFileBytes + 64 * 1024));
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, (int) maxRequest);
    props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(32L * 1024 * 1024, 2 * maxRequest));
    props.putAll(overrides);
    this.producer = new KafkaProducer<>(props);
    this.changesTopic = kafka.topics().fileChanges();
    this.dlqTopic = kafka.topics().dlq();
  }

  Future<RecordMetadata> send(ChangeEvent event) {
    byte[] key = event.key().getBytes(StandardCharsets.UTF_8);
    return producer.send(new ProducerRecord<>(changesTopic, key, Topics.CHANGE_EVENT_SERDE.toBytes(event)));
  }

  Future<RecordMetadata> send(DeadLetter deadLetter) {
    return producer.send(deadLetter.toRecord(dlqTopic));
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
