package io.github.lineage.sink;

import static io.github.lineage.sink.Docs.doc;
import static io.github.lineage.sink.Docs.insert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lineage.core.kafka.DeadLetter;
import io.github.lineage.core.kafka.Topics;
import io.github.lineage.core.metrics.MetricNames;
import io.github.lineage.core.model.LineageDocument;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.TransientException;

/**
 * The batch processor alone, against a scripted graph: what is written, split, retried and
 * dead-lettered.
 */
class BatchProcessorTest {

  private static final String TOPIC = "lineage.documents";
  private static final int MAX_ATTEMPTS = 3;
  private static final RetryPolicy POLICY =
      new RetryPolicy(MAX_ATTEMPTS, Duration.ofMillis(100), Duration.ofSeconds(1));

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final SinkMetrics metrics = new SinkMetrics(registry);
  private final List<Duration> pauses = new ArrayList<>();
  private final Pause recording = pauses::add;
  private long offset;

  private BatchProcessor processor(ScriptedGraph graph, Predicate<String> batched) {
    return new BatchProcessor(graph, POLICY, batched, "topic-id-1", metrics, recording, "test");
  }

  private BatchProcessor processor(ScriptedGraph graph) {
    return processor(graph, key -> true);
  }

  private ConsumerRecord<byte[], byte[]> record(String key, byte[] value) {
    return new ConsumerRecord<>(
        TOPIC, 0, offset++, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
  }

  private ConsumerRecord<byte[], byte[]> record(LineageDocument doc) {
    return record(doc.key(), Topics.DOCUMENT_SERDE.toBytes(doc));
  }

  private static LineageDocument file(String name, String sha) {
    return doc(
        "repo:" + name + ".sql", sha, insert(List.of("raw." + name), List.of("mart." + name)));
  }

  private double count(String name, String... tags) {
    return registry.counter(name, tags).count();
  }

  @Test
  void shouldWriteTheLastDocumentOfEachKeyInOneFencedTransaction() {
    ScriptedGraph graph = new ScriptedGraph();
    var a1 = record(file("a", "sha-a1"));
    var b = record(file("b", "sha-b"));
    var a2 = record(file("a", "sha-a2"));
    var c = record("repo:c.sql", null);

    BatchOutcome outcome = processor(graph).process(List.of(a1, b, a2, c));

    assertThat(graph.calls).containsExactly("batch[repo:b.sql, repo:a.sql, repo:c.sql]");
    assertThat(graph.files.get("repo:a.sql").graph().sha256()).isEqualTo("sha-a2");
    assertThat(graph.positions.get(0).get("repo:a.sql"))
        .isEqualTo(new Position(TOPIC + "@topic-id-1", 0, 2));
    assertThat(outcome.records()).isEqualTo(4);
    assertThat(outcome.writtenKeys()).containsExactly("repo:a.sql", "repo:b.sql", "repo:c.sql");
    assertThat(outcome.deadLetters()).isEmpty();
    assertThat(outcome.batched()).isEqualTo(3);
    assertThat(pauses).isEmpty();
  }

  @Test
  void shouldReportTheDocumentsTheFenceLeftOutApartFromTheWrittenOnes() {
    ScriptedGraph graph = new ScriptedGraph().fence("repo:a.sql");

    BatchOutcome outcome =
        processor(graph).process(List.of(record(file("a", "1")), record(file("b", "1"))));

    assertThat(outcome.fencedKeys()).containsExactly("repo:a.sql");
    assertThat(outcome.writtenKeys()).containsExactly("repo:b.sql");
  }

  @Test
  void shouldWriteABatchThatFailedForANonTransientReasonOneDocumentAtATime() {
    ScriptedGraph graph =
        new ScriptedGraph()
            .failNext(new ClientException("Neo.ClientError.Statement.SyntaxError", "no"));

    BatchOutcome outcome =
        processor(graph).process(List.of(record(file("a", "1")), record(file("b", "1"))));

    assertThat(graph.calls)
        .containsExactly("batch[repo:a.sql, repo:b.sql]", "one[repo:a.sql]", "one[repo:b.sql]");
    assertThat(outcome.writtenKeys()).containsExactly("repo:a.sql", "repo:b.sql");
    assertThat(pauses).as("split at once, no retry of the whole batch").isEmpty();
  }

  @Test
  void shouldSplitABatchWhoseTransientFailureOutlastsMaxAttempts() {
    TransientException memory =
        new TransientException("Neo.TransientError.General.MemoryPoolOutOfMemoryError", "full");
    ScriptedGraph graph = new ScriptedGraph().failNext(memory, memory, memory);

    BatchOutcome outcome =
        processor(graph).process(List.of(record(file("a", "1")), record(file("b", "1"))));

    assertThat(graph.calls)
        .containsExactly(
            "batch[repo:a.sql, repo:b.sql]",
            "batch[repo:a.sql, repo:b.sql]",
            "batch[repo:a.sql, repo:b.sql]",
            "one[repo:a.sql]",
            "one[repo:b.sql]");
    assertThat(pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    assertThat(outcome.writtenKeys()).containsExactly("repo:a.sql", "repo:b.sql");
    assertThat(count(MetricNames.NEO4J_BATCH_RETRIES)).isEqualTo(2.0);
  }

  @Test
  void shouldDeadLetterADocumentThatFailsMaxAttemptsWithItsOriginalBytesAndWriteTheOthers() {
    ScriptedGraph graph =
        new ScriptedGraph()
            .failAlways(
                "repo:b.sql",
                new ClientException("Neo.ClientError.Schema.IndexKeyTooLarge", "key too large"));
    var a = record(file("a", "1"));
    var b = record(file("b", "1"));
    var c = record(file("c", "1"));

    BatchOutcome outcome = processor(graph).process(List.of(a, b, c));

    assertThat(graph.calls)
        .containsExactly(
            "batch[repo:a.sql, repo:b.sql, repo:c.sql]",
            "one[repo:a.sql]",
            "one[repo:b.sql]",
            "one[repo:b.sql]",
            "one[repo:b.sql]",
            "one[repo:c.sql]");
    assertThat(outcome.writtenKeys()).containsExactly("repo:a.sql", "repo:c.sql");
    assertThat(graph.files).containsOnlyKeys("repo:a.sql", "repo:c.sql");
    assertThat(outcome.deadLetters()).hasSize(1);
    DeadLetter letter = outcome.deadLetters().get(0);
    assertThat(letter.reason()).isEqualTo("write_failed");
    assertThat(letter.attempts()).isEqualTo(MAX_ATTEMPTS);
    assertThat(letter.key()).isEqualTo(b.key());
    assertThat(letter.value()).isEqualTo(b.value());
    assertThat(letter.originalOffset()).isEqualTo(b.offset());
    assertThat(count(MetricNames.FILES_FAILED, "stage", "sink", "reason", "write_failed"))
        .isEqualTo(1.0);
    assertThat(pauses).hasSize(MAX_ATTEMPTS - 1);
  }

  @Test
  void shouldRetryAnOutagePastMaxAttemptsUntilTheGraphIsBack() {
    ServiceUnavailableException down = new ServiceUnavailableException("Connection refused");
    ScriptedGraph graph = new ScriptedGraph().failNext(down, down, down, down, down, down, down);

    BatchOutcome outcome =
        processor(graph).process(List.of(record(file("a", "1")), record(file("b", "1"))));

    assertThat(graph.calls)
        .hasSize(8)
        .allMatch(call -> call.equals("batch[repo:a.sql, repo:b.sql]"));
    assertThat(outcome.writtenKeys()).containsExactly("repo:a.sql", "repo:b.sql");
    assertThat(outcome.deadLetters()).isEmpty();
    assertThat(pauses).hasSize(7).endsWith(Duration.ofSeconds(1));
  }

  @Test
  void shouldWaitOutAnOutageOfASingleDocumentWithoutDeadLetteringIt() {
    ServiceUnavailableException down = new ServiceUnavailableException("Connection refused");
    ScriptedGraph graph = new ScriptedGraph().failNext(down, down, down, down, down);

    BatchOutcome outcome = processor(graph, key -> false).process(List.of(record(file("a", "1"))));

    assertThat(graph.calls).hasSize(6).allMatch(call -> call.equals("entity[repo:a.sql]"));
    assertThat(outcome.writtenKeys()).containsExactly("repo:a.sql");
    assertThat(outcome.deadLetters()).isEmpty();
  }

  @Test
  void shouldDeadLetterAnUndecodableRecordAsMalformedAndWriteTheRest() {
    ScriptedGraph graph = new ScriptedGraph();
    byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
    var bad = record("repo:bad.sql", garbage);
    var keyless = record(null, garbage);
    var good = record(file("a", "1"));

    BatchOutcome outcome = processor(graph).process(List.of(bad, keyless, good));

    assertThat(outcome.writtenKeys()).containsExactly("repo:a.sql");
    assertThat(outcome.deadLetters())
        .extracting(DeadLetter::reason)
        .containsExactly("malformed", "malformed");
    assertThat(outcome.deadLetters().get(0).value()).isEqualTo(garbage);
    assertThat(outcome.deadLetters().get(0).key()).isEqualTo(bad.key());
    assertThat(graph.calls).containsExactly("one[repo:a.sql]");
    assertThat(count(MetricNames.FILES_FAILED, "stage", "sink", "reason", "malformed"))
        .isEqualTo(2.0);
  }

  @Test
  void shouldRouteEachKeyByItsFlagAndDeadLetterABaselineDocumentAfterMaxAttempts() {
    ScriptedGraph graph =
        new ScriptedGraph().failAlways("repo:b.sql", new ClientException("x", "refused"));
    Predicate<String> batchedOnlyA = "repo:a.sql"::equals;

    BatchOutcome outcome =
        processor(graph, batchedOnlyA)
            .process(
                List.of(record(file("a", "1")), record(file("b", "1")), record(file("c", "1"))));

    assertThat(graph.calls)
        .containsExactly(
            "one[repo:a.sql]",
            "entity[repo:b.sql]",
            "entity[repo:b.sql]",
            "entity[repo:b.sql]",
            "entity[repo:c.sql]");
    assertThat(outcome.batched()).isEqualTo(1);
    assertThat(outcome.baseline()).isEqualTo(2);
    assertThat(outcome.writtenKeys()).containsExactly("repo:a.sql", "repo:c.sql");
    assertThat(outcome.deadLetters())
        .extracting(DeadLetter::reason)
        .containsExactly("write_failed");
  }

  @Test
  void shouldAbandonTheBatchWhenItsWorkerStopsDuringAnOutage() {
    ScriptedGraph graph = new ScriptedGraph().failNext(new ServiceUnavailableException("down"));
    Pause stopping =
        new Pause() {
          private int attempts;

          @Override
          public void await(Duration backoff) {}

          @Override
          public void beforeAttempt() {
            if (++attempts > 1) {
              throw new BatchAborted();
            }
          }
        };
    BatchProcessor processor =
        new BatchProcessor(graph, POLICY, key -> true, "id", metrics, stopping, "test");

    assertThatThrownBy(() -> processor.process(List.of(record(file("a", "1")))))
        .isInstanceOf(BatchAborted.class);
    assertThat(graph.files).isEmpty();
    assertThat(Set.copyOf(graph.calls)).containsExactly("one[repo:a.sql]");
  }
}
