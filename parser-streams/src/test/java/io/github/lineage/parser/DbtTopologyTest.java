package io.github.lineage.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.Flags;
import io.github.lineage.core.flags.StaticFlags;
import io.github.lineage.core.kafka.TopicNames;
import io.github.lineage.core.kafka.Topics;
import io.github.lineage.core.metrics.MetricNames;
import io.github.lineage.core.model.ChangeEvent;
import io.github.lineage.core.model.ColumnEdge;
import io.github.lineage.core.model.ContentHash;
import io.github.lineage.core.model.LineageDocument;
import io.github.lineage.core.model.StatementError;
import io.github.lineage.core.model.StatementLineage;
import io.github.lineage.dbt.DbtLineage;
import io.github.lineage.dbt.DbtProjectFiles;
import io.github.lineage.sql.LineageEngine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dbt side of the parser topology on the bundled project {@code examples/dbt} (see
 * examples/README.md for its lineage), published as the watcher does under {@code repo:shop/…}: a
 * change emits the documents of exactly the files whose document changed.
 */
class DbtTopologyTest {

  private static final Duration WINDOW = Duration.ofSeconds(2);
  private static final String SOURCE = "repo";
  private static final String ROOT = "shop";
  private static final Path EXAMPLE = Path.of("..", "examples", "dbt").toAbsolutePath().normalize();
  private static LineageEngine engine;

  @TempDir Path home;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Map<String, String> disk = new TreeMap<>();
  private CountingExtractor extractor;
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> input;
  private TestOutputTopic<String, LineageDocument> documents;
  private TestOutputTopic<byte[], byte[]> dlq;
  private Duration window = WINDOW;

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
    Map<String, String> env = new HashMap<>();
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
    TopicNames topics = kafka.topics();
    input =
        driver.createInputTopic(
            topics.fileChanges(), new ByteArraySerializer(), new ByteArraySerializer());
    documents =
        driver.createOutputTopic(
            topics.documents(),
            Topics.KEY_SERDE.deserializer(),
            Topics.DOCUMENT_SERDE.deserializer());
    dlq =
        driver.createOutputTopic(
            topics.dlq(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** Starts with the example project published and ingested; returns its first documents. */
  private Map<String, LineageDocument> ingest(Flags flags) throws IOException {
    loadExample();
    start(flags);
    disk.keySet().forEach(this::publish);
    flush();
    Map<String, LineageDocument> out = latest();
    assertThat(out).containsOnlyKeys(disk.keySet().stream().map(DbtTopologyTest::key).toList());
    return out;
  }

  private void loadExample() throws IOException {
    try (Stream<Path> walk = Files.walk(EXAMPLE)) {
      for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        disk.put(
            ROOT + "/" + EXAMPLE.relativize(f).toString().replace('\\', '/'), Files.readString(f));
      }
    }
  }

  private static String key(String path) {
    return SOURCE + ":" + path;
  }

  /**
   * Publishes the file as the watcher does: with its project, a seed as its first line, a DELETE
   * when gone.
   */
  private void publish(String path) {
    String content = disk.get(path);
    ChangeEvent event;
    if (content == null) {
      event = ChangeEvent.delete(SOURCE, path, Instant.now());
    } else {
      String published = path.endsWith(".csv") ? DbtProjectFiles.headerOnly(content) : content;
      byte[] bytes = published.getBytes(StandardCharsets.UTF_8);
      event =
          ChangeEvent.upsert(
              SOURCE,
              path,
              ContentHash.sha256(bytes),
              bytes.length,
              Instant.now(),
              published,
              Instant.now());
    }
    event = event.withDbtProject(ROOT);
    input.pipeInput(
        event.key().getBytes(StandardCharsets.UTF_8), Topics.CHANGE_EVENT_SERDE.toBytes(event));
  }

  private void edit(String path, String content) {
    disk.put(path, content);
    publish(path);
  }

  private void replace(String path, String from, String to) {
    String before = disk.get(path);
    assertThat(before).contains(from);
    edit(path, before.replace(from, to));
  }

  private void flush() {
    driver.advanceWallClockTime(window.plusSeconds(1));
  }

  /** The last record of each key emitted since the last read; a tombstone is a null value. */
  private Map<String, LineageDocument> latest() {
    Map<String, LineageDocument> out = new LinkedHashMap<>();
    for (TestRecord<String, LineageDocument> r : documents.readRecordsToList()) {
      out.put(r.key(), r.value());
    }
    return out;
  }

  private static String model(String name) {
    return key(ROOT + "/models/" + name + ".sql");
  }

  private static StatementLineage only(LineageDocument doc) {
    assertThat(doc.errors()).isEmpty();
    assertThat(doc.statements()).hasSize(1);
    return doc.statements().get(0);
  }

  private static List<String> sourcesOf(LineageDocument doc, String column) {
    return only(doc).columns().stream()
        .filter(c -> c.target().equals(column))
        .findFirst()
        .map(ColumnEdge::sources)
        .orElseThrow(() -> new AssertionError("no column " + column + " in " + doc));
  }

  @Test
  void shouldEmitTheExampleProjectsLineageAndADocumentWithoutStatementsForEveryOtherFile()
      throws IOException {
    Map<String, LineageDocument> docs = ingest(StaticFlags.allOn());

    assertThat(only(docs.get(model("staging/stg_instruments"))).targets())
        .containsExactly("analytics_stg.instruments");
    StatementLineage positions = only(docs.get(model("marts/fct_positions")));
    assertThat(positions.kind()).isEqualTo("CREATE_TABLE_AS");
    assertThat(positions.targets()).containsExactly("analytics_mart.fct_positions");
    assertThat(positions.sources())
        .containsExactlyInAnyOrder(
            "analytics_stg.stg_trades",
            "analytics_stg.stg_prices",
            "analytics_stg.stg_fx_rates",
            "analytics_ref.book_desks");
    assertThat(
            sourcesOf(
                docs.get(model("marts/fct_positions")),
                "analytics_mart.fct_positions.market_value"))
        .containsExactlyInAnyOrder(
            "analytics_stg.stg_trades.quantity",
            "analytics_stg.stg_prices.close_price",
            "analytics_stg.stg_fx_rates.rate");
    assertThat(only(docs.get(model("marts/desks"))).columns())
        .extracting(ColumnEdge::target)
        .containsExactlyInAnyOrder(
            "analytics_mart.desks.book_id",
            "analytics_mart.desks.desk_name",
            "analytics_mart.desks.region");
    // Not SQL of their own: known to the graph with their sha256, never parsed.
    for (String other :
        List.of(
            "dbt_project.yml",
            "profiles.yml",
            "models/staging/sources.yml",
            "macros/to_reporting_currency.sql",
            "seeds/book_desks.csv",
            "models/intermediate/int_trades_priced.sql")) {
      LineageDocument doc = docs.get(key(ROOT + "/" + other));
      assertThat(doc.statements()).as(other).isEmpty();
      assertThat(doc.errors()).as(other).isEmpty();
    }
    assertThat(docs.get(key(ROOT + "/seeds/book_desks.csv")).sha256())
        .isEqualTo(
            ContentHash.sha256("book_id,desk_name,region\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(docs.get(model("marts/desks")).parserVersion()).isEqualTo(DbtLineage.VERSION);
    assertThat(docs.get(model("marts/desks")).sha256())
        .isEqualTo(
            ContentHash.sha256(
                disk.get(ROOT + "/models/marts/desks.sql").getBytes(StandardCharsets.UTF_8)));
    assertThat(dlq.isEmpty()).isTrue();
  }

  @Test
  void shouldReEmitOnlyTheEditedModelAndTheDependentsWhoseLineageMoved() throws IOException {
    ingest(StaticFlags.allOn());

    // An ephemeral model: its own document (new sha) and the one model it is inlined into.
    replace(ROOT + "/models/intermediate/int_trades_priced.sql", "'fx.rate'", "'1'");
    flush();
    Map<String, LineageDocument> out = latest();
    assertThat(out)
        .containsOnlyKeys(
            key(ROOT + "/models/intermediate/int_trades_priced.sql"), model("marts/fct_positions"));
    assertThat(
            sourcesOf(
                out.get(model("marts/fct_positions")), "analytics_mart.fct_positions.market_value"))
        .containsExactlyInAnyOrder(
            "analytics_stg.stg_trades.quantity", "analytics_stg.stg_prices.close_price");

    // A ref'd model's relation: the model and the one that refs it directly, not fct_positions.
    replace(
        ROOT + "/models/staging/stg_instruments.sql",
        "alias='instruments'",
        "alias='instrument_master'");
    flush();
    out = latest();
    assertThat(out)
        .containsOnlyKeys(model("staging/stg_instruments"), model("marts/desk_exposure"));
    assertThat(only(out.get(model("marts/desk_exposure"))).sources())
        .contains("analytics_stg.instrument_master")
        .doesNotContain("analytics_stg.instruments");

    // A seed's header, read through SELECT *: the seed's document and the model selecting *.
    replace(
        ROOT + "/seeds/book_desks.csv",
        "book_id,desk_name,region",
        "book_id,desk_name,region,head");
    flush();
    out = latest();
    assertThat(out).containsOnlyKeys(key(ROOT + "/seeds/book_desks.csv"), model("marts/desks"));
    assertThat(only(out.get(model("marts/desks"))).columns())
        .extracting(ColumnEdge::target)
        .contains("analytics_mart.desks.head");

    // A comment: the model's own document (its sha256), nothing else.
    replace(ROOT + "/models/staging/stg_trades.sql", "-- Booked", "-- Only booked");
    flush();
    assertThat(latest()).containsOnlyKeys(model("staging/stg_trades"));
  }

  @Test
  void shouldMoveTheRelationsOfTheModelsUnderAChangedSchemaAndNothingElse() throws IOException {
    ingest(StaticFlags.allOn());

    replace(ROOT + "/dbt_project.yml", "+schema: mart", "+schema: marts");
    flush();

    Map<String, LineageDocument> out = latest();
    assertThat(out)
        .containsOnlyKeys(
            key(ROOT + "/dbt_project.yml"),
            model("marts/fct_positions"),
            model("marts/desk_exposure"),
            model("marts/desks"));
    assertThat(only(out.get(model("marts/fct_positions"))).targets())
        .containsExactly("analytics_marts.fct_positions");
    assertThat(only(out.get(model("marts/desks"))).targets())
        .containsExactly("analytics_marts.desks");
    assertThat(only(out.get(model("marts/desk_exposure"))).targets())
        .containsExactly("analytics_marts.desk_exposure");
    assertThat(only(out.get(model("marts/desk_exposure"))).sources())
        .contains("analytics_marts.fct_positions");
  }

  @Test
  void shouldReEmitTheModelsReadingAChangedSourceOnly() throws IOException {
    ingest(StaticFlags.allOn());

    replace(
        ROOT + "/models/staging/sources.yml", "identifier: fx_rates", "identifier: fx_rates_v2");
    flush();

    Map<String, LineageDocument> out = latest();
    assertThat(out)
        .containsOnlyKeys(key(ROOT + "/models/staging/sources.yml"), model("staging/stg_fx_rates"));
    assertThat(only(out.get(model("staging/stg_fx_rates"))).sources())
        .containsExactly("raw.fx_rates_v2");
  }

  @Test
  void shouldSendATombstoneForADeletedModelAndAnErrorToTheModelsThatRefIt() throws IOException {
    ingest(StaticFlags.allOn());

    disk.remove(ROOT + "/models/marts/desks.sql");
    publish(ROOT + "/models/marts/desks.sql");
    // The tombstone goes at once; nothing else depends on desks.
    List<TestRecord<String, LineageDocument>> now = documents.readRecordsToList();
    assertThat(now)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.key()).isEqualTo(model("marts/desks"));
              assertThat(r.value()).isNull();
            });
    flush();
    assertThat(latest()).isEmpty();

    disk.remove(ROOT + "/models/staging/stg_instruments.sql");
    publish(ROOT + "/models/staging/stg_instruments.sql");
    flush();
    Map<String, LineageDocument> out = latest();
    assertThat(out)
        .containsOnlyKeys(model("staging/stg_instruments"), model("marts/desk_exposure"));
    assertThat(out.get(model("staging/stg_instruments"))).isNull();
    assertThat(out.get(model("marts/desk_exposure")).statements()).isEmpty();
    assertThat(out.get(model("marts/desk_exposure")).errors())
        .extracting(StatementError::message)
        .anyMatch(m -> m.contains("unknown ref 'stg_instruments'"));
  }

  @Test
  void shouldGiveABrokenModelADocumentWithItsErrorAndKeepTheOthers() throws IOException {
    ingest(StaticFlags.allOn());

    replace(
        ROOT + "/models/staging/stg_prices.sql",
        "where close_price is not null",
        "where {% if %} close_price");
    replace(
        ROOT + "/models/staging/stg_trades.sql",
        "{{ source('raw', 'trades') }}",
        "{{ source('raw', 'nope') }}");
    flush();

    Map<String, LineageDocument> out = latest();
    assertThat(out).containsKeys(model("staging/stg_prices"), model("staging/stg_trades"));
    assertThat(out.get(model("staging/stg_prices")).statements()).isEmpty();
    assertThat(out.get(model("staging/stg_prices")).errors())
        .extracting(StatementError::message)
        .anyMatch(m -> m.contains("stg_prices.sql") && m.contains("template error"));
    assertThat(out.get(model("staging/stg_trades")).errors())
        .extracting(StatementError::message)
        .anyMatch(m -> m.contains("unknown source 'raw.nope'"));
    // Untouched by either: still current, so not emitted again.
    assertThat(out)
        .doesNotContainKeys(
            model("staging/stg_fx_rates"), model("staging/stg_instruments"), model("marts/desks"));

    // Fixed again: the documents come back to their first lineage.
    replace(
        ROOT + "/models/staging/stg_prices.sql",
        "where {% if %} close_price",
        "where close_price is not null");
    flush();
    assertThat(only(latest().get(model("staging/stg_prices"))).targets())
        .containsExactly("analytics_stg.stg_prices");
  }

  @Test
  void shouldCarryAPackageMacroPlaceholderAsAWarningOfTheDocumentAndNoError() throws IOException {
    ingest(StaticFlags.allOn());

    replace(
        ROOT + "/models/staging/stg_trades.sql",
        "    trade_id,\n",
        "    trade_id,\n    {{ dbt_utils.generate_surrogate_key(['trade_id']) }} as trade_key,\n");
    flush();

    LineageDocument doc = latest().get(model("staging/stg_trades"));
    assertThat(only(doc).targets()).containsExactly("analytics_stg.stg_trades");
    assertThat(doc.errorCount()).isZero();
    assertThat(doc.warnings())
        .extracting(StatementError::message)
        .containsExactly(
            "models/staging/stg_trades.sql:4:"
                + " macro 'dbt_utils.generate_surrogate_key' is not available (package not vendored?): rendered as null");
  }

  @Test
  void shouldRenderABurstOfChangesOnceAfterTheWindow() throws IOException {
    ingest(StaticFlags.allOn());
    int parsesBefore = extractor.modelCalls();

    for (int i = 0; i < 10; i++) {
      edit(
          ROOT + "/models/staging/stg_prices.sql",
          disk.get(ROOT + "/models/staging/stg_prices.sql") + "\n-- " + i);
      driver.advanceWallClockTime(Duration.ofMillis(100));
    }
    assertThat(documents.isEmpty()).as("nothing while the project is busy").isTrue();
    flush();

    assertThat(documents.readRecordsToList())
        .extracting(TestRecord::key)
        .containsExactly(model("staging/stg_prices"));
    assertThat(extractor.modelCalls() - parsesBefore)
        .as("one render: the edited model parsed once")
        .isEqualTo(1);
  }

  @Test
  void shouldServeModelsWhoseRenderDidNotChangeFromTheParseCache() throws IOException {
    ingest(StaticFlags.allOn());
    int parsesBefore = extractor.modelCalls();

    // A macro change renders every model again; none renders differently.
    replace(
        ROOT + "/macros/to_reporting_currency.sql",
        "{# Converts",
        "{# Converts (rounded to cents)");
    flush();

    assertThat(latest()).containsOnlyKeys(key(ROOT + "/macros/to_reporting_currency.sql"));
    assertThat(extractor.modelCalls()).as("models parsed again").isEqualTo(parsesBefore);
    // The seven models that have a statement (the ephemeral one has none of its own).
    assertThat(registry.find(MetricNames.PARSE_CACHE_HIT).counter().count()).isEqualTo(7);
  }

  @Test
  void shouldEmitTheSameDocumentsWithAllFlagsOff() throws IOException {
    Map<String, LineageDocument> on = ingest(StaticFlags.allOn());
    replace(ROOT + "/dbt_project.yml", "+schema: mart", "+schema: marts");
    flush();
    on.putAll(latest());
    driver.close();
    driver = null;
    disk.clear();
    double askedWhileOn = cacheLookups();

    window = Duration.ZERO;
    Map<String, LineageDocument> off = ingest(StaticFlags.allOff());
    replace(ROOT + "/dbt_project.yml", "+schema: mart", "+schema: marts");
    off.putAll(latest());

    assertThat(off.keySet()).isEqualTo(on.keySet());
    on.forEach(
        (k, doc) -> {
          assertThat(off.get(k).statements()).as(k).isEqualTo(doc.statements());
          assertThat(off.get(k).errors()).as(k).isEqualTo(doc.errors());
          assertThat(off.get(k).sha256()).as(k).isEqualTo(doc.sha256());
        });
    assertThat(cacheLookups()).as("the cache is not asked while it is off").isEqualTo(askedWhileOn);
  }

  private double cacheLookups() {
    return registry.find(MetricNames.PARSE_CACHE_MISS).counter().count()
        + registry.find(MetricNames.PARSE_CACHE_HIT).counter().count();
  }

  @Test
  void shouldKeepPlainSqlOnItsOwnPathBesideAProject() throws IOException {
    ingest(StaticFlags.allOn());
    ChangeEvent plain = Events.upsert("plain.sql", Events.insert("p", "src"));
    input.pipeInput(
        plain.key().getBytes(StandardCharsets.UTF_8), Topics.CHANGE_EVENT_SERDE.toBytes(plain));
    flush();

    Map<String, LineageDocument> out = latest();
    assertThat(out).containsOnlyKeys(key("plain.sql"));
    assertThat(out.get(key("plain.sql")).parserVersion()).isEqualTo(engine.version());
    assertThat(only(out.get(key("plain.sql"))).targets()).containsExactly("mart.p");
  }

  @Test
  void shouldRenderAtOnceWhenDebounceIsOffForTheProject() throws IOException {
    // Debounce for no project: every change renders at once, no window to wait for.
    ingest(new KeyFlags((flag, key) -> flag != Flag.DEBOUNCE));
    replace(
        ROOT + "/models/staging/sources.yml", "identifier: fx_rates", "identifier: fx_rates_v2");

    assertThat(latest())
        .containsOnlyKeys(key(ROOT + "/models/staging/sources.yml"), model("staging/stg_fx_rates"));
  }

  @Test
  void shouldSayAModelIsNotRenderedUntilItsDbtProjectYmlArrives() throws IOException {
    loadExample();
    window = Duration.ZERO;
    start(StaticFlags.allOn());

    publish(ROOT + "/models/marts/desks.sql");
    LineageDocument early = latest().get(model("marts/desks"));
    assertThat(early.statements()).isEmpty();
    assertThat(early.errors())
        .extracting(StatementError::message)
        .singleElement()
        .satisfies(m -> assertThat(m).contains("dbt_project.yml"));

    publish(ROOT + "/dbt_project.yml");
    publish(ROOT + "/profiles.yml");
    publish(ROOT + "/seeds/book_desks.csv");
    assertThat(only(latest().get(model("marts/desks"))).targets())
        .containsExactly("analytics_mart.desks");
  }

  @Test
  void shouldDeadLetterAProjectEventWhoseKeyIsNotItsProjectAndGoOn() throws IOException {
    ingest(StaticFlags.allOn());
    ChangeEvent event =
        ChangeEvent.upsert(
                SOURCE, ROOT + "/models/x.sql", "abc", 1, Instant.now(), "select 1", Instant.now())
            .withDbtProject(ROOT);
    TestInputTopic<String, byte[]> projects =
        driver.createInputTopic(
            "parser-test-dbt-projects", Topics.KEY_SERDE.serializer(), new ByteArraySerializer());
    projects.pipeInput(SOURCE + ":elsewhere", Topics.CHANGE_EVENT_SERDE.toBytes(event));

    assertThat(dlq.readRecordsToList())
        .singleElement()
        .satisfies(r -> assertThat(r.value()).isEqualTo(Topics.CHANGE_EVENT_SERDE.toBytes(event)));
    replace(
        ROOT + "/models/staging/sources.yml", "identifier: fx_rates", "identifier: fx_rates_v2");
    flush();
    assertThat(latest()).containsKey(model("staging/stg_fx_rates"));
  }
}
