package io.github.lineage.sink;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Test seams of the sink loop; production uses {@link #NONE}. */
interface SinkHooks {

  SinkHooks NONE = new SinkHooks() {};

  /** Called after a batch committed in the graph and before its offsets are committed. */
  default void afterGraphWrite(List<ConsumerRecord<byte[], byte[]>> batch) {}

  /** How often the workers' catch-up is copied to the graph ({@link CatchUpRecorder}). */
  default Duration catchUpRecordInterval() {
    return Duration.ofSeconds(10);
  }
}
