package io.github.lineage.parser;

import io.github.lineage.core.kafka.DeadLetterReason;
import io.github.lineage.core.kafka.Topics;
import io.github.lineage.core.model.ChangeEvent;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes the raw bytes of a change event. The topology reads bytes (never a deserializing source)
 * so that a malformed record reaches the DLQ with its original key and value, and the records after
 * it are still processed. An event of a file inside a dbt project goes to the project's side of the
 * topology instead ({@link DbtTopology}), keyed by its project.
 */
final class DecodeProcessor implements Processor<byte[], byte[], Object, Object> {

  private static final Logger LOG = LoggerFactory.getLogger(DecodeProcessor.class);

  private final DeadLetters deadLetters;
  private final ParserMetrics metrics;
  private final String next;
  private final String dbt;
  private final String dlq;
  private ProcessorContext<Object, Object> context;

  DecodeProcessor(
      DeadLetters deadLetters, ParserMetrics metrics, String next, String dbt, String dlq) {
    this.deadLetters = deadLetters;
    this.metrics = metrics;
    this.next = next;
    this.dbt = dbt;
    this.dlq = dlq;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElse(null);
    Origin origin =
        new Origin(
            meta == null ? null : meta.topic(),
            meta == null ? -1 : meta.partition(),
            meta == null ? -1 : meta.offset(),
            record.timestamp(),
            record.key(),
            record.value());
    DecodedChange change;
    try {
      change = decode(origin);
    } catch (SerializationException | IllegalArgumentException | NullPointerException e) {
      LOG.warn(
          "malformed change event at {}-{}@{} sent to the DLQ: {}",
          origin.topic(),
          origin.partition(),
          origin.offset(),
          e.getMessage());
      metrics.failed(DeadLetterReason.MALFORMED).increment();
      context.forward(deadLetters.record(origin, DeadLetterReason.MALFORMED, e), dlq);
      return;
    }
    if (change.event().inDbtProject()) {
      context.forward(
          new Record<>(change.event().dbtProjectKey(), record.value(), record.timestamp()), dbt);
      return;
    }
    context.forward(new Record<>(change.event().key(), change, record.timestamp()), next);
  }

  static DecodedChange decode(Origin origin) {
    if (origin.key() == null) {
      throw new IllegalArgumentException("change event without a key");
    }
    if (origin.value() == null) {
      throw new IllegalArgumentException(
          "change event without a value (file-changes has no tombstones)");
    }
    String key = new String(origin.key(), StandardCharsets.UTF_8);
    ChangeEvent event = Topics.CHANGE_EVENT_SERDE.fromBytes(origin.value());
    if (event.schemaVersion() > ChangeEvent.SCHEMA_VERSION) {
      throw new IllegalArgumentException(
          "change event schema version "
              + event.schemaVersion()
              + " is newer than the supported "
              + ChangeEvent.SCHEMA_VERSION);
    }
    // The document is keyed by the event; a record filed under another key would break ordering.
    if (!event.key().equals(key)) {
      throw new IllegalArgumentException(
          "record key '" + key + "' does not match the event's '" + event.key() + "'");
    }
    return new DecodedChange(event, origin);
  }
}
