package io.github.lineage.parser;

import static io.github.lineage.parser.Events.insert;
import static io.github.lineage.parser.Events.key;
import static io.github.lineage.parser.Events.upsert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.Flags;
import io.github.lineage.core.flags.StaticFlags;
import io.github.lineage.core.kafka.TopicNames;
import io.github.lineage.core.metrics.MetricNames;
import io.github.lineage.core.model.ChangeEvent;
import io.github.lineage.local.EmbeddedKafka;
import io.github.lineage.sql.LineageEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parser on a real KRaft broker: latency of a quiet key, restarts, state rebuilt from
 * changelogs.
 */
class ParserServiceIT {

  private static final Logger LOG = LoggerFactory.getLogger(ParserServiceIT.class);
  private static final Duration WINDOW = Duration.ofSeconds(2);
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  /** Debounce and cache on, one stream thread. */
  private static final Flags OPTIMISED = StaticFlags.only(Flag.DEBOUNCE, Flag.PARSE_CACHE);

  private static EmbeddedKafka broker;
  private static LineageEngine engine;

  @TempDir Path home;
  private KafkaSettings kafka;
  private ParserConfig config;
  private KafkaProducer<byte[], byte[]> producer;
  private DocumentCollector documents;
  private final List<ParserService> services = new ArrayList<>();

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafka.startTemporary();
    engine = LineageEngine.defaults();
  }

  @AfterAll
  static void stopBroker() {
    engine.close();
    broker.close();
  }

  @BeforeEach
  void setUp() {
    String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    kafka =
        new KafkaSettings(broker.bootstrapServers(), TopicNames.withPrefix(prefix), 2, (short) 1);
    config =
        ParserConfig.from(
            new EnvReader(
                Map.of(
                    ParserConfig.ENV_APPLICATION_ID,
                    prefix + "parser",
                    ParserConfig.ENV_DEBOUNCE_WINDOW_SECONDS,
                    Long.toString(WINDOW.toSeconds()),
                    ParserConfig.ENV_COMMIT_INTERVAL_MS,
                    "200")),
            new LineageHome(home));
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    // One request in flight: a first batch the broker refuses while it still opens a partition
    // just created is retried before a later one overtakes it; with several in flight the
    // idempotent producer loses it (KAFKA-15591, apache/kafka#23234).
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @AfterEach
  void tearDown() {
    services.forEach(ParserService::close);
    producer.close();
    if (documents != null) {
      documents.close();
    }
  }

  private ParserService start(
      ParserConfig parserConfig, Flags flags, SimpleMeterRegistry registry) {
    ParserService service = new ParserService(parserConfig, kafka, flags, engine, registry);
    services.add(service);
    service.start();
    await().atMost(PATIENCE).until(() -> service.state() == KafkaStreams.State.RUNNING);
    if (documents == null) {
      documents = new DocumentCollector(broker.bootstrapServers(), kafka.topics().documents());
    }
    return service;
  }

  private void send(ChangeEvent event) throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                kafka.topics().fileChanges(), Events.keyBytes(event), Events.valueBytes(event)))
        .get();
  }

  private static double count(SimpleMeterRegistry registry, String name) {
    Counter counter = registry.find(name).counter();
    return counter == null ? 0 : counter.count();
  }

  /** Waits until every file has a document showing its latest content. */
  private void awaitLatest(Map<String, ChangeEvent> latest) {
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              for (ChangeEvent event : latest.values()) {
                DocumentCollector.Arrival last = documents.last(event.key());
                assertThat(last).as(event.key()).isNotNull();
                assertThat(last.document().sha256()).as(event.key()).isEqualTo(event.sha256());
              }
            });
  }

  @Test
  void shouldDeliverTheDocumentOfAQuietKeyWithinTheWindowPlusOneSecond() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ParserService service = start(config, StaticFlags.allOn(), registry);
    assertThat(service.threads()).isEqualTo(ParserConfig.DEFAULT_WORKERS);

    List<String> keys = List.of("models/l1.sql", "models/l2.sql", "models/l3.sql");
    Map<String, Long> lastSentAt = new LinkedHashMap<>();
    Map<String, ChangeEvent> latest = new LinkedHashMap<>();
    for (String path : keys) {
      for (int i = 0; i < 5; i++) {
        ChangeEvent event =
            upsert(path, insert("lat", path.replace('/', '_').replace(".sql", "") + "_" + i));
        send(event);
        latest.put(event.key(), event);
        lastSentAt.put(event.key(), System.currentTimeMillis());
        Thread.sleep(100);
      }
    }
    awaitLatest(latest);

    for (ChangeEvent event : latest.values()) {
      List<DocumentCollector.Arrival> arrivals = documents.of(event.key());
      long latencyMs = arrivals.get(0).arrivedAtMs() - lastSentAt.get(event.key());
      LOG.info(
          "quiet key {}: document {} ms after its last event (window {} ms, bound {} ms)",
          event.key(),
          latencyMs,
          WINDOW.toMillis(),
          WINDOW.plusSeconds(1).toMillis());
      assertThat(arrivals).as("the burst collapsed to one document").hasSize(1);
      // The window is measured from arrival at the parser, after the send was acknowledged.
      assertThat(latencyMs).isGreaterThanOrEqualTo(WINDOW.toMillis() - 50);
      // Generous bound for a shared 2-core machine; the figure that matters is the logged one.
      assertThat(latencyMs).isLessThan(WINDOW.plusSeconds(5).toMillis());
    }
    Gauge workers = registry.find(MetricNames.ACTIVE_WORKERS).tag("stage", "parser").gauge();
    assertThat(workers.value()).isEqualTo(ParserConfig.DEFAULT_WORKERS);
    assertThat(registry.find(MetricNames.QUEUE_SIZE).tag("stage", "parser").gauge().value())
        .isZero();
    assertThat(count(registry, MetricNames.EVENTS_DEDUPLICATED)).isEqualTo(12);
  }

  @Test
  void shouldLoseNothingAndKeepTheParseCacheWhenRestartedMidIngest() throws Exception {
    SimpleMeterRegistry first = new SimpleMeterRegistry();
    ParserService service = start(config, OPTIMISED, first);
    Map<String, ChangeEvent> latest = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      ChangeEvent event = upsert("models/r" + i + ".sql", insert("r" + i, "src" + i));
      send(event);
      latest.put(event.key(), event);
    }
    await().atMost(PATIENCE).until(() -> !documents.arrivals().isEmpty());
    // More saves while the first ones are parsed or still pending in the debounce store.
    for (int i = 10; i < 20; i++) {
      ChangeEvent event = upsert("models/r" + i + ".sql", insert("r" + i, "src" + i + "_v2"));
      send(event);
      latest.put(event.key(), event);
    }
    service.close();
    LOG.info(
        "closed mid-ingest with {} of {} files documented",
        latest.keySet().stream().filter(k -> documents.last(k) != null).count(),
        latest.size());
    for (int i = 20; i < 25; i++) {
      ChangeEvent event = upsert("models/r" + i + ".sql", insert("r" + i, "src" + i));
      send(event);
      latest.put(event.key(), event);
    }

    SimpleMeterRegistry second = new SimpleMeterRegistry();
    start(config, OPTIMISED, second);
    awaitLatest(latest);

    // Content parsed before the restart, in a new file: served from the persisted cache.
    ChangeEvent copy = upsert("models/copy.sql", insert("r0", "src0"));
    send(copy);
    await().atMost(PATIENCE).until(() -> documents.last(copy.key()) != null);
    assertThat(count(second, MetricNames.PARSE_CACHE_HIT)).isGreaterThanOrEqualTo(1);
    assertThat(documents.last(copy.key()).document().statements())
        .isEqualTo(documents.last(key("models/r0.sql")).document().statements());
  }

  @Test
  void shouldRebuildItsStateFromTheChangelogsWhenTheStateDirectoryIsWiped() throws Exception {
    ParserService service = start(config, OPTIMISED, new SimpleMeterRegistry());
    Map<String, ChangeEvent> latest = new LinkedHashMap<>();
    for (int i = 0; i < 5; i++) {
      ChangeEvent event = upsert("models/w" + i + ".sql", insert("w" + i, "src" + i));
      send(event);
      latest.put(event.key(), event);
    }
    awaitLatest(latest);
    service.close();

    Path fresh = Files.createDirectories(home.resolve("wiped"));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    start(config.withStateDir(fresh), OPTIMISED, registry);

    // Unchanged content of a known file: the restored last-emitted store says so.
    send(latest.get(key("models/w0.sql")));
    // Known content in a new file: the restored parse cache has it.
    ChangeEvent copy = upsert("models/copy.sql", insert("w1", "src1"));
    send(copy);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(documents.last(copy.key())).isNotNull();
              assertThat(count(registry, MetricNames.EVENTS_DEDUPLICATED)).isEqualTo(1);
            });
    assertThat(count(registry, MetricNames.PARSE_CACHE_HIT)).isEqualTo(1);
    assertThat(count(registry, MetricNames.PARSE_CACHE_MISS)).isZero();
    assertThat(documents.of(key("models/w0.sql"))).hasSize(1);
  }

  @Test
  void shouldIngestUnderExactlyOnceAndDeadLetterMalformedRecords() throws Exception {
    ParserConfig exactlyOnce =
        ParserConfig.from(
            new EnvReader(
                Map.of(
                    ParserConfig.ENV_APPLICATION_ID, config.applicationId(),
                    ParserConfig.ENV_DEBOUNCE_WINDOW_SECONDS, "1",
                    ParserConfig.ENV_COMMIT_INTERVAL_MS, "100",
                    ParserConfig.ENV_PROCESSING_GUARANTEE, "exactly_once_v2")),
            new LineageHome(home));
    start(exactlyOnce, OPTIMISED, new SimpleMeterRegistry());
    byte[] badValue = "not json".getBytes(StandardCharsets.UTF_8);
    producer
        .send(
            new ProducerRecord<>(
                kafka.topics().fileChanges(),
                "repo:bad.sql".getBytes(StandardCharsets.UTF_8),
                badValue))
        .get();
    ChangeEvent good = upsert("models/eos.sql", insert("eos", "src"));
    send(good);

    awaitLatest(Map.of(good.key(), good));
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.applicationId() + "-dlq-reader");
    try (KafkaConsumer<byte[], byte[]> dlq =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      dlq.subscribe(List.of(kafka.topics().dlq()));
      List<byte[]> values = new ArrayList<>();
      await()
          .atMost(PATIENCE)
          .until(
              () -> {
                dlq.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return !values.isEmpty();
              });
      assertThat(values).containsExactly(badValue);
    }
  }
}
