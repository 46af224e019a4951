package io.github.lineage.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.flags.StaticFlags;
import io.github.lineage.core.kafka.TopicProvisioner;
import io.github.lineage.local.EmbeddedKafka;
import io.github.lineage.local.EmbeddedNeo4j;
import io.github.lineage.parser.ParserConfig;
import io.github.lineage.parser.ParserService;
import io.github.lineage.sink.SinkConfig;
import io.github.lineage.sink.SinkService;
import io.github.lineage.sql.LineageEngine;
import io.github.lineage.watcher.WatcherConfig;
import io.github.lineage.watcher.WatcherService;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

/**
 * Faults of the servers and of the sink's consumer group, with edits arriving throughout: the
 * pipeline is composed here from its services (as {@code lineage local} composes it) so that a test
 * can stop and restart the broker or Neo4j on the same port and data, and run two sink instances.
 * Each scenario ends with the graph compared edge by edge with the engine's for the final tree.
 */
class ServerFaultsIT {

  private static final Convergence MATRIX = new Convergence();

  /** Shortened from five minutes so that an outage longer than it fits in a test. */
  private static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(10);

  private static final Map<String, String> SETTINGS =
      Map.of(
          "DEBOUNCE_WINDOW_SECONDS", "0.2",
          "WATCH_SETTLE_MS", "50",
          "WATCH_RESCAN_INTERVAL_SECONDS", "0",
          "INGEST_WORKERS", "2",
          "SINK_MAX_POLL_INTERVAL_MS", Long.toString(MAX_POLL_INTERVAL.toMillis()),
          "SINK_BACKOFF_MAX_MS", "1000");

  @TempDir Path tmp;
  private Rig rig;

  @AfterEach
  void stop() {
    if (rig != null) {
      rig.close();
    }
  }

  @AfterAll
  static void printMatrix() {
    MATRIX.print("fault matrix, servers and groups");
  }

  /**
   * The broker goes away mid-ingest for longer than a commit interval, and comes back on the same
   * data.
   */
  @Test
  void shouldConvergeAfterABrokerRestartMidIngest() throws Exception {
    Corpus corpus = new Corpus(Files.createDirectories(tmp.resolve("wh")), new Random(41));
    corpus.create(120);
    rig = Rig.start(tmp, 1);
    corpus.burst(100);
    rig.stopKafka();
    corpus.burst(60); // seen by the watcher while its producer cannot reach the broker
    Thread.sleep(
        15_000); // longer than the 10 s transaction timeout of the parser's exactly-once producer
    rig.startKafka();
    corpus.burst(60);
    MATRIX.assertConverged(
        "broker stopped 15 s mid-ingest, restarted on its data", rig.driver(), rig.root());
  }

  /**
   * Neo4j is down for twice the consumer's {@code max.poll.interval.ms}: the sink waits for it as a
   * member of its group (paused partitions, polling on), so it is never evicted and no other worker
   * takes over its partitions mid-write.
   */
  @Test
  void shouldWaitOutANeo4jOutageLongerThanThePollIntervalWithoutLeavingTheGroup() throws Exception {
    Corpus corpus = new Corpus(Files.createDirectories(tmp.resolve("wh")), new Random(43));
    corpus.create(80);
    rig = Rig.start(tmp, 1);
    MATRIX.assertConverged("before the Neo4j outage", rig.driver(), rig.root());
    double rebalancesBefore = rig.rebalances();
    assertThat(rebalancesBefore)
        .as("the consumers' first join is a rebalance the metrics see")
        .isPositive();
    rig.stopNeo4j();
    corpus.burst(80);
    Thread.sleep(MAX_POLL_INTERVAL.multipliedBy(2).toMillis());
    rig.startNeo4j();
    MATRIX.assertConverged(
        "Neo4j down "
            + MAX_POLL_INTERVAL.multipliedBy(2).toSeconds()
            + " s (poll interval "
            + MAX_POLL_INTERVAL.toSeconds()
            + " s)",
        rig.driver(),
        rig.root());
    assertThat(rig.rebalances())
        .as("rebalances of the sink's consumers during the outage")
        .isEqualTo(rebalancesBefore);
  }

  /** A second sink instance joins mid-ingest, then the first leaves: two rebalances under load. */
  @Test
  void shouldConvergeWhenASecondSinkJoinsAndTheFirstLeavesUnderLoad() throws Exception {
    Corpus corpus = new Corpus(Files.createDirectories(tmp.resolve("wh")), new Random(47));
    corpus.create(150);
    rig = Rig.start(tmp, 1);
    corpus.burst(80);
    SinkService second = rig.addSink();
    corpus.burst(80);
    rig.removeSink(0);
    corpus.burst(80);
    assertThat(second.isRunning()).isTrue();
    MATRIX.assertConverged("second sink joins, first leaves, under load", rig.driver(), rig.root());
  }

  /** The services of one pipeline over embedded servers that the test may stop and restart. */
  private static final class Rig implements AutoCloseable {
    private final Path dir;
    private final EnvReader env;
    private final int kafkaPort;
    private final int neo4jPort;
    private EmbeddedKafka kafka;
    private EmbeddedNeo4j neo4j;
    private Driver driver;
    private KafkaSettings settings;
    private ParserService parser;
    private WatcherService watcher;
    private final List<SinkService> sinks = new ArrayList<>();
    private final List<MeterRegistry> sinkRegistries = new ArrayList<>();

    private Rig(Path dir) {
      this.dir = dir;
      this.env = new EnvReader(SETTINGS);
      this.kafkaPort = EmbeddedKafka.freePort();
      this.neo4jPort = EmbeddedKafka.freePort();
    }

    static Rig start(Path dir, int sinks) {
      Rig rig = new Rig(dir);
      try {
        rig.startKafka();
        rig.startNeo4j();
        // One write attempt (the driver's managed retries included) must stay well inside the
        // shortened poll interval, as the default 30 s retry stays inside the default 5 minutes.
        rig.driver =
            GraphDatabase.driver(
                rig.neo4j.boltUri(),
                AuthTokens.none(),
                Config.builder()
                    .withMaxTransactionRetryTime(3, TimeUnit.SECONDS)
                    .withConnectionTimeout(2, TimeUnit.SECONDS)
                    .build());
        KafkaSettings fromEnv = KafkaSettings.from(rig.env);
        rig.settings =
            new KafkaSettings(
                rig.kafka.bootstrapServers(),
                fromEnv.topics(),
                fromEnv.partitions(),
                (short) 1,
                fromEnv.limits());
        TopicProvisioner.ensureTopics(rig.settings, Duration.ofSeconds(30));
        for (int i = 0; i < sinks; i++) {
          rig.addSink();
        }
        LineageHome home = new LineageHome(dir.resolve("home"));
        rig.parser =
            new ParserService(
                ParserConfig.from(rig.env, home),
                rig.settings,
                StaticFlags.allOn(),
                LineageEngine.defaults(),
                new SimpleMeterRegistry());
        rig.parser.start();
        rig.watcher =
            new WatcherService(
                WatcherConfig.from(rig.env, rig.root(), home),
                rig.settings,
                new SimpleMeterRegistry());
        rig.watcher.reconcile();
        rig.watcher.startWatching();
        return rig;
      } catch (RuntimeException e) {
        rig.close();
        throw e;
      }
    }

    Path root() {
      return dir.resolve("wh");
    }

    Driver driver() {
      return driver;
    }

    void startKafka() {
      kafka = EmbeddedKafka.start(dir.resolve("kafka"), kafkaPort);
    }

    void stopKafka() {
      kafka.close();
    }

    void startNeo4j() {
      neo4j = EmbeddedNeo4j.start(dir.resolve("neo4j"), neo4jPort);
    }

    void stopNeo4j() {
      neo4j.close();
    }

    SinkService addSink() {
      MeterRegistry registry = new SimpleMeterRegistry();
      SinkService sink =
          new SinkService(SinkConfig.from(env), settings, driver, StaticFlags.allOn(), registry);
      sink.start();
      sinks.add(sink);
      sinkRegistries.add(registry);
      return sink;
    }

    void removeSink(int index) {
      sinks.remove(index).close();
      sinkRegistries.remove(index);
    }

    /** Rebalances the sinks' consumers took part in, from the Kafka client metrics. */
    double rebalances() {
      double total = 0;
      for (MeterRegistry registry : sinkRegistries) {
        for (FunctionCounter counter :
            registry.find("kafka.consumer.coordinator.rebalance.total").functionCounters()) {
          total += counter.count();
        }
      }
      return total;
    }

    @Override
    public void close() {
      List<AutoCloseable> all = new ArrayList<>();
      all.add(watcher);
      all.add(parser);
      all.addAll(sinks);
      all.add(driver);
      all.add(neo4j);
      all.add(kafka);
      for (AutoCloseable c : all) {
        if (c == null) {
          continue;
        }
        try {
          c.close();
        } catch (Exception e) {
          System.err.println("closing " + c.getClass().getSimpleName() + ": " + e);
        }
      }
    }
  }
}
