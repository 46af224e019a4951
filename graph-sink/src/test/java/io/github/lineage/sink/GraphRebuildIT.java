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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Driver;

/** Rebuild and reconcile of the graph from the documents topic: real Kafka, real Neo4j. */
class GraphRebuildIT {

  private static EmbeddedKafka kafka;
  private static EmbeddedNeo4j neo4j;
  private static Driver driver;
  private static KafkaProducer<byte[], byte[]> producer;

  private KafkaSettings settings;
  private SimpleMeterRegistry registry;

  @BeforeAll
  static void startServers() {
    kafka = EmbeddedKafka.startTemporary();
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
  static void stopServers() {
    producer.close();
    driver.close();
    neo4j.close();
    kafka.close();
  }

  @BeforeEach
  void freshTopicsAndDatabase() {
    GraphSnapshot.clear(driver);
    settings =
        KafkaSettings.of(
            kafka.bootstrapServers(),
            TopicNames.withPrefix("r" + UUID.randomUUID().toString().substring(0, 8) + "."));
    TopicProvisioner.ensureTopics(settings, Duration.ofSeconds(30));
    GraphSchema.ensure(driver);
    registry = new SimpleMeterRegistry();
  }

  private static final LineageDocument A =
      Docs.doc(
          "repo:a.sql",
          "sha-a",
          Docs.insert(
              List.of("raw.s", "raw.u"),
              List.of("mart.t"),
              Docs.col("mart.t.c", "raw.s.a", "raw.u.b")));
  private static final LineageDocument B =
      Docs.doc(
          "repo:b.sql",
          "sha-b",
          Docs.insert(
              List.of("mart.t", "raw.only_b"),
              List.of("mart.v"),
              Docs.col("mart.v.x", "mart.t.c", "raw.only_b.z")));
  private static final LineageDocument X =
      Docs.doc("repo:x.sql", "sha-x", Docs.insert(List.of("raw.only_x"), List.of("mart.x")));

  private void send(String key, LineageDocument doc) {
    producer.send(
        new ProducerRecord<>(
            settings.topics().documents(),
            key.getBytes(StandardCharsets.UTF_8),
            doc == null ? null : Topics.DOCUMENT_SERDE.toBytes(doc)));
  }

  private GraphRebuild rebuild() {
    producer.flush();
    SinkConfig config = SinkConfig.defaults().withBatch(7, Duration.ofMillis(50));
    return new GraphRebuild(settings, driver, config, registry);
  }

  /**
   * The graph the given final documents produce, written by the sink's writer into an empty graph.
   */
  private static GraphSnapshot graphOf(LineageDocument... docs) {
    GraphSnapshot.clear(driver);
    List<FileState> changes = new ArrayList<>();
    for (LineageDocument doc : docs) {
      changes.add(Docs.upsert(doc));
    }
    new GraphWriter(driver, new SinkMetrics(new SimpleMeterRegistry())).writeBatched(changes);
    GraphSnapshot graph = GraphSnapshot.read(driver);
    GraphSnapshot.clear(driver);
    return graph;
  }

  /**
   * A graph a sink left behind that missed B's delete, with a file X the topic never had (or lost).
   */
  private void staleGraph() {
    new GraphWriter(driver, new SinkMetrics(new SimpleMeterRegistry()))
        .writeBatched(List.of(Docs.upsert(A), Docs.upsert(B), Docs.upsert(X)));
    send(A.key(), A);
    send(B.key(), B);
    send(B.key(), null);
  }

  @Test
  void shouldRebuildIntoAnEmptyGraphTheSameGraphTheLiveSinkBuilt() throws Exception {
    Random random = new Random(17);
    Map<String, LineageDocument> state = new LinkedHashMap<>();
    for (int i = 0; i < 120; i++) {
      String key = "repo:f" + random.nextInt(40) + ".sql";
      LineageDocument doc = i % 9 == 0 ? null : GraphWriterIT.randomDoc(random, key, i);
      send(key, doc);
      state.put(key, doc);
    }
    producer.flush();
    SinkConfig config =
        SinkConfig.defaults()
            .withGroupId("live-" + UUID.randomUUID())
            .withBatch(10, Duration.ofMillis(50));
    try (SinkService sink =
        new SinkService(config, settings, driver, StaticFlags.allOn(), new SimpleMeterRegistry())) {
      sink.start();
      awaitCommitted(config.groupId());
    }
    GraphSnapshot live = GraphSnapshot.read(driver);
    GraphSnapshot.clear(driver);

    GraphRebuild.Report report = rebuild().run(GraphRebuild.Mode.REBUILD, false);

    long liveKeys = state.values().stream().filter(d -> d != null).count();
    assertThat(GraphSnapshot.read(driver)).isEqualTo(live);
    assertThat(live.nodeIds()).filteredOn(n -> n.startsWith("File ")).hasSize((int) liveKeys);
    assertThat(report.recordsRead()).isEqualTo(120);
    assertThat(report.liveDocuments()).isEqualTo(liveKeys);
    assertThat(report.deletedKeys()).isEqualTo(state.size() - liveKeys);
    assertThat(report.filesWritten()).isEqualTo(liveKeys);
    assertThat(report.filesLeftOut()).isZero();
    assertThat(report.failed()).isEmpty();
    assertThat(report.removed()).isEmpty();

    // Into the graph it just built: every document is at or below its partition's fence.
    GraphRebuild.Report again = rebuild().run(GraphRebuild.Mode.REBUILD, false);
    assertThat(again.filesWritten()).isZero();
    assertThat(again.filesLeftOut()).isEqualTo(liveKeys);
    assertThat(GraphSnapshot.read(driver)).isEqualTo(live);
  }

  @Test
  void shouldRemoveTheFilesWhoseKeyWasTombstonedOrIsAbsentWithWhatOnlyTheyContributed() {
    GraphSnapshot expected = graphOf(A);
    staleGraph();

    GraphRebuild.Report report = rebuild().run(GraphRebuild.Mode.RECONCILE_ONLY, false);

    assertThat(report.removed()).containsExactly("repo:b.sql", "repo:x.sql");
    assertThat(report.liveDocuments()).isEqualTo(1);
    assertThat(report.deletedKeys()).isEqualTo(1);
    assertThat(report.filesWritten()).isZero();
    assertThat(GraphSnapshot.read(driver)).isEqualTo(expected);
    assertThat(GraphSnapshot.read(driver).nodeIds())
        .doesNotContain(
            "Table raw.only_b", "Table raw.only_x", "Column raw.only_b.z", "Table mart.x");
    assertThat(registry.counter(MetricNames.SINK_RECONCILE_REMOVED).count()).isEqualTo(2.0);
    // The graph now holds no file deleted before the scan: recorded as caught up on every
    // partition.
    DocumentsTopic topic = DocumentsTopic.describe(settings);
    assertThat(new CatchUpRecords(driver).absence(topic)).hasSize(topic.partitions());
  }

  @Test
  void shouldWriteTheLiveDocumentsAndRemoveTheRestInOneRebuild() {
    GraphSnapshot expected = graphOf(A);
    new GraphWriter(driver, new SinkMetrics(new SimpleMeterRegistry()))
        .writeBatched(List.of(Docs.upsert(B), Docs.upsert(X)));
    send(A.key(), A);
    send(B.key(), B);
    send(B.key(), null);

    GraphRebuild.Report report = rebuild().run(GraphRebuild.Mode.REBUILD, false);

    assertThat(report.filesWritten()).isEqualTo(1);
    assertThat(report.removed()).containsExactly("repo:b.sql", "repo:x.sql");
    assertThat(GraphSnapshot.read(driver)).isEqualTo(expected);
  }

  @Test
  void shouldChangeNothingOnADryRunAndSayWhatItWouldDo() {
    staleGraph();
    GraphSnapshot before = GraphSnapshot.read(driver);

    GraphRebuild.Report reconcile = rebuild().run(GraphRebuild.Mode.RECONCILE_ONLY, true);
    GraphRebuild.Report full = rebuild().run(GraphRebuild.Mode.REBUILD, true);

    assertThat(reconcile.dryRun()).isTrue();
    assertThat(reconcile.removed()).containsExactly("repo:b.sql", "repo:x.sql");
    assertThat(full.removed()).containsExactly("repo:b.sql", "repo:x.sql");
    assertThat(full.filesWritten()).isEqualTo(1);
    assertThat(GraphSnapshot.read(driver)).isEqualTo(before);
    assertThat(new CatchUpRecords(driver).absence(DocumentsTopic.describe(settings)))
        .as("no record written")
        .isEmpty();
    assertThat(registry.counter(MetricNames.SINK_RECONCILE_REMOVED).count()).isZero();
  }

  @Test
  void shouldKeepAFileALiveSinkWroteWhileTheScanRanThoughTheScanDidNotSeeItsDocument() {
    staleGraph();
    producer.flush();
    GraphWriter liveSink = new GraphWriter(driver, new SinkMetrics(new SimpleMeterRegistry()));
    AtomicBoolean written = new AtomicBoolean();
    // Asked while the topic is being read, after the end offsets were taken: the moment a live sink
    // writes X from a record beyond them.
    BooleanSupplier duringTheScan =
        () -> {
          if (written.compareAndSet(false, true)) {
            liveSink.writeBatched(List.of(Docs.upsert(X)));
          }
          return false;
        };

    GraphRebuild.Report report =
        new GraphRebuild(settings, driver, SinkConfig.defaults(), new SinkMetrics(registry))
            .run(
                GraphRebuild.Mode.RECONCILE_ONLY,
                false,
                DocumentsTopic.describe(settings),
                duringTheScan);

    assertThat(written).isTrue();
    assertThat(report.removed()).containsExactly("repo:b.sql");
    assertThat(report.keptNewer()).containsExactly("repo:x.sql");
    assertThat(GraphSnapshot.read(driver).nodeIds())
        .contains("File repo:x.sql")
        .doesNotContain("File repo:b.sql");
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
