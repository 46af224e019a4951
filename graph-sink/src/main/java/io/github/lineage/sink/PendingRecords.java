package io.github.lineage.sink;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Records polled but not yet written, in poll order. A batch is always a prefix of that order, so
 * each partition's records are written (and their offsets committed) in order, and the offsets to
 * commit after a batch are exactly the records it contained.
 */
final class PendingRecords {

  private final Deque<ConsumerRecord<byte[], byte[]>> records = new ArrayDeque<>();
  private long oldestNanos;
  private long bytes;

  void add(ConsumerRecord<byte[], byte[]> record, long nowNanos) {
    if (records.isEmpty()) {
      oldestNanos = nowNanos;
    }
    records.add(record);
    bytes += bytes(record);
  }

  int size() {
    return records.size();
  }

  /** Key and value bytes of the pending records. */
  long bytes() {
    return bytes;
  }

  private static long bytes(ConsumerRecord<byte[], byte[]> r) {
    return (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
  }

  boolean isEmpty() {
    return records.isEmpty();
  }

  /** How long the oldest pending record has waited. */
  long ageNanos(long nowNanos) {
    return records.isEmpty() ? 0 : nowNanos - oldestNanos;
  }

  /**
   * Removes and returns the first records, at most {@code max} of them and, past the first, no more
   * than {@code maxBytes} in all.
   */
  List<ConsumerRecord<byte[], byte[]>> take(int max, long maxBytes, long nowNanos) {
    List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(Math.min(max, records.size()));
    long taken = 0;
    while (batch.size() < max && !records.isEmpty()) {
      long next = bytes(records.peek());
      if (!batch.isEmpty() && taken + next > maxBytes) {
        break;
      }
      batch.add(records.poll());
      taken += next;
      bytes -= next;
    }
    // What remains has waited since this moment at most; its own linger starts now.
    oldestNanos = nowNanos;
    return batch;
  }

  /**
   * Forgets the records of partitions this worker no longer owns (their new owner re-reads them).
   */
  void drop(Collection<TopicPartition> partitions) {
    Set<TopicPartition> gone = new HashSet<>(partitions);
    records.removeIf(r -> gone.contains(new TopicPartition(r.topic(), r.partition())));
    bytes = records.stream().mapToLong(PendingRecords::bytes).sum();
  }

  /** The partitions that have records waiting here. */
  Set<TopicPartition> partitions() {
    Set<TopicPartition> partitions = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      partitions.add(new TopicPartition(r.topic(), r.partition()));
    }
    return partitions;
  }

  void clear() {
    records.clear();
    bytes = 0;
  }

  /** The offsets to commit once {@code batch} is written: per partition, its last offset + 1. */
  static Map<TopicPartition, OffsetAndMetadata> offsetsAfter(
      List<ConsumerRecord<byte[], byte[]>> batch) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : batch) {
      offsets.merge(
          new TopicPartition(r.topic(), r.partition()),
          new OffsetAndMetadata(r.offset() + 1),
          (a, b) -> a.offset() >= b.offset() ? a : b);
    }
    return offsets;
  }
}
