package io.github.lineage.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.cli.LineageCli;
import io.github.lineage.cli.LocalPipeline;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.flags.StaticFlags;
import io.github.lineage.parser.ParserConfig;
import io.github.lineage.sql.LineageEngine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Faults against the whole pipeline on real in-process Kafka and Neo4j, each ending with the graph
 * compared edge by edge with what the engine gives for the final tree ({@link ExpectedGraph}): 0
 * missing, 0 stale, 0 extra, or the diff is printed. The matrix of figures is printed at the end
 * (docs/reliability.md keeps the figures of a run).
 */
class FaultMatrixIT {

  private static final EnvReader ENV =
      new EnvReader(
          Map.of(
              "DEBOUNCE_WINDOW_SECONDS",
              "0.2",
              "WATCH_SETTLE_MS",
              "50",
              "WATCH_RESCAN_INTERVAL_SECONDS",
              "0"));
  private static final Convergence MATRIX = new Convergence();

  @TempDir Path tmp;

  @AfterAll
  static void printMatrix() {
    MATRIX.print("fault matrix, whole process");
  }

  @Test
  void shouldConvergeAfterABurstOfEditsDeletesAndRenames() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("wh"));
    Corpus corpus = new Corpus(root, new Random(7));
    corpus.create(60);
    try (LocalPipeline pipeline = start(root, tmp.resolve("home"))) {
      corpus.burst(300);
      assertConverged("burst of 300 edits/deletes/renames", pipeline, root);
    }
  }

  @Test
  void shouldDropADirectorySwappedForASymlinkAndNeverReadBehindIt() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("wh"));
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Corpus outside = new Corpus(elsewhere, new Random(3));
    outside.create(10);
    Corpus corpus = new Corpus(root, new Random(5));
    corpus.create(40);
    try (LocalPipeline pipeline = start(root, tmp.resolve("home"))) {
      Path sub = root.resolve("d1");
      Corpus.deleteTree(sub);
      Files.createSymbolicLink(sub, elsewhere);
      outside.burst(20);
      corpus.burst(20);
      assertConverged("symlink swap of a watched directory", pipeline, root);
      assertThat(ExpectedGraph.ofGraph(pipeline.driver())).noneMatch(l -> l.contains("wh:d1/"));
    }
  }

  /** Undecodable records on every topic: dead-lettered or skipped, and nothing else is lost. */
  @Test
  void shouldDeadLetterPoisonRecordsOnEachTopicAndLoseNothingElse() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("wh"));
    Corpus corpus = new Corpus(root, new Random(13));
    corpus.create(30);
    try (LocalPipeline pipeline = start(root, tmp.resolve("home"))) {
      Properties props = new Properties();
      props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.kafkaBootstrap());
      // One request in flight: a first batch the broker refuses while it still opens a partition
      // just created is retried before a later one overtakes it; with several in flight the
      // idempotent producer loses it (KAFKA-15591, apache/kafka#23234).
      props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
      props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
      props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
      byte[] garbage = {(byte) 0xFF, 0, 'n', 'o', 't', ' ', 'j', 's', 'o', 'n'};
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
        producer
            .send(
                new ProducerRecord<>(
                    pipeline.topics().fileChanges(),
                    "wh:poison.sql".getBytes(StandardCharsets.UTF_8),
                    garbage))
            .get();
        producer
            .send(
                new ProducerRecord<>(
                    pipeline.topics().documents(),
                    "wh:poison2.sql".getBytes(StandardCharsets.UTF_8),
                    garbage))
            .get();
        // The global parse-cache store reads this topic in its own thread: a bad entry must not
        // stop it.
        producer
            .send(
                new ProducerRecord<>(
                    ParserConfig.from(ENV, new LineageHome(tmp.resolve("home"))).parseCacheTopic(),
                    "not-a-fingerprint".getBytes(StandardCharsets.UTF_8),
                    garbage))
            .get();
        // A letter without any of the dead-letter headers, as if written by hand.
        producer
            .send(
                new ProducerRecord<>(
                    pipeline.topics().dlq(),
                    "wh:poison3.sql".getBytes(StandardCharsets.UTF_8),
                    garbage))
            .get();
      }
      corpus.burst(40);
      assertConverged(
          "poison records on the change, document, parse-cache and dlq topics", pipeline, root);
    }
  }

  /**
   * Files of 2, 5 and 20 MB (tens of thousands of statements) beside ordinary ones, with the size
   * setting raised above the largest: each reaches the graph whole, and nothing else waits for
   * them.
   */
  @Test
  void shouldCarryFilesOfTwoFiveAndTwentyMegabytesIntoTheGraph() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("wh"));
    Corpus corpus = new Corpus(root, new Random(17));
    corpus.create(20);
    long twoMb =
        writeInserts(
            root.resolve("big/two.sql"),
            2_000_000,
            i ->
                "INSERT INTO raw.events (id, name) VALUES ("
                    + i
                    + ", 'event number "
                    + i
                    + "');\n");
    long fiveMb =
        writeInserts(
            root.resolve("big/five.sql"),
            5_000_000,
            i ->
                "INSERT INTO mart.t"
                    + (i % 40)
                    + " (id, v) SELECT s.id, s.v"
                    + (i % 3)
                    + " FROM raw.s"
                    + (i % 50)
                    + " s;\n");
    long twentyMb =
        writeInserts(
            root.resolve("big/twenty.sql"),
            20_000_000,
            i ->
                "INSERT INTO raw.audit (id, who, what) VALUES ("
                    + i
                    + ", 'user"
                    + (i % 97)
                    + "', 'changed row "
                    + i
                    + "');\n");
    EnvReader env = ENV.with(Map.of("MAX_FILE_BYTES", Integer.toString(24 * 1024 * 1024)));
    try (LocalPipeline pipeline = start(root, tmp.resolve("home"), env)) {
      corpus.burst(20);
      assertConverged(
          "files of 2, 5 and 20 MB (" + twoMb + ", " + fiveMb + ", " + twentyMb + " bytes)",
          pipeline,
          root);
    }
  }

  /** Writes statements until the file holds at least {@code bytes}; returns its size. */
  private static long writeInserts(
      Path file, long bytes, java.util.function.IntFunction<String> statement) throws IOException {
    Files.createDirectories(file.getParent());
    StringBuilder sql = new StringBuilder();
    for (int i = 0; sql.length() < bytes; i++) {
      sql.append(statement.apply(i));
    }
    Files.writeString(file, sql, StandardCharsets.UTF_8);
    return Files.size(file);
  }

  /**
   * kill -9 of a whole {@code lineage local} process at a random point of an ingest, then a
   * restart.
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 29})
  void shouldConvergeAfterKillNineOfTheWholeProcessAndARestart(long seed) throws Exception {
    Path root = Files.createDirectories(tmp.resolve("wh"));
    Path home = tmp.resolve("home");
    Random random = new Random(seed);
    Corpus corpus = new Corpus(root, random);
    corpus.create(150);
    Path log = tmp.resolve("child.log");
    Process child = launchLocal(root, home, log);
    try {
      awaitLine(child, log, "files found", Duration.ofSeconds(120));
      long killAfterMs = random.nextInt(3000);
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(killAfterMs);
      // Edits keep coming while the ingest runs, until the kill.
      while (System.nanoTime() < until) {
        corpus.burst(5);
        Thread.sleep(20);
      }
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      MATRIX.note("seed " + seed + ": killed " + killAfterMs + " ms after the first scan");
    } finally {
      child.destroyForcibly();
    }
    corpus.burst(30);
    try (LocalPipeline pipeline = start(root, home)) {
      assertConverged("kill -9 mid-ingest, restart (seed " + seed + ")", pipeline, root);
    }
  }

  private static LocalPipeline start(Path root, Path home) {
    return start(root, home, ENV);
  }

  private static LocalPipeline start(Path root, Path home, EnvReader env) {
    return LocalPipeline.start(
        new LocalPipeline.Options(root, new LineageHome(home), 0, 0, true),
        env,
        StaticFlags.allOn(),
        LineageEngine.defaults(),
        new SimpleMeterRegistry());
  }

  private static void assertConverged(String scenario, LocalPipeline pipeline, Path root)
      throws InterruptedException {
    MATRIX.assertConverged(scenario, pipeline.driver(), root);
  }

  private static Process launchLocal(Path root, Path home, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
            java,
            "-Xmx768m",
            "-cp",
            System.getProperty("java.class.path"),
            LineageCli.class.getName(),
            "local",
            root.toString(),
            "--kafka-port",
            "0",
            "--neo4j-port",
            "0",
            "--metrics-port",
            "-1",
            "--home",
            home.toString());
    builder.environment().putAll(Map.of("DEBOUNCE_WINDOW_SECONDS", "0.2", "WATCH_SETTLE_MS", "50"));
    builder.environment().remove("UNLEASH_URL");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    return builder.start();
  }

  private static void awaitLine(Process child, Path log, String text, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String out = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
      if (out.contains(text)) {
        return;
      }
      if (!child.isAlive()) {
        throw new AssertionError("lineage local exited with " + child.exitValue() + ":\n" + out);
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "lineage local did not print '"
            + text
            + "' within "
            + timeout
            + ":\n"
            + Files.readString(log, StandardCharsets.UTF_8));
  }
}
