package io.github.lineage.parser;

import io.github.lineage.core.kafka.DeadLetter;
import io.github.lineage.core.kafka.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exception that a processor does not handle itself dead-letters the input record it was
 * processing (reason {@code processing}, the original bytes where Streams still has them) and the
 * task goes on. Without it the stream thread would die, be replaced, read the same record again and
 * die again: one poison input would stop every file of its partition. The processors dead-letter
 * the failures they expect (malformed events, extractor errors, oversized documents) themselves;
 * this is the net under the ones nobody expected.
 */
public final class ProcessingFailureHandler implements ProcessingExceptionHandler {

  /** Streams passes its own configuration to {@link #configure}: these travel in it. */
  public static final String DLQ_TOPIC_CONFIG = TooLargeRecordHandler.DLQ_TOPIC_CONFIG;

  public static final String MAX_VALUE_BYTES_CONFIG = "lineage.dlq.max.value.bytes";
  private static final Logger LOG = LoggerFactory.getLogger(ProcessingFailureHandler.class);

  private String dlqTopic;
  private int maxValueBytes;

  @Override
  public void configure(Map<String, ?> configs) {
    Object topic = configs.get(DLQ_TOPIC_CONFIG);
    Object max = configs.get(MAX_VALUE_BYTES_CONFIG);
    if (topic == null || max == null) {
      throw new IllegalArgumentException(
          DLQ_TOPIC_CONFIG + " and " + MAX_VALUE_BYTES_CONFIG + " must be set");
    }
    dlqTopic = topic.toString();
    maxValueBytes = Integer.parseInt(max.toString());
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    if (exception instanceof StreamsException) {
      // Streams' own failure surfacing in a processor (a send that failed, a fenced producer): not
      // the input's fault. Failing lets Streams abort the transaction and process the input again.
      return Response.fail();
    }
    // A record forwarded by a punctuator (the debounce flush) has no source bytes: its key still
    // names the file, and the letter says where processing stopped.
    byte[] key = context.sourceRawKey() != null ? context.sourceRawKey() : keyBytes(record);
    byte[] value = context.sourceRawValue();
    LOG.warn(
        "processor {} failed on {} ({}-{}@{}): dead-lettered, the task goes on",
        context.processorNodeId(),
        key == null ? "a record without key" : new String(key, StandardCharsets.UTF_8),
        context.topic(),
        context.partition(),
        context.offset(),
        exception);
    DeadLetter letter =
        DeadLetter.of(
            DeadLetter.Stage.PARSER,
            context.topic(),
            context.partition(),
            context.offset(),
            key,
            value,
            DeadLetterReason.PROCESSING,
            exception,
            1);
    return Response.resume(List.of(letter.toRecord(dlqTopic, maxValueBytes)));
  }

  private static byte[] keyBytes(Record<?, ?> record) {
    if (record == null || record.key() == null) {
      return null;
    }
    return record.key() instanceof byte[] bytes
        ? bytes
        : record.key().toString().getBytes(StandardCharsets.UTF_8);
  }
}
