package io.github.lineage.parser;

import io.github.lineage.core.kafka.DeadLetter;
import io.github.lineage.core.kafka.DeadLetterReason;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record the producer or the broker refuses as too large (a topic made by hand with a smaller
 * limit than the pipeline's, see {@code RecordLimits}) is replaced by a dead letter that references
 * it, and the task goes on: retrying would refuse it again forever, and failing would replace the
 * stream thread over and over. Every other send error fails as before (the task resumes from its
 * last commit).
 */
public final class TooLargeRecordHandler implements ProductionExceptionHandler {

  /**
   * Streams passes its own configuration to {@link #configure}: the dead-letter topic travels in
   * it.
   */
  public static final String DLQ_TOPIC_CONFIG = "lineage.dlq.topic";

  /** The letter carries a reference, never the refused bytes. */
  private static final int LETTER_VALUE_BYTES = 0;

  private static final Logger LOG = LoggerFactory.getLogger(TooLargeRecordHandler.class);

  private String dlqTopic;

  @Override
  public void configure(Map<String, ?> configs) {
    Object topic = configs.get(DLQ_TOPIC_CONFIG);
    if (topic == null) {
      throw new IllegalArgumentException(DLQ_TOPIC_CONFIG + " is not set");
    }
    dlqTopic = topic.toString();
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    if (!(exception instanceof RecordTooLargeException) || dlqTopic.equals(record.topic())) {
      return Response.fail();
    }
    int bytes = record.value() == null ? 0 : record.value().length;
    LOG.warn(
        "record of {} bytes for {} refused as too large ({}): dead-lettered by reference",
        bytes,
        record.topic(),
        exception.getMessage());
    DeadLetter letter =
        DeadLetter.of(
            DeadLetter.Stage.PARSER,
            record.topic(),
            -1,
            -1,
            record.key(),
            record.value(),
            DeadLetterReason.TOO_LARGE,
            exception,
            1);
    return Response.resume(List.of(letter.toRecord(dlqTopic, LETTER_VALUE_BYTES)));
  }
}
