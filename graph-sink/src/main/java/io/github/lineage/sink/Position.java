package io.github.lineage.sink;

import java.util.Objects;

/** Where a document was read: its topic, partition and offset; the unit of the sink's fence. */
record Position(String topic, int partition, long offset) {

  Position {
    Objects.requireNonNull(topic, "topic");
  }

  /** The id of the partition's fence node. */
  String partitionId() {
    return topic + "-" + partition;
  }
}
