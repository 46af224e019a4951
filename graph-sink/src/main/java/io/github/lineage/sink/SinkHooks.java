package io.github.lineage.sink;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Test seams of the sink loop; production uses {@link #NONE}. */
interface SinkHooks {

  SinkHooks NONE = new SinkHooks() {};

  /** Called after a batch committed in the graph and before its offsets are committed. */
  default void afterGraphWrite(List<ConsumerRecord<byte[], byte[]>> batch) {}
}
