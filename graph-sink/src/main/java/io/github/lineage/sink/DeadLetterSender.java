package io.github.lineage.sink;

import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.kafka.DeadLetter;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;

/**
 * Sends the sink's dead letters and waits for each to be acknowledged: only then may a batch
 * commit.
 */
final class DeadLetterSender {

  private static final long ACK_TIMEOUT_SECONDS = 60;

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final int maxValueBytes;

  DeadLetterSender(Producer<byte[], byte[]> producer, KafkaSettings kafka) {
    this.producer = producer;
    this.topic = kafka.topics().dlq();
    this.maxValueBytes = kafka.limits().maxRecordBytes();
  }

  void send(List<DeadLetter> letters) {
    for (DeadLetter letter : letters) {
      try {
        producer
            .send(letter.toRecord(topic, maxValueBytes))
            .get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BatchAborted();
      } catch (ExecutionException | TimeoutException e) {
        // Not committing is the safe answer: the record is read again and dead-lettered again.
        throw new IllegalStateException("cannot write to the DLQ " + topic, e);
      }
    }
  }
}
