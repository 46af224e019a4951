package io.github.lineage.parser;

import static io.github.lineage.parser.Events.delete;
import static io.github.lineage.parser.Events.insert;
import static io.github.lineage.parser.Events.key;
import static io.github.lineage.parser.Events.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.Flags;
import io.github.lineage.core.flags.StaticFlags;
import io.github.lineage.core.kafka.DeadLetter;
import io.github.lineage.core.kafka.RecordLimits;
import io.github.lineage.core.kafka.TopicNames;
import io.github.lineage.core.kafka.Topics;
import io.github.lineage.core.metrics.MetricNames;
import io.github.lineage.core.model.ChangeEvent;
import io.github.lineage.core.model.LineageDocument;
import io.github.lineage.core.model.StatementLineage;
import io.github.lineage.sql.LineageEngine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParserTopologyTest {

  private static final Duration WINDOW = Duration.ofSeconds(2);
  private static final TopicNames TOPICS = TopicNames.defaults();
  private static LineageEngine engine;

  @TempDir Path home;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private CountingExtractor extractor;
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> input;
  private TestOutputTopic<String, LineageDocument> documents;
  private TestOutputTopic<byte[], byte[]> dlq;
  private TestOutputTopic<byte[], byte[]> cacheTopic;

  @BeforeAll
  static void startEngine() {
    engine = LineageEngine.defaults();
  }

  @AfterAll
  static void closeEngine() {
    engine.close();
  }

  @AfterEach
  void closeDriver() {
    if (driver != null) {
      driver.close();
    }
  }

  private void start(Flags flags) {
    start(flags, WINDOW);
  }

  private void start(Flags flags, Duration window) {
    start(flags, window, Map.of());
  }

  private void start(Flags flags, Duration window, Map<String, String> settings) {
    Map<String, String> env = new java.util.HashMap<>(settings);
    env.put(ParserConfig.ENV_APPLICATION_ID, "parser-test");
    env.put(ParserConfig.ENV_DEBOUNCE_WINDOW_SECONDS, Long.toString(window.toSeconds()));
    ParserConfig config = ParserConfig.from(new EnvReader(env), new LineageHome(home));
    KafkaSettings kafka =
        KafkaSettings.from(
            new EnvReader(env).with(Map.of(KafkaSettings.ENV_BOOTSTRAP, "unused:9092")));
    extractor = new CountingExtractor(engine);
    driver =
        new TopologyTestDriver(
            TopologyFactory.build(kafka, config, flags, extractor, registry),
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
    cacheTopic =
        driver.createOutputTopic(
            config.parseCacheTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private void send(ChangeEvent event) {
    input.pipeInput(Events.keyBytes(event), Events.valueBytes(event));
  }

  private void advance(Duration duration) {
    driver.advanceWallClockTime(duration);
  }

  /** Past the window plus the punctuation interval: every pending key has flushed. */
  private void flush() {
    advance(WINDOW.plusSeconds(1));
  }

  private double counter(String name) {
    var counter = registry.find(name).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void shouldParseOnceWhenFiftySavesOfOneFileArriveWithinTheWindow() {
    start(StaticFlags.allOn());
    for (int i = 0; i < 50; i++) {
      send(upsert("models/a.sql", insert("a", "s" + i)));
      advance(Duration.ofMillis(20));
    }
    assertThat(documents.isEmpty()).as("nothing before the key is quiet").isTrue();

    flush();

    List<KeyValue<String, LineageDocument>> out = documents.readKeyValuesToList();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).key).isEqualTo(key("models/a.sql"));
    assertThat(out.get(0).value.statements())
        .flatExtracting(StatementLineage::sources)
        .containsExactly("raw.s49");
    assertThat(extractor.calls()).isEqualTo(1);
    assertThat(counter(MetricNames.EVENTS_DEDUPLICATED)).isEqualTo(49);
    assertThat(
            registry.find(MetricNames.EVENTS_DEDUPLICATED).tag("stage", "parser").counter().count())
        .isEqualTo(49);
    assertThat(registry.find(MetricNames.FILES_PROCESSED).tag("stage", "parser").counter().count())
        .isEqualTo(1);
  }

  @Test
  void shouldParseEverySaveAtOnceWithAWindowOfZero() {
    start(StaticFlags.allOn(), Duration.ZERO);

    send(upsert("models/a.sql", insert("a", "s1")));
    send(upsert("models/a.sql", insert("a", "s2")));

    // No wall-clock advance: nothing waits for a window.
    List<KeyValue<String, LineageDocument>> out = documents.readKeyValuesToList();
    assertThat(out)
        .extracting(kv -> kv.value.statements().get(0).sources().get(0))
        .containsExactly("raw.s1", "raw.s2");
    assertThat(counter(MetricNames.EVENTS_DEDUPLICATED)).isZero();
  }

  @Test
  void shouldFlushEveryPendingKeyWhetherItsEventIsKeptInMemoryOrOnlyInTheStore() {
    start(StaticFlags.allOn());
    String padding = "-- " + "x".repeat(200_000) + "\n";
    int files = 30; // 30 x 200 KB: past the 4 MiB in-memory budget of the task
    for (int i = 0; i < files; i++) {
      send(upsert("models/big" + i + ".sql", padding + insert("big" + i, "s" + i)));
    }
    assertThat(documents.isEmpty()).isTrue();

    flush();

    List<KeyValue<String, LineageDocument>> out = documents.readKeyValuesToList();
    assertThat(out).hasSize(files);
    for (int i = 0; i < files; i++) {
      String fileKey = key("models/big" + i + ".sql");
      assertThat(out)
          .filteredOn(kv -> kv.key.equals(fileKey))
          .singleElement()
          .satisfies(
              kv ->
                  assertThat(kv.value.statements())
                      .flatExtracting(StatementLineage::targets)
                      .isNotEmpty());
    }
    KeyValueStore<String, Pending> pending = driver.getKeyValueStore(StoreNames.DEBOUNCE);
    try (KeyValueIterator<String, Pending> left = pending.all()) {
      assertThat(left.hasNext()).as("pending keys left in the store").isFalse();
    }
  }

  @Test
  void shouldFlushAQuietKeyAfterTheWindowWithoutFurtherInput() {
    start(StaticFlags.allOn());
    send(upsert("models/quiet.sql", insert("q", "src")));

    advance(WINDOW.minusMillis(300));
    assertThat(documents.isEmpty()).as("still inside the window").isTrue();

    advance(Duration.ofMillis(300 + 1000));
    assertThat(documents.readValuesToList())
        .singleElement()
        .satisfies(doc -> assertThat(doc.key()).isEqualTo(key("models/quiet.sql")));
  }

  @Test
  void shouldRestartTheWindowOnEverySaveOfTheKey() {
    start(StaticFlags.allOn());
    for (int i = 0; i < 4; i++) {
      send(upsert("models/busy.sql", insert("b", "s" + i)));
      advance(WINDOW.minusMillis(500));
      assertThat(documents.isEmpty()).isTrue();
    }
    flush();
    assertThat(documents.readValuesToList()).hasSize(1);
  }

  @Test
  void shouldEmitNothingWhenTheSameContentIsSavedAgain() {
    start(StaticFlags.allOn());
    String content = insert("same", "src");
    send(upsert("models/same.sql", content));
    flush();
    assertThat(documents.readValuesToList()).hasSize(1);

    send(upsert("models/same.sql", content));
    flush();

    assertThat(documents.isEmpty()).isTrue();
    assertThat(extractor.calls()).isEqualTo(1);
    assertThat(counter(MetricNames.EVENTS_DEDUPLICATED)).isEqualTo(1);
  }

  @Test
  void shouldHitTheParseCacheForTheSameContentInAnotherFile() {
    start(StaticFlags.allOn());
    String content = insert("shared", "src");
    send(upsert("models/one.sql", content));
    flush();
    // The cache entry travels through the parse-cache topic to the global store before it is seen.
    send(upsert("models/two.sql", content));
    flush();

    List<LineageDocument> out = documents.readValuesToList();
    assertThat(out)
        .extracting(LineageDocument::key)
        .containsExactlyInAnyOrder(key("models/one.sql"), key("models/two.sql"));
    assertThat(out.get(0).statements()).isEqualTo(out.get(1).statements());
    assertThat(out)
        .extracting(LineageDocument::path)
        .containsExactlyInAnyOrder("models/one.sql", "models/two.sql");
    assertThat(counter(MetricNames.PARSE_CACHE_MISS)).isEqualTo(1);
    assertThat(counter(MetricNames.PARSE_CACHE_HIT)).isEqualTo(1);
    assertThat(extractor.calls()).isEqualTo(1);
  }

  @Test
  void shouldKeepAStarOverAnotherFilesTableUnexpandedSoACachedDocumentNeverHoldsAStaleExpansion() {
    start(StaticFlags.allOn());
    send(upsert("ddl.sql", "CREATE TABLE raw.a (x INT, y INT);"));
    flush();
    String star = "INSERT INTO mart.b SELECT * FROM raw.a;";
    send(upsert("one.sql", star));
    flush();
    send(upsert("ddl.sql", "CREATE TABLE raw.a (x INT, y INT, z INT);"));
    flush();
    send(upsert("two.sql", star));
    flush();

    List<LineageDocument> out = documents.readValuesToList();
    assertThat(out)
        .extracting(LineageDocument::path)
        .containsExactly("ddl.sql", "one.sql", "ddl.sql", "two.sql");
    // The DDL's columns travel as the document's definitions; the graph expands the star
    // (docs/design.md §5).
    assertThat(out.get(0).defines()).isEqualTo(Map.of("raw.a", List.of("x", "y")));
    assertThat(out.get(2).defines()).isEqualTo(Map.of("raw.a", List.of("x", "y", "z")));
    for (LineageDocument starDocument : List.of(out.get(1), out.get(3))) {
      assertThat(starDocument.statements().get(0).columns())
          .containsExactly(
              new io.github.lineage.core.model.ColumnEdge("mart.b.*", List.of("raw.a.*")));
      assertThat(starDocument.defines()).isEmpty();
    }
    assertThat(counter(MetricNames.PARSE_CACHE_HIT))
        .as("two.sql is served from one.sql's entry")
        .isEqualTo(1);
  }

  @Test
  void shouldPassEveryEventThroughWhenDebounceIsOff() {
    start(StaticFlags.only(Flag.PARSE_CACHE));
    for (int i = 0; i < 5; i++) {
      send(upsert("models/fast.sql", insert("f", "s" + i)));
    }
    send(upsert("models/fast.sql", insert("f", "s4")));

    // No wall-clock advance: nothing waits for a window.
    List<LineageDocument> out = documents.readValuesToList();
    assertThat(out).hasSize(6);
    assertThat(out.get(5).statements())
        .flatExtracting(StatementLineage::sources)
        .containsExactly("raw.s4");
    assertThat(counter(MetricNames.EVENTS_DEDUPLICATED)).isZero();
  }

  @Test
  void shouldParseEveryEventWhenAllFlagsAreOff() {
    start(StaticFlags.allOff());
    String content = insert("base", "src");
    send(upsert("models/base.sql", content));
    send(upsert("models/base.sql", content));
    send(upsert("models/other.sql", content));

    assertThat(documents.readValuesToList()).hasSize(3);
    assertThat(extractor.calls()).isEqualTo(3);
  }

  @Test
  void shouldNeitherReadNorWriteTheParseCacheWhenItIsOff() {
    start(StaticFlags.only(Flag.DEBOUNCE));
    String content = insert("nocache", "src");
    send(upsert("models/one.sql", content));
    send(upsert("models/two.sql", content));
    flush();

    assertThat(documents.readValuesToList()).hasSize(2);
    assertThat(extractor.calls()).isEqualTo(2);
    assertThat(counter(MetricNames.PARSE_CACHE_HIT) + counter(MetricNames.PARSE_CACHE_MISS))
        .isZero();
    KeyValueStore<String, Object> cache = driver.getKeyValueStore(StoreNames.PARSE_CACHE);
    try (KeyValueIterator<String, Object> all = cache.all()) {
      assertThat(all.hasNext()).as("parse cache entries").isFalse();
    }
    assertThat(cacheTopic.isEmpty()).as("nothing written to the parse-cache topic").isTrue();
  }

  @Test
  void shouldSendATombstoneWhenAFileIsDeletedAndParseItAgainWhenItReturns() {
    start(StaticFlags.allOn());
    String content = insert("gone", "src");
    send(upsert("models/gone.sql", content));
    flush();
    send(delete("models/gone.sql"));
    flush();
    send(upsert("models/gone.sql", content));
    flush();

    List<TestRecord<String, LineageDocument>> out = documents.readRecordsToList();
    assertThat(out).extracting(TestRecord::key).containsOnly(key("models/gone.sql"));
    assertThat(out).hasSize(3);
    assertThat(out.get(0).value()).isNotNull();
    assertThat(out.get(1).value()).as("tombstone").isNull();
    assertThat(out.get(2).value())
        .as("the same content after a delete is a new document")
        .isNotNull();
  }

  @Test
  void shouldCollapseABurstEndingInADeleteToATombstone() {
    start(StaticFlags.allOn());
    send(upsert("models/short.sql", insert("s", "a")));
    send(upsert("models/short.sql", insert("s", "b")));
    send(delete("models/short.sql"));
    flush();

    List<TestRecord<String, LineageDocument>> out = documents.readRecordsToList();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).value()).isNull();
    assertThat(extractor.calls()).isZero();
  }

  @Test
  void shouldDeadLetterAMalformedValueWithItsOriginalBytesAndKeepGoing() {
    start(StaticFlags.allOn());
    byte[] badKey = key("models/bad.sql").getBytes(StandardCharsets.UTF_8);
    byte[] badValue = "{\"kind\": \"UPSERT\", \"path\": ".getBytes(StandardCharsets.UTF_8);
    input.pipeInput(badKey, badValue);
    send(upsert("models/good.sql", insert("g", "src")));
    flush();

    TestRecord<byte[], byte[]> letter = dlq.readRecord();
    assertThat(letter.key()).isEqualTo(badKey);
    assertThat(letter.value()).isEqualTo(badValue);
    DeadLetter parsed = DeadLetter.fromHeaders(letter.headers(), letter.key(), letter.value());
    assertThat(parsed.stage()).isEqualTo(DeadLetter.Stage.PARSER);
    assertThat(parsed.reason()).isEqualTo("malformed");
    assertThat(parsed.originalTopic()).isEqualTo(TOPICS.fileChanges());
    assertThat(parsed.originalOffset()).isZero();
    assertThat(parsed.errorMessage()).contains("ChangeEvent");
    assertThat(dlq.isEmpty()).isTrue();
    assertThat(documents.readValuesToList())
        .extracting(LineageDocument::key)
        .containsExactly(key("models/good.sql"));
    assertThat(registry.find(MetricNames.FILES_FAILED).tag("reason", "malformed").counter().count())
        .isEqualTo(1);
  }

  @Test
  void shouldDeadLetterARecordWhoseKeyDoesNotMatchItsEvent() {
    start(StaticFlags.allOn());
    ChangeEvent event = upsert("models/real.sql", insert("r", "src"));
    input.pipeInput(
        key("models/other.sql").getBytes(StandardCharsets.UTF_8), Events.valueBytes(event));

    TestRecord<byte[], byte[]> letter = dlq.readRecord();
    assertThat(letter.value()).isEqualTo(Events.valueBytes(event));
    assertThat(
            DeadLetter.fromHeaders(letter.headers(), letter.key(), letter.value()).errorMessage())
        .contains("does not match");
  }

  @Test
  void shouldDeadLetterAFileTheExtractorThrowsOnAndKeepGoing() {
    start(StaticFlags.allOn());
    ChangeEvent poison =
        upsert("models/poison.sql", insert("p", "src") + CountingExtractor.EXPLODE);
    send(poison);
    send(upsert("models/fine.sql", insert("f", "src")));
    flush();

    TestRecord<byte[], byte[]> letter = dlq.readRecord();
    assertThat(letter.key()).isEqualTo(Events.keyBytes(poison));
    assertThat(letter.value()).isEqualTo(Events.valueBytes(poison));
    DeadLetter parsed = DeadLetter.fromHeaders(letter.headers(), letter.key(), letter.value());
    assertThat(parsed.reason()).isEqualTo("extractor");
    assertThat(parsed.errorClass()).isEqualTo(IllegalStateException.class.getName());
    assertThat(documents.readValuesToList())
        .extracting(LineageDocument::key)
        .containsExactly(key("models/fine.sql"));
  }

  @Test
  void shouldKeepTheLineageOfTheGoodStatementsOfAFileWithOneBadStatement() {
    start(StaticFlags.allOn());
    String content =
        insert("first", "a")
            + "INSERT INTO mart.broken SELECT FROM WHERE ((;\n"
            + insert("third", "c");
    send(upsert("models/mixed.sql", content));
    flush();

    LineageDocument doc = documents.readValue();
    assertThat(doc.statements())
        .flatExtracting(StatementLineage::targets)
        .containsExactly("mart.first", "mart.third");
    assertThat(doc.statements())
        .flatExtracting(StatementLineage::sources)
        .containsExactly("raw.a", "raw.c");
    assertThat(doc.errors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.index()).isEqualTo(1);
              assertThat(error.line()).isEqualTo(2);
            });
    assertThat(doc.parserVersion()).isEqualTo(engine.version());
    assertThat(dlq.isEmpty()).isTrue();
    assertThat(registry.find(MetricNames.STATEMENTS_FAILED).tag("kind", "insert").counter().count())
        .isEqualTo(1);
  }

  @Test
  void shouldDebounceOnlyTheFilesInsideTheDebounceRollout() {
    start(
        new KeyFlags((flag, fileKey) -> flag != Flag.DEBOUNCE || fileKey.endsWith("batched.sql")));
    for (int i = 0; i < 3; i++) {
      send(upsert("models/batched.sql", insert("b", "s" + i)));
      send(upsert("models/direct.sql", insert("d", "s" + i)));
    }
    assertThat(documents.readValuesToList())
        .extracting(LineageDocument::key)
        .containsExactly(
            key("models/direct.sql"), key("models/direct.sql"), key("models/direct.sql"));

    flush();
    assertThat(documents.readValuesToList())
        .extracting(LineageDocument::key)
        .containsExactly(key("models/batched.sql"));
  }

  @Test
  void shouldDropAPendingEventWhenDebounceIsSwitchedOffAndANewerOneArrives() {
    KeyFlags flags = new KeyFlags((flag, fileKey) -> true);
    start(flags);
    send(upsert("models/flip.sql", insert("f", "old")));
    flags.set((flag, fileKey) -> flag != Flag.DEBOUNCE);
    send(upsert("models/flip.sql", insert("f", "new")));
    flush();

    List<LineageDocument> out = documents.readValuesToList();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).statements())
        .flatExtracting(StatementLineage::sources)
        .containsExactly("raw.new");
  }

  private long cacheEntries() {
    KeyValueStore<String, Object> cache = driver.getKeyValueStore(StoreNames.PARSE_CACHE);
    long n = 0;
    try (KeyValueIterator<String, Object> all = cache.all()) {
      while (all.hasNext()) {
        all.next();
        n++;
      }
    }
    return n;
  }

  private double evictions(String reason) {
    var counter = registry.find(MetricNames.PARSE_CACHE_EVICTIONS).tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void shouldKeepTheParseCacheNearItsMaximumByEvictingEntries() {
    start(
        StaticFlags.only(Flag.PARSE_CACHE),
        WINDOW,
        Map.of(ParserConfig.ENV_CACHE_MAX_ENTRIES, "10"));
    int files = 3 * CacheUpdater.SWEEP_EVERY;
    for (int i = 0; i < files; i++) {
      send(upsert("models/m" + i + ".sql", insert("m" + i, "s" + i)));
    }

    assertThat(documents.readValuesToList()).hasSize(files);
    assertThat(cacheEntries())
        .as("entries after %d distinct contents", files)
        .isLessThanOrEqualTo(10 + CacheUpdater.SWEEP_EVERY);
    assertThat(evictions("size")).isGreaterThanOrEqualTo(files - 10 - CacheUpdater.SWEEP_EVERY);
    assertThat(evictions("ttl")).isZero();
  }

  @Test
  void shouldEvictParseCacheEntriesOlderThanTheTtlAndParseTheirContentAgain() {
    start(
        StaticFlags.only(Flag.PARSE_CACHE),
        WINDOW,
        Map.of(ParserConfig.ENV_CACHE_TTL_SECONDS, "60"));
    String old = insert("old", "src");
    send(upsert("models/old.sql", old));
    advance(Duration.ofMinutes(2));
    for (int i = 0; i < CacheUpdater.SWEEP_EVERY; i++) {
      send(upsert("models/new" + i + ".sql", insert("n" + i, "s" + i)));
    }
    assertThat(evictions("ttl")).isEqualTo(1);
    int parsesBefore = extractor.calls();

    send(upsert("models/old-copy.sql", old));

    assertThat(extractor.calls())
        .as("the evicted content is parsed again")
        .isEqualTo(parsesBefore + 1);
    assertThat(cacheEntries()).isEqualTo(CacheUpdater.SWEEP_EVERY + 1);
  }

  @Test
  void shouldDeadLetterADocumentLargerThanARecordAndGoOnWithTheNextFile() {
    // Records of up to ~1 MiB (the floor of the derived limits); this document is larger.
    start(StaticFlags.allOff(), Duration.ZERO, Map.of(RecordLimits.ENV_MAX_FILE_BYTES, "100000"));
    StringBuilder many = new StringBuilder();
    for (int i = 0; many.length() < 600_000; i++) {
      many.append("INSERT INTO mart.wide_target_table_")
          .append(i % 50)
          .append(" (a, b, c) SELECT x.a, x.b, x.c FROM raw.source_table_")
          .append(i)
          .append(" x;\n");
    }
    send(upsert("models/huge.sql", many.toString()));
    send(upsert("models/small.sql", insert("small", "src")));

    assertThat(documents.readValuesToList())
        .extracting(LineageDocument::path)
        .containsExactly("models/small.sql");
    List<TestRecord<byte[], byte[]>> letters = dlq.readRecordsToList();
    assertThat(letters).hasSize(1);
    assertThat(
            new String(
                letters.get(0).headers().lastHeader(DeadLetter.H_REASON).value(),
                StandardCharsets.UTF_8))
        .isEqualTo("too_large");
    assertThat(new String(letters.get(0).key(), StandardCharsets.UTF_8))
        .isEqualTo(key("models/huge.sql"));
    assertThat(letters.get(0).value())
        .as("the original event travels in the letter")
        .hasSizeGreaterThan(600_000);
  }
}
