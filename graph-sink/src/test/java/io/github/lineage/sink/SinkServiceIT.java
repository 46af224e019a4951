package io.github.lineage.sink;

import static io.github.lineage.sink.Docs.col;
import static io.github.lineage.sink.Docs.doc;
import static io.github.lineage.sink.Docs.insert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.Flags;
import io.github.lineage.core.flags.StaticFlags;
import io.github.lineage.core.kafka.DeadLetter;
import io.github.lineage.core.kafka.TopicNames;
import io.github.lineage.core.kafka.TopicProvisioner;
import io.github.lineage.core.kafka.Topics;
import io.github.lineage.core.metrics.MetricNames;
import io.github.lineage.core.model.LineageDocument;
import io.github.lineage.local.EmbeddedKafka;
import io.github.lineage.local.EmbeddedNeo4j;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;

/** The sink end to end: real Kafka in, real Neo4j out. */
class SinkServiceIT {

  private static EmbeddedKafka kafka;
  private static EmbeddedNeo4j neo4j;
  private static Driver driver;
  private static KafkaProducer<byte[], byte[]> producer;

  private final List<AutoCloseable> closeAfter = new ArrayList<>();
  private KafkaSettings settings;
  private MeterRegistry registry;

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
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    producer = new KafkaProducer<>(props);
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
            TopicNames.withPrefix("t" + UUID.randomUUID().toString().substring(0, 8) + "."));
    TopicProvisioner.ensureTopics(settings, Duration.ofSeconds(30));
    registry = new SimpleMeterRegistry();
  }

  @AfterEach
  void closeServices() throws Exception {
    for (int i = closeAfter.size() - 1; i >= 0; i--) {
      closeAfter.get(i).close();
    }
  }

  private SinkConfig config() {
    return SinkConfig.defaults()
        .withGroupId("sink-" + UUID.randomUUID())
        .withBatch(50, Duration.ofMillis(100))
        .withWorkers(2)
        .withRetries(3, Duration.ofMillis(50), Duration.ofMillis(500));
  }

  private SinkService start(SinkConfig config, Flags flags, SinkHooks hooks, Driver graph) {
    SinkService sink = new SinkService(config, settings, graph, flags, registry, hooks);
    closeAfter.add(sink);
    sink.start();
    return sink;
  }

  private void send(LineageDocument doc) {
    send(doc.key(), Topics.DOCUMENT_SERDE.toBytes(doc), null);
  }

  private void send(String key, byte[] value, Integer partition) {
    producer.send(
        new ProducerRecord<>(
            settings.topics().documents(), partition, key.getBytes(StandardCharsets.UTF_8), value));
  }

  /** The graph that the given final documents (null = deleted) must produce. */
  private GraphSnapshot expectedGraph(Map<String, LineageDocument> finalState) {
    GraphWriter writer = new GraphWriter(driver, new SinkMetrics(new SimpleMeterRegistry()));
    List<FileState> changes = new ArrayList<>();
    finalState.forEach(
        (key, doc) -> changes.add(doc == null ? Docs.delete(key) : Docs.upsert(doc)));
    writer.writeBatched(changes);
    GraphSnapshot expected = GraphSnapshot.read(driver);
    GraphSnapshot.clear(driver);
    return expected;
  }

  private void awaitCommitted(String groupId) {
    producer.flush();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(300))
          .until(
              () -> {
                Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
                for (int p = 0; p < settings.partitions(); p++) {
                  latest.put(
                      new TopicPartition(settings.topics().documents(), p), OffsetSpec.latest());
                }
                var ends = admin.listOffsets(latest).all().get();
                return ends.entrySet().stream()
                    .allMatch(
                        e ->
                            e.getValue().offset() == 0
                                || (committed.get(e.getKey()) != null
                                    && committed.get(e.getKey()).offset()
                                        == e.getValue().offset()));
              });
    }
  }

  private List<ConsumerRecord<byte[], byte[]>> readDlq(int expected) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(settings.topics().dlq()));
      await()
          .atMost(Duration.ofMinutes(1))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
              });
    }
    return records;
  }

  private static final LineageDocument A =
      doc(
          "repo:a.sql",
          "sha-a1",
          insert(
              List.of("raw.s", "raw.u"), List.of("mart.t"), col("mart.t.c", "raw.s.a", "raw.u.b")));
  private static final LineageDocument B =
      doc(
          "repo:b.sql",
          "sha-b1",
          insert(List.of("mart.t"), List.of("mart.v"), col("mart.v.x", "mart.t.c")));
  private static final LineageDocument A_EDITED =
      doc(
          "repo:a.sql",
          "sha-a2",
          insert(List.of("raw.s"), List.of("mart.t"), col("mart.t.c", "raw.s.a")));

  @Test
  void shouldConvergeThroughKafkaAndDeadLetterAMalformedRecordWhileItsPartitionContinues() {
    SinkConfig config = config();
    start(config, StaticFlags.allOn(), SinkHooks.NONE, driver);
    byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
    send(A);
    send(B);
    send("repo:bad.sql", garbage, 0);
    LineageDocument c = doc("repo:c.sql", "sha-c", insert(List.of("raw.s"), List.of("mart.w")));
    send(c.key(), Topics.DOCUMENT_SERDE.toBytes(c), 0);
    send(A_EDITED);
    send(B.key(), null, null);
    awaitCommitted(config.groupId());

    GraphSnapshot graph = GraphSnapshot.read(driver);
    assertThat(graph.nodeIds())
        .containsExactly(
            "Column mart.t.c",
            "Column raw.s.a",
            "File repo:a.sql",
            "File repo:c.sql",
            "Table mart.t",
            "Table mart.w",
            "Table raw.s");
    assertThat(graph.edges())
        .containsExactly(
            "(Column raw.s.a)-[DERIVES {file=repo:a.sql}]->(Column mart.t.c)",
            "(File repo:a.sql)-[READS]->(Table raw.s)",
            "(File repo:a.sql)-[WRITES]->(Table mart.t)",
            "(File repo:c.sql)-[READS]->(Table raw.s)",
            "(File repo:c.sql)-[WRITES]->(Table mart.w)",
            "(Table mart.t)-[HAS_COLUMN]->(Column mart.t.c)",
            "(Table raw.s)-[FEEDS {file=repo:a.sql}]->(Table mart.t)",
            "(Table raw.s)-[FEEDS {file=repo:c.sql}]->(Table mart.w)",
            "(Table raw.s)-[HAS_COLUMN]->(Column raw.s.a)");

    List<ConsumerRecord<byte[], byte[]>> dlq = readDlq(1);
    assertThat(dlq).hasSize(1);
    DeadLetter letter =
        DeadLetter.fromHeaders(dlq.get(0).headers(), dlq.get(0).key(), dlq.get(0).value());
    assertThat(letter.stage()).isEqualTo(DeadLetter.Stage.SINK);
    assertThat(letter.reason()).isEqualTo("malformed");
    assertThat(letter.value()).isEqualTo(garbage);
    assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("repo:bad.sql");
    assertThat(letter.originalTopic()).isEqualTo(settings.topics().documents());
    assertThat(letter.originalPartition()).isZero();
    assertThat(
            registry
                .counter(MetricNames.FILES_FAILED, "stage", "sink", "reason", "malformed")
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void shouldDeadLetterADocumentThatFailsEveryAttemptAndWriteTheRestOfItsBatch() throws Exception {
    // A table name over Neo4j's index key limit: the graph refuses this document every time.
    String huge = "raw." + "x".repeat(40_000);
    LineageDocument bad =
        Docs.doc("repo:bad.sql", "sha-bad", Docs.insert(List.of(huge), List.of("mart.t")));
    LineageDocument good =
        Docs.doc("repo:good.sql", "sha-good", Docs.insert(List.of("raw.s"), List.of("mart.t")));
    SinkConfig config = config();
    start(config, StaticFlags.allOn(), SinkHooks.NONE, driver);
    send(bad.key(), Topics.DOCUMENT_SERDE.toBytes(bad), 0);
    send(good.key(), Topics.DOCUMENT_SERDE.toBytes(good), 0);
    awaitCommitted(config.groupId());

    assertThat(GraphSnapshot.read(driver).nodeIds())
        .contains("File repo:good.sql")
        .doesNotContain("File repo:bad.sql");
    List<ConsumerRecord<byte[], byte[]>> dlq = readDlq(1);
    DeadLetter letter =
        DeadLetter.fromHeaders(dlq.get(0).headers(), dlq.get(0).key(), dlq.get(0).value());
    assertThat(letter.reason()).isEqualTo("write_failed");
    assertThat(letter.attempts()).isEqualTo(config.maxAttempts());
    assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("repo:bad.sql");
    assertThat(
            registry
                .counter(MetricNames.FILES_FAILED, "stage", "sink", "reason", "write_failed")
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void shouldBuildTheSameGraphWithBatchedWritesOnAndOff() throws Exception {
    Random random = new Random(11);
    Map<String, LineageDocument> state = new LinkedHashMap<>();
    for (int round = 0; round < 2; round++) {
      for (int f = 0; f < 12; f++) {
        LineageDocument doc = GraphWriterIT.randomDoc(random, "repo:f" + f + ".sql", round);
        send(doc);
        state.put(doc.key(), doc);
      }
    }
    send("repo:f3.sql", null, null);
    state.put("repo:f3.sql", null);
    GraphSnapshot expected = expectedGraph(state);

    SinkConfig baseline = config();
    try (SinkService sink = start(baseline, StaticFlags.allOff(), SinkHooks.NONE, driver)) {
      awaitCommitted(baseline.groupId());
    }
    GraphSnapshot off = GraphSnapshot.read(driver);
    GraphSnapshot.clear(driver);
    SinkConfig batched = config();
    start(batched, StaticFlags.only(Flag.NEO4J_BATCH, Flag.PARALLEL), SinkHooks.NONE, driver);
    awaitCommitted(batched.groupId());
    GraphSnapshot on = GraphSnapshot.read(driver);
    assertThat(off).isEqualTo(expected);
    assertThat(on).isEqualTo(expected);
  }

  @Test
  void shouldReplayToTheSameGraphAfterACrashBetweenGraphWriteAndOffsetCommit() {
    Map<String, LineageDocument> state = new LinkedHashMap<>();
    Random random = new Random(5);
    for (int f = 0; f < 30; f++) {
      LineageDocument doc = GraphWriterIT.randomDoc(random, "repo:f" + f + ".sql", 0);
      send(doc);
      state.put(doc.key(), doc);
    }
    GraphSnapshot expected = expectedGraph(state);
    AtomicInteger writes = new AtomicInteger();
    SinkHooks crashOnce =
        new SinkHooks() {
          @Override
          public void afterGraphWrite(List<ConsumerRecord<byte[], byte[]>> batch) {
            if (writes.incrementAndGet() == 1) {
              throw new IllegalStateException(
                  "simulated crash after the graph write, before the commit");
            }
          }
        };
    SinkConfig config = config().withWorkers(1);
    start(config, StaticFlags.allOn(), crashOnce, driver);
    awaitCommitted(config.groupId());
    assertThat(writes.get()).isGreaterThan(1);
    assertThat(GraphSnapshot.read(driver)).isEqualTo(expected);
  }

  @Test
  void shouldConvergeWithTwoInstancesAndRebalancesWhile2000DocumentsFlow() throws Exception {
    Random random = new Random(3);
    List<LineageDocument> docs = new ArrayList<>();
    Map<String, LineageDocument> state = new LinkedHashMap<>();
    List<String> tombstones = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      String key = "repo:f" + random.nextInt(400) + ".sql";
      LineageDocument doc = GraphWriterIT.randomDoc(random, key, i);
      docs.add(doc);
    }
    SinkConfig config = config();
    SinkService first = start(config, StaticFlags.allOn(), SinkHooks.NONE, driver);
    for (int i = 0; i < docs.size(); i++) {
      LineageDocument doc = docs.get(i);
      if (i % 97 == 0) {
        send(doc.key(), null, null);
        state.put(doc.key(), null);
        tombstones.add(doc.key());
      } else {
        send(doc);
        state.put(doc.key(), doc);
      }
      if (i == 700) {
        start(config, StaticFlags.allOn(), SinkHooks.NONE, driver);
      }
      if (i == 1400) {
        first.close();
        start(config, StaticFlags.allOn(), SinkHooks.NONE, driver);
      }
    }
    awaitCommitted(config.groupId());
    GraphSnapshot actual = GraphSnapshot.read(driver);
    GraphSnapshot.clear(driver);
    GraphSnapshot expected = expectedGraph(state);
    assertThat(tombstones).isNotEmpty();
    assertThat(actual.edges()).doesNotHaveDuplicates();
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  @SuppressWarnings("deprecation") // the driver's Logging, as in Neo4jTestSupport
  void shouldRetryThroughANeo4jOutageLongerThanMaxPollIntervalStayingInItsGroupAndLoseNothing()
      throws Exception {
    Path home = Files.createTempDirectory("sink-outage-neo4j-");
    EmbeddedNeo4j own = EmbeddedNeo4j.start(home, 0);
    int port = own.port();
    // One write attempt against a Neo4j that is down must stay far inside the poll interval, even
    // on a loaded machine: the driver gives up retrying after 2 s, a connection attempt after 2 s.
    Driver ownDriver =
        GraphDatabase.driver(
            own.boltUri(),
            AuthTokens.none(),
            Config.builder()
                .withLogging(Logging.slf4j())
                .withMaxTransactionRetryTime(2, java.util.concurrent.TimeUnit.SECONDS)
                .withConnectionTimeout(2, java.util.concurrent.TimeUnit.SECONDS)
                .build());
    closeAfter.add(ownDriver);
    // Short enough for the outage below to outlast it twice.
    Duration maxPollInterval = Duration.ofSeconds(15);
    SinkConfig config = config().withMaxPollInterval(maxPollInterval);
    start(config, StaticFlags.allOn(), SinkHooks.NONE, ownDriver);
    Map<String, LineageDocument> state = new LinkedHashMap<>();
    Random random = new Random(9);
    for (int f = 0; f < 10; f++) {
      LineageDocument doc = GraphWriterIT.randomDoc(random, "repo:f" + f + ".sql", 0);
      send(doc);
      state.put(doc.key(), doc);
    }
    awaitCommitted(config.groupId());
    Set<String> members = members(config.groupId());
    assertThat(members).hasSize(2);
    own.close();
    long down = System.nanoTime();
    for (int f = 5; f < 25; f++) {
      LineageDocument doc = GraphWriterIT.randomDoc(random, "repo:f" + f + ".sql", 1);
      send(doc);
      state.put(doc.key(), doc);
    }
    producer.flush();
    // Restart only once the sink has met the outage, however slow the machine is.
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> registry.counter(MetricNames.NEO4J_BATCH_RETRIES).count() > 0);
    long outage = 2 * maxPollInterval.toNanos() + Duration.ofSeconds(2).toNanos();
    Thread.sleep(Math.max(0, (down + outage - System.nanoTime()) / 1_000_000));
    EmbeddedNeo4j restarted = EmbeddedNeo4j.start(home, port);
    closeAfter.add(1, restarted);
    awaitCommitted(config.groupId());
    GraphSnapshot actual = GraphSnapshot.read(ownDriver);
    assertThat(actual.nodeIds())
        .filteredOn(n -> n.startsWith("File "))
        .containsExactlyElementsOf(
            state.keySet().stream().sorted().map(k -> "File " + k).collect(Collectors.toList()));
    assertThat(actual).isEqualTo(expectedGraph(state));
    assertThat(registry.counter(MetricNames.NEO4J_BATCH_RETRIES).count()).isPositive();
    // An evicted worker rejoins under a new member id: the same ids mean nobody left the group.
    assertThat(members(config.groupId())).isEqualTo(members);
  }

  private Set<String> members(String groupId) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      return admin
          .describeConsumerGroups(List.of(groupId))
          .all()
          .get()
          .get(groupId)
          .members()
          .stream()
          .map(MemberDescription::consumerId)
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
