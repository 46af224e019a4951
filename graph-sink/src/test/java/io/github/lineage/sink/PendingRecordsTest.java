package io.github.lineage.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PendingRecordsTest {

  private static ConsumerRecord<byte[], byte[]> record(int partition, long offset) {
    return new ConsumerRecord<>("docs", partition, offset, new byte[] {1}, new byte[] {2});
  }

  @Test
  void shouldTakeBatchesAsPrefixesOfPollOrderAndCommitExactlyWhatTheyHold() {
    PendingRecords pending = new PendingRecords();
    List.of(record(0, 5), record(1, 9), record(0, 6), record(1, 10), record(0, 7))
        .forEach(r -> pending.add(r, 0));
    List<ConsumerRecord<byte[], byte[]>> batch = pending.take(3, Long.MAX_VALUE, 0);
    assertThat(batch)
        .extracting(r -> r.partition() + "@" + r.offset())
        .containsExactly("0@5", "1@9", "0@6");
    assertThat(PendingRecords.offsetsAfter(batch))
        .containsOnly(
            org.assertj.core.api.Assertions.entry(
                new TopicPartition("docs", 0), new OffsetAndMetadata(7)),
            org.assertj.core.api.Assertions.entry(
                new TopicPartition("docs", 1), new OffsetAndMetadata(10)));
    assertThat(pending.take(10, Long.MAX_VALUE, 0))
        .extracting(r -> r.partition() + "@" + r.offset())
        .containsExactly("1@10", "0@7");
    assertThat(pending.isEmpty()).isTrue();
  }

  @Test
  void shouldDropOnlyTheRecordsOfRevokedPartitions() {
    PendingRecords pending = new PendingRecords();
    List.of(record(0, 1), record(1, 1), record(2, 1), record(1, 2)).forEach(r -> pending.add(r, 0));
    pending.drop(List.of(new TopicPartition("docs", 1)));
    assertThat(pending.take(10, Long.MAX_VALUE, 0))
        .extracting(ConsumerRecord::partition)
        .containsExactly(0, 2);
  }

  @Test
  void shouldMeasureLingerFromTheOldestPendingRecord() {
    PendingRecords pending = new PendingRecords();
    assertThat(pending.ageNanos(100)).isZero();
    pending.add(record(0, 1), 100);
    pending.add(record(0, 2), 150);
    assertThat(pending.ageNanos(300)).isEqualTo(200);
  }

  private static ConsumerRecord<byte[], byte[]> sized(long offset, int valueBytes) {
    return new ConsumerRecord<>("docs", 0, offset, new byte[] {1}, new byte[valueBytes]);
  }

  @Test
  void shouldCloseABatchAtItsByteBudgetBeforeItsCount() {
    PendingRecords pending = new PendingRecords();
    List.of(sized(1, 399), sized(2, 399), sized(3, 399), sized(4, 99))
        .forEach(r -> pending.add(r, 0));
    assertThat(pending.bytes()).isEqualTo(4 + 399 * 3 + 99);

    assertThat(pending.take(100, 1000, 0))
        .extracting(ConsumerRecord::offset)
        .containsExactly(1L, 2L);
    assertThat(pending.bytes()).isEqualTo(400 + 100);
    assertThat(pending.take(100, 1000, 0))
        .extracting(ConsumerRecord::offset)
        .containsExactly(3L, 4L);
    assertThat(pending.bytes()).isZero();
  }

  @Test
  void shouldTakeARecordLargerThanTheBudgetAloneRatherThanNever() {
    PendingRecords pending = new PendingRecords();
    pending.add(sized(1, 5000), 0);
    pending.add(sized(2, 10), 0);

    assertThat(pending.take(100, 1000, 0)).extracting(ConsumerRecord::offset).containsExactly(1L);
    assertThat(pending.take(100, 1000, 0)).extracting(ConsumerRecord::offset).containsExactly(2L);
  }
}
