package io.github.lineage.parser;

import io.github.lineage.core.kafka.DeadLetter;
import io.github.lineage.core.kafka.DeadLetterReason;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns a failed change event into the record the DLQ sink writes: original bytes, error headers.
 */
final class DeadLetters {

  private final String dlqTopic;
  private final int maxValueBytes;

  DeadLetters(String dlqTopic, int maxValueBytes) {
    this.dlqTopic = dlqTopic;
    this.maxValueBytes = maxValueBytes;
  }

  Record<byte[], byte[]> record(Origin origin, DeadLetterReason reason, Throwable error) {
    ProducerRecord<byte[], byte[]> letter =
        DeadLetter.of(
                DeadLetter.Stage.PARSER,
                origin.topic(),
                origin.partition(),
                origin.offset(),
                origin.key(),
                origin.value(),
                reason,
                error,
                1)
            .toRecord(dlqTopic, maxValueBytes);
    return new Record<>(letter.key(), letter.value(), origin.timestamp(), letter.headers());
  }
}
