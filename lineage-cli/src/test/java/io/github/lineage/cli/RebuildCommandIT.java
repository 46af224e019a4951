package io.github.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.kafka.Json;
import io.github.lineage.core.kafka.TopicNames;
import io.github.lineage.core.kafka.TopicProvisioner;
import io.github.lineage.core.kafka.Topics;
import io.github.lineage.core.model.ColumnEdge;
import io.github.lineage.core.model.LineageDocument;
import io.github.lineage.core.model.StatementLineage;
import io.github.lineage.local.EmbeddedKafka;
import io.github.lineage.local.EmbeddedNeo4j;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Driver;

/** {@code lineage rebuild} through picocli against a real broker and Neo4j. */
class RebuildCommandIT {

  private static final TopicNames TOPICS = TopicNames.defaults();
  private static EmbeddedKafka kafka;
  private static EmbeddedNeo4j neo4j;
  private static Driver driver;

  @BeforeAll
  static void startServers() throws Exception {
    kafka = EmbeddedKafka.startTemporary();
    neo4j = EmbeddedNeo4j.startTemporary();
    driver = Neo4jConnections.open(neo4j.boltUri());
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
      send(producer, doc("wh:a.sql", "sha-a", "raw.s", "mart.a"));
      send(producer, doc("wh:b.sql", "sha-b1", "raw.s", "mart.b"));
      send(producer, doc("wh:b.sql", "sha-b2", "raw.u", "mart.b"));
      send(producer, doc("wh:gone.sql", "sha-g", "raw.g", "mart.g"));
      producer.send(new ProducerRecord<>(TOPICS.documents(), bytes("wh:gone.sql"), null)).get();
    }
  }

  @AfterAll
  static void stopServers() {
    driver.close();
    neo4j.close();
    kafka.close();
  }

  @BeforeEach
  void emptyGraph() {
    driver.executableQuery("MATCH (n) DETACH DELETE n").execute();
  }

  private static CliRunner.Run rebuild(String... options) {
    String[] args = new String[options.length + 5];
    args[0] = "rebuild";
    args[1] = "--kafka";
    args[2] = kafka.bootstrapServers();
    args[3] = "--neo4j-uri";
    args[4] = neo4j.boltUri();
    System.arraycopy(options, 0, args, 5, options.length);
    return CliRunner.lineage(args);
  }

  @Test
  void shouldRebuildAnEmptyGraphFromTheTopicAndReportTheCountsAsJson() throws Exception {
    CliRunner.Run run = rebuild("--format", "json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode report = Json.MAPPER.readTree(run.out());
    assertThat(report.get("documentsRead").asLong()).isEqualTo(5);
    assertThat(report.get("liveDocuments").asInt()).isEqualTo(2);
    assertThat(report.get("deletedKeys").asInt()).isEqualTo(1);
    assertThat(report.get("filesWritten").asInt()).isEqualTo(2);
    assertThat(report.get("filesRemoved").asInt()).isZero();
    assertThat(report.get("dryRun").asBoolean()).isFalse();
    PipelineGraph graph = PipelineGraph.of(driver);
    assertThat(graph.nodes())
        .contains("File:wh:a.sql sha=sha-a errors=0", "File:wh:b.sql sha=sha-b2 errors=0")
        .noneMatch(n -> n.contains("wh:gone.sql") || n.contains("raw.g"));
    assertThat(graph.edges())
        .contains("raw.u -FEEDS-> mart.b [wh:b.sql]")
        .doesNotContain("raw.s -FEEDS-> mart.b [wh:b.sql]");
  }

  @Test
  void shouldReportOnADryRunWhatItWouldRemoveAndThenRemoveOnlyThat() {
    assertThat(rebuild().exitCode()).isZero();
    // Files the topic does not hold as live: a deleted one left behind, one it never had.
    driver
        .executableQuery(
            """
        CREATE (f:File {key: 'wh:gone.sql', source: 'wh', path: 'gone.sql', sha256: 'sha-g'})-[:READS]->(:Table {name: 'raw.g'}),
               (x:File {key: 'wh:stray.sql', source: 'wh', path: 'stray.sql', sha256: 'sha-x'})-[:WRITES]->(:Table {name: 'mart.stray'})""")
        .execute();
    PipelineGraph before = PipelineGraph.of(driver);

    CliRunner.Run dryRun = rebuild("--reconcile-only", "--dry-run");

    assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
    assertThat(dryRun.out())
        .contains("dry run, nothing changed")
        .contains("files would be removed: 2")
        .contains("would remove wh:gone.sql")
        .contains("would remove wh:stray.sql")
        .doesNotContain("files written");
    assertThat(PipelineGraph.of(driver)).isEqualTo(before);

    CliRunner.Run reconcile = rebuild("--reconcile-only");

    assertThat(reconcile.exitCode()).as(reconcile.err()).isZero();
    assertThat(reconcile.out())
        .contains("documents read: 5 records, 2 live, 1 deleted")
        .contains("files removed: 2");
    PipelineGraph after = PipelineGraph.of(driver);
    assertThat(after.nodes())
        .noneMatch(n -> n.contains("gone") || n.contains("stray") || n.contains("raw.g"));
    assertThat(after.nodes())
        .contains("File:wh:a.sql sha=sha-a errors=0", "File:wh:b.sql sha=sha-b2 errors=0");
    assertThat(after.edges())
        .isEqualTo(
            before.edges().stream()
                .filter(e -> !e.contains("raw.g") && !e.contains("stray"))
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)));
  }

  @Test
  void shouldSayPlainlyWhenNeo4jDoesNotAnswer() {
    CliRunner.Run run =
        CliRunner.lineage(
            "rebuild", "--kafka", kafka.bootstrapServers(), "--neo4j-uri", "bolt://127.0.0.1:1");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(run.err()).startsWith("lineage: nothing answers at bolt://127.0.0.1:1");
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, LineageDocument doc)
      throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                TOPICS.documents(), bytes(doc.key()), Topics.DOCUMENT_SERDE.toBytes(doc)))
        .get();
  }

  private static LineageDocument doc(String key, String sha, String source, String target) {
    String[] parts = key.split(":", 2);
    StatementLineage statement =
        new StatementLineage(
            0,
            1,
            "INSERT",
            List.of(source),
            List.of(target),
            List.of(new ColumnEdge(target + ".c", List.of(source + ".c"))));
    return new LineageDocument(
        LineageDocument.SCHEMA_VERSION,
        key,
        parts[0],
        parts[1],
        sha,
        "test-1",
        Instant.parse("2026-12-01T00:00:00Z"),
        List.of(statement),
        List.of());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
