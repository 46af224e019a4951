package io.github.lineage.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.flags.StaticFlags;
import io.github.lineage.core.kafka.TopicNames;
import io.github.lineage.core.kafka.TopicProvisioner;
import io.github.lineage.core.kafka.Topics;
import io.github.lineage.core.metrics.MetricNames;
import io.github.lineage.core.model.LineageDocument;
import io.github.lineage.local.EmbeddedKafka;
import io.github.lineage.local.EmbeddedNeo4j;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Driver;

/**
 * The sink's start-up reconcile, on a broker whose log cleaner really compacts tombstones away: a
 * delete made while the sink was away longer than {@code delete.retention.ms} never reaches it as a
 * record, and only the reconcile removes the file.
 */
class StartupReconcileIT {

  /** The cleaner looks for work every 100 ms instead of every 15 s. */
  private static final Map<String, String> BROKER = Map.of("log.cleaner.backoff.ms", "100");

  private static final Duration RETENTION = Duration.ofMillis(500);
  private static final SinkHooks FAST_RECORDS =
      new SinkHooks() {
        @Override
        public Duration catchUpRecordInterval() {
          return Duration.ofMillis(200);
        }
      };

  private static Path kafkaHome;
  private static EmbeddedKafka kafka;
  private static EmbeddedNeo4j neo4j;
  private static Driver driver;
  private static KafkaProducer<byte[], byte[]> producer;

  private final List<AutoCloseable> closeAfter = new ArrayList<>();
  private KafkaSettings settings;

  @BeforeAll
  static void startServers() throws Exception {
    kafkaHome = Files.createTempDirectory("sink-reconcile-kafka-");
    kafka = EmbeddedKafka.start(kafkaHome, 0, BROKER);
    neo4j = EmbeddedNeo4j.startTemporary();
    driver = Neo4jTestSupport.driver(neo4j);
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    // One request in flight: a first batch the broker refuses while it still opens a partition
    // just created is retried before a later one overtakes it; with several in flight the
    // idempotent producer loses it (KAFKA-15591, apache/kafka#23234).
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @AfterAll
  static void stopServers() throws Exception {
    producer.close();
    driver.close();
    neo4j.close();
    kafka.close();
    try (Stream<Path> paths = Files.walk(kafkaHome)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @BeforeEach
  void freshTopicsAndDatabase() {
    GraphSnapshot.clear(driver);
    settings =
        KafkaSettings.of(
            kafka.bootstrapServers(),
            TopicNames.withPrefix("c" + UUID.randomUUID().toString().substring(0, 8) + "."));
    TopicProvisioner.ensureTopics(settings, Duration.ofSeconds(30));
  }

  @AfterEach
  void closeSinks() throws Exception {
    for (int i = closeAfter.size() - 1; i >= 0; i--) {
      closeAfter.get(i).close();
    }
  }

  private static final LineageDocument A =
      Docs.doc(
          "repo:a.sql",
          "sha-a",
          Docs.insert(List.of("raw.s"), List.of("mart.t"), Docs.col("mart.t.c", "raw.s.a")));
  private static final LineageDocument B =
      Docs.doc(
          "repo:b.sql",
          "sha-b",
          Docs.insert(
              List.of("raw.only_b"), List.of("mart.v"), Docs.col("mart.v.x", "raw.only_b.z")));
  private static final LineageDocument F =
      Docs.doc("repo:filler.sql", "sha-f", Docs.insert(List.of("raw.s"), List.of("mart.f")));

  private SinkConfig config() {
    return SinkConfig.defaults()
        .withGroupId("sink-" + UUID.randomUUID())
        .withBatch(20, Duration.ofMillis(50))
        .withWorkers(2);
  }

  private SinkService startSink(SinkConfig config, SimpleMeterRegistry registry) {
    SinkService sink =
        new SinkService(config, settings, driver, StaticFlags.allOn(), registry, FAST_RECORDS);
    closeAfter.add(sink);
    sink.start();
    return sink;
  }

  /** Everything on partition 0: the tombstone's segment is rolled by the records after it. */
  private void send(String key, LineageDocument doc) {
    producer.send(
        new ProducerRecord<>(
            settings.topics().documents(),
            0,
            key.getBytes(StandardCharsets.UTF_8),
            doc == null ? null : Topics.DOCUMENT_SERDE.toBytes(doc)));
  }

  private DocumentsTopic topic() {
    return DocumentsTopic.describe(settings);
  }

  @Test
  void shouldRemoveAtStartAFileDeletedWhileTheSinkWasAwayLongerThanDeleteRetention()
      throws Exception {
    compactHard();
    SinkConfig config = config();
    try (SinkService first = startSink(config, new SimpleMeterRegistry())) {
      send(A.key(), A);
      send(B.key(), B);
      awaitCommitted(config.groupId());
      awaitCatchUpRecorded();
    }
    assertThat(GraphSnapshot.read(driver).nodeIds()).contains("File repo:a.sql", "File repo:b.sql");

    // Away: B is deleted, and the cleaner drops its tombstone before any sink reads it.
    send(B.key(), null);
    producer.flush();
    long fillers = 0;
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (keysOnTopic().contains(B.key())) {
      assertThat(System.nanoTime())
          .as("the log cleaner removes B's tombstone within 3 minutes")
          .isLessThan(deadline);
      Thread.sleep(300);
      // A record after segment.ms rolls the segment: only a rolled segment is cleaned.
      send(F.key(), F);
      producer.flush();
      fillers++;
    }
    assertThat(keysOnTopic()).doesNotContain(B.key()).contains(A.key());
    DocumentsTopic topic = topic();
    assertThat(topic.deleteRetention()).isEqualTo(RETENTION);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                ReconcileCheck.decide(
                        1,
                        topic.partitions(),
                        new CatchUpRecords(driver).absence(topic),
                        topic.deleteRetention())
                    .reconcile());

    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    GraphSnapshot afterStart;
    try (SinkService second = startSink(config, registry)) {
      // start() returns after the reconcile, before its workers: B is gone before any record is
      // read.
      afterStart = GraphSnapshot.read(driver);
      awaitCommitted(config.groupId());
    }
    GraphSnapshot converged = GraphSnapshot.read(driver);

    assertThat(afterStart.nodeIds())
        .contains("File repo:a.sql")
        .doesNotContain(
            "File repo:b.sql", "Table raw.only_b", "Column raw.only_b.z", "Table mart.v");
    assertThat(registry.counter(MetricNames.SINK_RECONCILE_REMOVED).count()).isEqualTo(1.0);
    assertThat(converged).isEqualTo(graphOf(A, F));
    assertThat(fillers).isPositive();
  }

  @Test
  void shouldNotReconcileAfterAnAbsenceWithinDeleteRetention() {
    SinkConfig config = config();
    try (SinkService first = startSink(config, new SimpleMeterRegistry())) {
      send(A.key(), A);
      awaitCommitted(config.groupId());
      awaitCatchUpRecorded();
    }
    // A file the topic does not hold: only a reconcile would remove it.
    new GraphWriter(driver, new SinkMetrics(new SimpleMeterRegistry()))
        .writeBatched(List.of(Docs.upsert(B)));

    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    startSink(config, registry);

    assertThat(GraphSnapshot.read(driver).nodeIds()).contains("File repo:a.sql", "File repo:b.sql");
    assertThat(registry.counter(MetricNames.SINK_RECONCILE_REMOVED).count()).isZero();
  }

  @Test
  void shouldReconcileAtTheFirstStartOfASinkThatHasNoRecordOfReading() {
    // As an older sink left it: files in the graph, no record of when the sink was caught up.
    GraphWriter older = new GraphWriter(driver, new SinkMetrics(new SimpleMeterRegistry()));
    older.writeBatched(List.of(Docs.upsert(A), Docs.upsert(B)));
    send(A.key(), A);
    producer.flush();

    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    SinkConfig config = config();
    startSink(config, registry);

    assertThat(GraphSnapshot.read(driver).nodeIds())
        .contains("File repo:a.sql")
        .doesNotContain("File repo:b.sql");
    assertThat(registry.counter(MetricNames.SINK_RECONCILE_REMOVED).count()).isEqualTo(1.0);
    assertThat(new CatchUpRecords(driver).absence(topic())).hasSize(topic().partitions());
  }

  /**
   * The documents topic compacted as fast as the cleaner can: tiny segments, tombstones kept 500
   * ms.
   */
  private void compactHard() throws Exception {
    ConfigResource resource =
        new ConfigResource(ConfigResource.Type.TOPIC, settings.topics().documents());
    List<AlterConfigOp> ops =
        List.of(
            set(TopicConfig.DELETE_RETENTION_MS_CONFIG, Long.toString(RETENTION.toMillis())),
            set(TopicConfig.SEGMENT_MS_CONFIG, "200"),
            set(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.01"),
            set(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "0"));
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> topic().deleteRetention().equals(RETENTION));
  }

  private static AlterConfigOp set(String name, String value) {
    return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
  }

  /** Every key that still has a record on the documents topic, tombstones included. */
  private List<String> keysOnTopic() {
    DocumentsScan scan = new DocumentsScan(settings, settings.topics().documents());
    List<String> keys = new ArrayList<>();
    scan.read(
        scan.endOffsets(), () -> false, r -> keys.add(new String(r.key(), StandardCharsets.UTF_8)));
    return keys;
  }

  private void awaitCatchUpRecorded() {
    DocumentsTopic topic = topic();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> new CatchUpRecords(driver).absence(topic).size() == topic.partitions());
  }

  /** The graph the given documents produce in an empty graph (clears the graph). */
  private static GraphSnapshot graphOf(LineageDocument... docs) {
    GraphSnapshot.clear(driver);
    List<FileState> changes = new ArrayList<>();
    for (LineageDocument doc : docs) {
      changes.add(Docs.upsert(doc));
    }
    new GraphWriter(driver, new SinkMetrics(new SimpleMeterRegistry())).writeBatched(changes);
    GraphSnapshot expected = GraphSnapshot.read(driver);
    GraphSnapshot.clear(driver);
    return expected;
  }

  private void awaitCommitted(String groupId) {
    producer.flush();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(300))
          .until(
              () -> {
                var committed =
                    admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
                for (int p = 0; p < settings.partitions(); p++) {
                  latest.put(
                      new TopicPartition(settings.topics().documents(), p), OffsetSpec.latest());
                }
                return admin.listOffsets(latest).all().get().entrySet().stream()
                    .allMatch(
                        e ->
                            e.getValue().offset() == 0
                                || (committed.get(e.getKey()) != null
                                    && committed.get(e.getKey()).offset()
                                        == e.getValue().offset()));
              });
    }
  }
}
