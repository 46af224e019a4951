package io.github.lineage.sink;

import io.github.lineage.core.kafka.DeadLetterReason;
import io.github.lineage.core.kafka.Topics;
import io.github.lineage.core.model.LineageDocument;
import io.github.lineage.core.model.SourceKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;

/** A consumed record turned into a file change, or rejected with the reason it cannot be one. */
sealed interface DecodedRecord {

  ConsumerRecord<byte[], byte[]> record();

  /** A valid change; {@code changedAt} is the file's modification time, else the record's. */
  /** {@code document} is null for a tombstone. */
  record Change(
      FileState change,
      ConsumerRecord<byte[], byte[]> record,
      Instant changedAt,
      LineageDocument document)
      implements DecodedRecord {}

  record Rejected(ConsumerRecord<byte[], byte[]> record, DeadLetterReason reason, Exception error)
      implements DecodedRecord {}

  /** Decodes from the raw bytes, so that a bad record can be dead-lettered exactly as it came. */
  static DecodedRecord decode(ConsumerRecord<byte[], byte[]> record) {
    if (record.key() == null) {
      return new Rejected(
          record, DeadLetterReason.MALFORMED, new InvalidDocumentException("record without a key"));
    }
    String key = new String(record.key(), StandardCharsets.UTF_8);
    Instant recordTime =
        record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : Instant.now();
    try {
      if (record.value() == null) {
        SourceKey.parse(key);
        return new Change(FileState.delete(key), record, recordTime, null);
      }
      LineageDocument document = Topics.DOCUMENT_SERDE.fromBytes(record.value());
      FileState change = FileState.upsert(FileGraph.from(key, document, recordTime));
      // Plan once here: an action that breaks an invariant is bad input, not a write failure.
      GraphPlanner.merge(List.of(change));
      return new Change(
          change,
          record,
          document.modifiedAt() != null ? document.modifiedAt() : recordTime,
          document);
    } catch (SerializationException e) {
      return new Rejected(record, DeadLetterReason.MALFORMED, e);
    } catch (IllegalArgumentException | NullPointerException e) {
      return new Rejected(record, DeadLetterReason.INVALID, e);
    }
  }
}
