package io.github.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.kafka.DeadLetter;
import io.github.lineage.core.kafka.DeadLetterReason;
import io.github.lineage.core.kafka.TopicNames;
import io.github.lineage.core.kafka.TopicProvisioner;
import io.github.lineage.local.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DlqCommandIT {

  private static EmbeddedKafka kafka;
  private static final TopicNames TOPICS = TopicNames.defaults();

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = EmbeddedKafka.startTemporary();
    TopicProvisioner.ensureTopics(
        KafkaSettings.of(kafka.bootstrapServers(), TOPICS), Duration.ofSeconds(30));
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    // One request in flight: a first batch the broker refuses while it still opens a partition
    // just created is retried before a later one overtakes it; with several in flight the
    // idempotent producer loses it (KAFKA-15591, apache/kafka#23234).
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    try (var producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer
          .send(
              DeadLetter.of(
                      DeadLetter.Stage.SINK,
                      TOPICS.documents(),
                      2,
                      41L,
                      bytes("wh:a.sql"),
                      bytes("{not json"),
                      DeadLetterReason.MALFORMED,
                      new IllegalArgumentException("bad document"),
                      1)
                  .toRecord(TOPICS.dlq()))
          .get();
      producer
          .send(
              DeadLetter.rejected(
                      DeadLetter.Stage.WATCHER,
                      bytes("wh:blob.sql"),
                      bytes("{\"size\":3}"),
                      DeadLetterReason.BINARY,
                      "NUL bytes")
                  .toRecord(TOPICS.dlq()))
          .get();
      // A letter another tool wrote with a header this one cannot read.
      ProducerRecord<byte[], byte[]> bad =
          DeadLetter.of(
                  DeadLetter.Stage.SINK,
                  TOPICS.documents(),
                  0,
                  1L,
                  bytes("wh:odd.sql"),
                  bytes("{}"),
                  DeadLetterReason.MALFORMED,
                  null,
                  1)
              .toRecord(TOPICS.dlq());
      bad.headers().remove(DeadLetter.H_ATTEMPTS).add(DeadLetter.H_ATTEMPTS, bytes("many"));
      producer.send(bad).get();
      // A letter whose key has a newer document on the topic since: replaying it would put the old
      // one back.
      producer
          .send(
              DeadLetter.of(
                      DeadLetter.Stage.SINK,
                      TOPICS.documents(),
                      0,
                      0L,
                      bytes("wh:c.sql"),
                      bytes("{old c}"),
                      DeadLetterReason.WRITE_FAILED,
                      new IllegalStateException("graph said no"),
                      5)
                  .toRecord(TOPICS.dlq()))
          .get();
      Thread.sleep(5);
      producer
          .send(new ProducerRecord<>(TOPICS.documents(), bytes("wh:c.sql"), bytes("{newer c}")))
          .get();
    }
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @Test
  void shouldListEveryDeadLetterWithItsStageReasonAndOrigin() {
    var list =
        CliRunner.lineage("dlq", "list", "--kafka", kafka.bootstrapServers(), "--format", "json");
    assertThat(list.exitCode()).as(list.err()).isZero();
    List<String> lines = list.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(list.err()).contains("dlq@2 cannot be read");
    assertThat(lines.get(0))
        .contains("\"stage\":\"sink\"")
        .contains("malformed")
        .contains("bad document")
        .contains(TOPICS.documents())
        .contains("wh:a.sql");
    assertThat(lines.get(1))
        .contains("\"stage\":\"watcher\"")
        .contains("binary")
        .contains("wh:blob.sql");
  }

  @Test
  void shouldReplayOnlyWhatNoNewerRecordSupersedesAndNothingTwice() {
    var dryRun =
        CliRunner.lineage("dlq", "replay", "--kafka", kafka.bootstrapServers(), "--dry-run");
    assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
    assertThat(dryRun.out())
        .contains("would replay 1 dead letter(s), skipped 1, superseded 1, unreadable 1")
        .contains("superseded dlq@3 wh:c.sql");
    assertThat(values(TOPICS.documents())).containsExactly("{newer c}");

    var replay =
        CliRunner.lineage("dlq", "replay", "--kafka", kafka.bootstrapServers(), "--stage", "sink");
    assertThat(replay.exitCode()).as(replay.err()).isZero();
    assertThat(values(TOPICS.documents())).containsExactlyInAnyOrder("{newer c}", "{not json");

    var again =
        CliRunner.lineage("dlq", "replay", "--kafka", kafka.bootstrapServers(), "--format", "json");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out())
        .doesNotContain("\"action\":\"send\"")
        .contains("\"action\":\"superseded\"");
    assertThat(values(TOPICS.documents())).as("a second replay sends nothing").hasSize(2);
  }

  @Test
  void shouldSelectLettersByKeyAndSince() {
    var byKey =
        CliRunner.lineage(
            "dlq",
            "replay",
            "--kafka",
            kafka.bootstrapServers(),
            "--dry-run",
            "--key",
            "wh:blob.sql");
    assertThat(byKey.out()).contains("skip       dlq@1 wh:blob.sql").doesNotContain("wh:a.sql");
    var future =
        CliRunner.lineage(
            "dlq",
            "replay",
            "--kafka",
            kafka.bootstrapServers(),
            "--dry-run",
            "--since",
            "2999-01-01T00:00:00Z");
    assertThat(future.out()).contains("would replay 0 dead letter(s), skipped 0, superseded 0");
    var bad =
        CliRunner.lineage(
            "dlq", "replay", "--kafka", kafka.bootstrapServers(), "--since", "yesterday");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--since must be an ISO-8601 instant");
  }

  @Test
  void shouldRejectAnUnknownStage() {
    var replay =
        CliRunner.lineage("dlq", "replay", "--kafka", kafka.bootstrapServers(), "--stage", "nope");
    assertThat(replay.exitCode()).isEqualTo(2);
    assertThat(replay.err()).startsWith("lineage:");
  }

  private static List<String> values(String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    List<String> values = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      var end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        consumer
            .poll(Duration.ofMillis(200))
            .forEach(r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
      }
    }
    return values;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
