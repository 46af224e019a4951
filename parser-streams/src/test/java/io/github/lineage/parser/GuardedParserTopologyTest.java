package io.github.lineage.parser;

import static io.github.lineage.parser.Events.insert;
import static io.github.lineage.parser.Events.key;
import static io.github.lineage.parser.Events.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.guard.Drill;
import io.github.lineage.core.guard.ProcessGuard;
import io.github.lineage.core.kafka.TopicNames;
import io.github.lineage.core.kafka.Topics;
import io.github.lineage.core.metrics.MetricNames;
import io.github.lineage.core.model.ChangeEvent;
import io.github.lineage.core.model.LineageDocument;
import io.github.lineage.sql.LineageEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parser with the process guard: signals per cohort, sampled lineage checks, the drill, the
 * re-parse.
 */
class GuardedParserTopologyTest {

  private static final TopicNames TOPICS = TopicNames.defaults();

  /**
   * Two statements, so a corrupted hit (first statement dropped) keeps one and is visibly short.
   */
  private static final String CONTENT = insert("t", "a") + insert("u", "b");

  private static LineageEngine engine;

  @TempDir Path home;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final KeyFlags flags = new KeyFlags((flag, key) -> flag != Flag.DEBOUNCE);
  private ProcessGuard guard;
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> input;
  private TestOutputTopic<String, LineageDocument> documents;
  private TestOutputTopic<byte[], byte[]> dlq;

  @BeforeAll
  static void startEngine() {
    engine = LineageEngine.defaults();
  }

  @AfterAll
  static void closeEngine() {
    engine.close();
  }

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
    guard.close();
  }

  private void start(Map<String, String> guardEnv) {
    Map<String, String> env = new HashMap<>(guardEnv);
    env.put(ParserConfig.ENV_APPLICATION_ID, "parser-guard-test");
    env.put(ParserConfig.ENV_DEBOUNCE_WINDOW_SECONDS, "0");
    ParserConfig config = ParserConfig.from(new EnvReader(env), new LineageHome(home));
    KafkaSettings kafka =
        KafkaSettings.from(
            new EnvReader(env).with(Map.of(KafkaSettings.ENV_BOOTSTRAP, "unused:9092")));
    guard = ProcessGuard.start(new EnvReader(env), new LineageHome(home), flags, "test", registry);
    driver =
        new TopologyTestDriver(
            TopologyFactory.build(kafka, config, guard, engine, registry),
            config.streamsProperties(kafka, 1),
            Instant.parse("2026-01-01T00:00:00Z"));
    input =
        driver.createInputTopic(
            TOPICS.fileChanges(), new ByteArraySerializer(), new ByteArraySerializer());
    documents =
        driver.createOutputTopic(
            TOPICS.documents(),
            Topics.KEY_SERDE.deserializer(),
            Topics.DOCUMENT_SERDE.deserializer());
    dlq =
        driver.createOutputTopic(
            TOPICS.dlq(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private void send(ChangeEvent event) {
    input.pipeInput(Events.keyBytes(event), Events.valueBytes(event));
    driver.advanceWallClockTime(Duration.ofSeconds(2));
  }

  private double count(String name, String tag, String value) {
    return registry.find(name).tag(tag, value).counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  @Test
  void shouldSendTheFreshLineageAndCountAMismatchWhenASampledHitIsWrong() {
    start(Map.of(Drill.ENV, "lineage.parse-cache:corrupt", ProcessGuard.SAMPLE_ENV, "1.0"));
    send(upsert("models/one.sql", CONTENT));
    send(upsert("models/two.sql", CONTENT));

    List<LineageDocument> out = documents.readValuesToList();
    assertThat(out).hasSize(2);
    assertThat(out.get(1).statements()).hasSize(2).isEqualTo(out.get(0).statements());
    assertThat(registry.get(MetricNames.PARSE_CACHE_HIT).counter().count()).isEqualTo(1);
    assertThat(count(MetricNames.GUARD_LINEAGE_CHECKS, "result", "mismatch")).isEqualTo(1);
  }

  @Test
  void shouldFindNoMismatchOnAHealthyHit() {
    start(Map.of(ProcessGuard.SAMPLE_ENV, "1.0"));
    send(upsert("models/one.sql", CONTENT));
    send(upsert("models/two.sql", CONTENT));

    assertThat(documents.readValuesToList()).hasSize(2);
    assertThat(count(MetricNames.GUARD_LINEAGE_CHECKS, "result", "match")).isEqualTo(1);
    assertThat(count(MetricNames.GUARD_LINEAGE_CHECKS, "result", "mismatch")).isZero();
    assertThat(count(MetricNames.GUARD_COHORT_FILES, "outcome", "processed")).isPositive();
  }

  @Test
  void shouldReParseTheFilesServedFromTheCacheOnceTheCacheIsOffForThem() {
    start(Map.of(Drill.ENV, "lineage.parse-cache:corrupt", ProcessGuard.SAMPLE_ENV, "0"));
    send(upsert("models/one.sql", CONTENT));
    send(upsert("models/two.sql", CONTENT));
    List<LineageDocument> before = documents.readValuesToList();
    assertThat(before.get(1).statements()).as("the corrupted hit, unchecked").hasSize(1);

    guard.flags().disable(Flag.PARSE_CACHE);
    driver.advanceWallClockTime(Duration.ofSeconds(2));

    List<LineageDocument> after = documents.readValuesToList();
    assertThat(after).extracting(LineageDocument::key).containsExactly(key("models/two.sql"));
    assertThat(after.get(0).statements()).isEqualTo(before.get(0).statements());
    driver.advanceWallClockTime(Duration.ofSeconds(2));
    assertThat(documents.isEmpty()).as("re-parsed once").isTrue();
  }

  @Test
  void shouldFailOnlyTheOnCohortUnderTheFailDrill() {
    flags.set(
        (flag, key) ->
            flag != Flag.DEBOUNCE && (flag != Flag.PARSE_CACHE || key.endsWith("on.sql")));
    start(Map.of(Drill.ENV, "lineage.parse-cache:fail"));
    send(upsert("models/on.sql", CONTENT));
    send(upsert("models/off.sql", CONTENT));

    assertThat(documents.readValuesToList())
        .extracting(LineageDocument::key)
        .containsExactly(key("models/off.sql"));
    assertThat(dlq.readRecordsToList()).hasSize(1);
    assertThat(
            registry
                .get(MetricNames.GUARD_COHORT_FILES)
                .tag("flag", "lineage.parse-cache")
                .tag("cohort", "on")
                .tag("outcome", "failed")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get(MetricNames.GUARD_COHORT_FILES)
                .tag("flag", "lineage.parse-cache")
                .tag("cohort", "off")
                .tag("outcome", "processed")
                .counter()
                .count())
        .isEqualTo(1);
  }
}
