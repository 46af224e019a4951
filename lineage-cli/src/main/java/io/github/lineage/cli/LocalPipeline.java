package io.github.lineage.cli;

import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.flags.Flags;
import io.github.lineage.core.flags.FlagsFactory;
import io.github.lineage.core.guard.ProcessGuard;
import io.github.lineage.core.kafka.TopicNames;
import io.github.lineage.core.kafka.TopicProvisioner;
import io.github.lineage.core.metrics.OpsServer;
import io.github.lineage.local.EmbeddedKafka;
import io.github.lineage.local.EmbeddedNeo4j;
import io.github.lineage.openlineage.OpenLineageEmitter;
import io.github.lineage.openlineage.OpenLineageSettings;
import io.github.lineage.parser.ParserConfig;
import io.github.lineage.parser.ParserService;
import io.github.lineage.sink.LineageQueries;
import io.github.lineage.sink.SinkConfig;
import io.github.lineage.sink.SinkService;
import io.github.lineage.sql.LineageExtractor;
import io.github.lineage.watcher.ReconcileResult;
import io.github.lineage.watcher.WatcherConfig;
import io.github.lineage.watcher.WatcherService;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import org.neo4j.driver.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in one process on the embedded servers: the composition root of {@code lineage
 * local} and of the end-to-end tests and the benchmark. Closing it stops the components in reverse
 * order of start.
 */
public final class LocalPipeline implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalPipeline.class);

  /** Ports and places of one local run; port 0 picks a free port (tests). */
  public record Options(Path root, LineageHome home, int kafkaPort, int neo4jPort, boolean watch) {}

  /**
   * How long the graph must stand still before the dead-letter topic is read for the missing files.
   */
  private static final Duration DEAD_LETTER_CHECK_AFTER = Duration.ofSeconds(2);

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final EmbeddedKafka kafka;
  private final EmbeddedNeo4j neo4j;
  private final Driver driver;
  private final KafkaSettings kafkaSettings;
  private final WatcherService watcher;
  private final SinkService sink;
  private final ReconcileResult initialScan;
  private final ProcessGuard guard;

  private LocalPipeline(
      Options options,
      EnvReader env,
      Flags flags,
      LineageExtractor extractor,
      MeterRegistry registry,
      OpsServer ops) {
    // Registered before anything starts: /ready is 503 until every stage runs, never "no checks, so
    // ready".
    Stages.Slot sinkStage = new Stages.Slot(Stages.SINK);
    Stages.Slot parserStage = new Stages.Slot(Stages.PARSER);
    Stages.Slot watcherStage = new Stages.Slot(Stages.WATCHER);
    if (ops != null) {
      ops.addStage(sinkStage).addStage(parserStage).addStage(watcherStage);
    }
    try {
      // First: a bad rules file or drill setting stops the start before any server runs.
      guard =
          remember(
              ProcessGuard.start(
                  env, options.home(), flags, FlagsFactory.defaultInstanceId(env), registry));
      Flags guarded = guard.flags();
      kafka = remember(EmbeddedKafka.start(options.home().kafka(), options.kafkaPort()));
      neo4j = remember(EmbeddedNeo4j.start(options.home().neo4j(), options.neo4jPort()));
      driver = remember(Neo4jConnections.open(neo4j.boltUri()));
      if (ops != null) {
        Readiness.kafkaAndNeo4j(kafka.bootstrapServers(), driver).forEach(ops::addReadinessCheck);
      }
      KafkaSettings fromEnv = KafkaSettings.from(env);
      kafkaSettings =
          new KafkaSettings(
              kafka.bootstrapServers(),
              fromEnv.topics(),
              fromEnv.partitions(),
              (short) 1,
              fromEnv.limits());
      TopicProvisioner.ensureTopics(kafkaSettings, Duration.ofSeconds(30));

      OpenLineageEmitter openLineage =
          OpenLineageEmitter.create(OpenLineageSettings.from(env), registry);
      if (openLineage != null) {
        remember(openLineage);
      }
      sink =
          remember(
              new SinkService(
                  SinkConfig.from(env),
                  kafkaSettings,
                  driver,
                  guarded,
                  registry,
                  SinkListeners.of(openLineage, guard)));
      sink.start();
      sinkStage.set(Stages.sink(sink));
      ParserService parser =
          remember(
              new ParserService(
                  ParserConfig.from(env, options.home()),
                  kafkaSettings,
                  guard,
                  extractor,
                  registry));
      parser.start();
      parserStage.set(Stages.parser(parser));
      watcher =
          remember(
              new WatcherService(
                  WatcherConfig.from(env, options.root(), options.home()),
                  kafkaSettings,
                  registry));
      watcherStage.set(Stages.watcher(watcher));
      initialScan = watcher.reconcile();
      if (options.watch()) {
        watcher.startWatching();
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  public static LocalPipeline start(
      Options options,
      EnvReader env,
      Flags flags,
      LineageExtractor extractor,
      MeterRegistry registry) {
    return new LocalPipeline(options, env, flags, extractor, registry, null);
  }

  /**
   * As {@link #start(Options, EnvReader, Flags, LineageExtractor, MeterRegistry)}, reporting to
   * {@code ops} as it goes: every stage is registered at once (STARTING), the Kafka and Neo4j
   * probes as soon as the servers listen, so {@code /ready} is 200 only once everything runs.
   */
  public static LocalPipeline start(
      Options options,
      EnvReader env,
      Flags flags,
      LineageExtractor extractor,
      MeterRegistry registry,
      OpsServer ops) {
    return new LocalPipeline(options, env, flags, extractor, registry, ops);
  }

  private <T extends AutoCloseable> T remember(T component) {
    started.push(component);
    return component;
  }

  /** The guard of this run: its flags (with the rollback overrides), signals and rules. */
  public ProcessGuard guard() {
    return guard;
  }

  public ReconcileResult initialScan() {
    return initialScan;
  }

  public String kafkaBootstrap() {
    return kafka.bootstrapServers();
  }

  public String boltUri() {
    return neo4j.boltUri();
  }

  public Driver driver() {
    return driver;
  }

  public TopicNames topics() {
    return kafkaSettings.topics();
  }

  /**
   * What the graph is missing or has wrong, compared with the files the watcher knows: key →
   * reason.
   */
  public Map<String, String> differencesFromFiles() {
    Map<String, String> expected = watcher.expected();
    Map<String, String> actual = new LineageQueries(driver).fileShas();
    Map<String, String> diff = new TreeMap<>();
    String prefix = expectedPrefix(expected);
    expected.forEach(
        (key, sha) -> {
          String inGraph = actual.get(key);
          if (inGraph == null) {
            diff.put(key, "missing");
          } else if (!inGraph.equals(sha)) {
            diff.put(key, "stale");
          }
        });
    actual.keySet().stream()
        .filter(key -> prefix == null || key.startsWith(prefix))
        .filter(key -> !expected.containsKey(key))
        .forEach(key -> diff.put(key, "deleted on disk"));
    return diff;
  }

  private static String expectedPrefix(Map<String, String> expected) {
    return expected.keySet().stream()
        .findFirst()
        .map(k -> k.substring(0, k.indexOf(':') + 1))
        .orElse(null);
  }

  /**
   * Waits until the graph holds exactly the files on disk, as far as the watcher published them. A
   * file the pipeline dead-lettered is not waited for: it is reported as {@code dead-lettered
   * (reason)}. Returns the remaining differences (empty when current) once {@code timeout} passed
   * or no progress was seen for {@code stallTimeout}.
   */
  public Map<String, String> awaitGraphCurrent(Duration timeout, Duration stallTimeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long lastProgress = System.nanoTime();
    int lastSize = Integer.MAX_VALUE;
    Map<String, String> diff = differencesFromFiles();
    while (System.nanoTime() < deadline) {
      if (diff.isEmpty()) {
        // Every file's hash is right, so every document the parser made so far is on the topic
        // (a file's hash appears only with a document made after its event). Once the sink has
        // caught up past this moment, none of them is still on its way.
        long matched = System.nanoTime();
        while (!sink.caughtUpSince(matched, kafkaSettings.partitions())
            && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        diff = differencesFromFiles();
        if (diff.isEmpty()) {
          return diff;
        }
      }
      if (diff.size() < lastSize) {
        lastSize = diff.size();
        lastProgress = System.nanoTime();
      } else if (System.nanoTime() - lastProgress > stallTimeout.toNanos()) {
        break;
      } else if (System.nanoTime() - lastProgress > DEAD_LETTER_CHECK_AFTER.toNanos()) {
        Map<String, String> letters = DeadLetterKeys.read(kafkaSettings);
        if (letters.keySet().containsAll(diff.keySet())) {
          Map<String, String> dead = new TreeMap<>();
          diff.keySet().forEach(key -> dead.put(key, "dead-lettered (" + letters.get(key) + ")"));
          return dead;
        }
      }
      Thread.sleep(200);
      diff = differencesFromFiles();
    }
    return diff;
  }

  @Override
  public void close() {
    while (!started.isEmpty()) {
      AutoCloseable component = started.pop();
      try {
        component.close();
      } catch (Exception e) {
        LOG.warn("error while stopping {}: {}", component.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
