package io.github.lineage.bench;

import io.github.lineage.bench.corpus.CorpusGenerator;
import io.github.lineage.bench.corpus.GeneratedFile;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.flags.StaticFlags;
import io.github.lineage.core.kafka.TopicNames;
import io.github.lineage.core.kafka.TopicProvisioner;
import io.github.lineage.core.kafka.Topics;
import io.github.lineage.core.metrics.MetricNames;
import io.github.lineage.core.model.ChangeEvent;
import io.github.lineage.core.model.ContentHash;
import io.github.lineage.local.EmbeddedKafka;
import io.github.lineage.local.EmbeddedNeo4j;
import io.github.lineage.parser.ParserConfig;
import io.github.lineage.parser.ParserService;
import io.github.lineage.sink.GraphMerge.KeyedDocument;
import io.github.lineage.sink.SinkConfig;
import io.github.lineage.sink.SinkService;
import io.github.lineage.sql.LineageEngine;
import io.github.lineage.watcher.WatcherConfig;
import io.github.lineage.watcher.WatcherService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.DoubleSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each stage alone against the limit of what it runs on, on servers of its own (one embedded Kafka,
 * one embedded Neo4j), with the optimised flags. The stages are chained through real topics: the
 * watcher publishes the corpus, the parser reads exactly those events, the sink reads exactly the
 * parser's documents. The parser runs with a debounce window of 0 (the window is a deliberate wait,
 * not work), its punctuator every 20 ms.
 *
 * <p>Each stage runs once untimed before it is measured, then {@link #PASSES} times in turn with
 * its limit; the figures are medians. A stage's rate is taken from its own {@code files.processed}
 * counter, from the first output to the last (the files of the first observation are not counted),
 * so group joins and start-up are outside it; the limits are timed from start to end of the bare
 * work.
 */
final class StageBench implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StageBench.class);
  private static final int PARTITIONS = Topics.DEFAULT_PARTITIONS;
  private static final long COUNTER_POLL_MS = 5;

  /** Timed passes of each stage and of its limit; the figures are their medians. */
  static final int PASSES = 3;

  /** A stage's rate against its limit's. */
  record Figure(
      String stage,
      int workers,
      double filesPerSecond,
      double rowsPerSecond,
      String limit,
      double limitFilesPerSecond,
      double limitRowsPerSecond,
      Map<String, Double> detail) {
    Figure {
      detail = Map.copyOf(detail);
    }

    @com.fasterxml.jackson.annotation.JsonProperty
    double fraction() {
      return filesPerSecond / limitFilesPerSecond;
    }
  }

  /** Memory of the parser stage with a given RocksDB block cache. */
  record CacheFigure(
      int blockCacheMb, double filesPerSecond, long peakHeapBytes, long peakRssBytes) {}

  record Result(
      BareKafka.Result kafka,
      Figure watcher,
      List<Figure> parser,
      List<Figure> sink,
      List<CacheFigure> cache) {}

  private final BenchSettings settings;
  private final Workload workload;
  private final Path dir;
  private final EmbeddedKafka kafka;
  private final EmbeddedNeo4j neo4j;
  private final Driver driver;
  private final LineageEngine engine = LineageEngine.defaults();

  StageBench(BenchSettings settings, Workload workload, Path dir) {
    this.settings = settings;
    this.workload = workload;
    this.dir = dir;
    this.kafka = EmbeddedKafka.startTemporary();
    EmbeddedNeo4j started = null;
    try {
      started = EmbeddedNeo4j.startTemporary();
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
    this.neo4j = started;
    this.driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none());
  }

  Result run(List<Integer> workerCounts, List<Integer> cacheSizesMb) throws Exception {
    Path root = Files.createDirectories(dir.resolve(PipelineRun.SOURCE));
    CorpusGenerator.writeTo(root, workload.corpus());
    List<String> contents = workload.corpus().stream().map(GeneratedFile::content).toList();

    BareKafka.Result bare = BareKafka.measure(kafka.bootstrapServers(), messages(), PARTITIONS);
    LOG.info(
        "bench stages: bare Kafka {} records/s produce",
        Math.round(bare.produceRecordsPerSecond()));

    KafkaSettings watched = kafkaSettings(TopicNames.withPrefix("w-" + shortId() + "-"));
    TopicProvisioner.ensureTopics(watched, Duration.ofSeconds(30));
    double watcherSeconds;
    try (WatcherService watcher =
        new WatcherService(
            WatcherConfig.from(
                new EnvReader(settings.env()), root, new LineageHome(dir.resolve("watcher-home"))),
            watched,
            new SimpleMeterRegistry())) {
      long started = System.nanoTime();
      watcher.reconcile();
      watcherSeconds = (System.nanoTime() - started) / 1e9;
    }
    Figure watcherFigure =
        new Figure(
            "watcher",
            1,
            workload.files() / watcherSeconds,
            Double.NaN,
            "bare produce",
            bare.produceRecordsPerSecond(),
            Double.NaN,
            Map.of());

    // One untimed pass of each stage first: the bare limits are measured warm, so are the stages.
    String documents =
        parse(watched.topics().fileChanges(), settings.workers(), Map.of()).documentsTopic;
    List<KeyedDocument> changes =
        BareUnwind.changes(
            BareKafka.readAll(
                kafka.bootstrapServers(), documents, workload.files(), Duration.ofSeconds(60)));
    sink(documents, settings.workers());
    LOG.info("bench stages: warm-up passes done");

    List<Figure> parser = new ArrayList<>();
    List<Figure> sink = new ArrayList<>();
    for (int workers : workerCounts) {
      parser.add(parserFigure(watched.topics().fileChanges(), contents, workers));
      sink.add(sinkFigure(documents, changes, workers));
    }
    List<CacheFigure> cache = new ArrayList<>();
    for (int mb : cacheSizesMb) {
      ResourceProbe probe = ResourceProbe.start();
      ParserRun p =
          parse(
              watched.topics().fileChanges(),
              settings.workers(),
              Map.of(ParserConfig.ENV_BLOCK_CACHE_MB, Integer.toString(mb)));
      ResourceProbe.Usage usage = probe.stop();
      cache.add(new CacheFigure(mb, p.filesPerSecond, usage.peakHeapBytes(), usage.peakRssBytes()));
    }
    return new Result(bare, watcherFigure, parser, sink, cache);
  }

  /**
   * {@code cpuSeconds}: the stage's own threads (stream threads and their Kafka clients, the
   * engine's parse pool), from start-up to the last file; the broker's threads are not counted.
   */
  private record ParserRun(double filesPerSecond, String documentsTopic, double cpuSeconds) {}

  private ParserRun parse(String input, int workers, Map<String, String> extraEnv)
      throws Exception {
    String id = "bench-parser-" + workers + "-" + shortId();
    Map<String, String> env = new HashMap<>(settings.stageEnv(Duration.ZERO));
    env.put(ParserConfig.ENV_APPLICATION_ID, id);
    env.put(ParserConfig.ENV_WORKERS, Integer.toString(workers));
    env.put(ParserConfig.ENV_PUNCTUATION_INTERVAL_MS, "20");
    env.putAll(extraEnv);
    KafkaSettings ks = kafkaSettings(new TopicNames(input, id + "-documents", id + "-dlq"));
    TopicProvisioner.ensureTopics(ks, Duration.ofSeconds(30));
    ParserConfig config = ParserConfig.from(new EnvReader(env), new LineageHome(dir.resolve(id)));
    MeterRegistry registry = new SimpleMeterRegistry();
    ThreadCpu cpu =
        ThreadCpu.of(name -> name.contains(id) || name.startsWith(BareParse.ENGINE_POOL_THREADS));
    try (ParserService service =
        new ParserService(config, ks, StaticFlags.allOn(), engine, registry)) {
      service.start();
      long running = awaitRunning(service);
      double rate =
          rate(
              Meters.counting(
                  registry,
                  MetricNames.FILES_PROCESSED,
                  MetricNames.TAG_STAGE,
                  MetricNames.STAGE_PARSER),
              running,
              "parser");
      double cpuSeconds = cpu.seconds();
      LOG.info("bench stages: parser with {} worker(s): {} files/s", workers, Math.round(rate));
      return new ParserRun(rate, ks.topics().documents(), cpuSeconds);
    }
  }

  /**
   * The parser stage and its limits, {@link #PASSES} times in turn, medians of each: the JIT keeps
   * compiling JSqlParser's many methods for minutes, so whatever runs later runs faster, and
   * alternating keeps the stage and its limit on the same footing.
   */
  private Figure parserFigure(String input, List<String> contents, int workers) throws Exception {
    List<Double> stage = new ArrayList<>();
    List<Double> bare = new ArrayList<>();
    List<Double> alone = new ArrayList<>();
    List<Double> stageCpu = new ArrayList<>();
    List<Double> aloneCpu = new ArrayList<>();
    List<Double> cpuRatio = new ArrayList<>();
    for (int pass = 0; pass < PASSES; pass++) {
      ParserRun run = parse(input, workers, Map.of());
      stage.add(run.filesPerSecond);
      bare.add(BareParse.measure(contents, workers).filesPerSecond());
      BareParse.Result engineAlone = BareParse.measureEngine(engine, contents, workers);
      alone.add(engineAlone.filesPerSecond());
      double perFile = run.cpuSeconds * 1000 / contents.size();
      stageCpu.add(perFile);
      aloneCpu.add(engineAlone.cpuMillisPerFile());
      cpuRatio.add(perFile / engineAlone.cpuMillisPerFile());
    }
    LOG.info(
        "bench stages: parser with {} worker(s): {} files/s (passes {}), bare {}",
        workers,
        Math.round(median(stage)),
        stage,
        bare);
    return new Figure(
        "parser",
        workers,
        median(stage),
        Double.NaN,
        "bare JSqlParser",
        median(bare),
        Double.NaN,
        Map.of(
            "engine alone files/s",
            median(alone),
            "CPU ms/file",
            median(stageCpu),
            "engine alone CPU ms/file",
            median(aloneCpu),
            "CPU over engine's",
            median(cpuRatio)));
  }

  /** The sink stage and its limit, {@link #PASSES} times in turn, medians of each. */
  private Figure sinkFigure(String documents, List<KeyedDocument> changes, int workers)
      throws Exception {
    List<SinkRun> runs = new ArrayList<>();
    List<BareUnwind.Result> limits = new ArrayList<>();
    for (int pass = 0; pass < PASSES; pass++) {
      SinkRun run = sink(documents, workers);
      runs.add(run);
      limits.add(BareUnwind.measure(driver, changes, workers, run.batchSize));
      BareUnwind.clear(driver);
    }
    runs.sort(Comparator.comparingDouble(SinkRun::filesPerSecond));
    limits.sort(Comparator.comparingDouble(BareUnwind.Result::filesPerSecond));
    SinkRun run = runs.get(PASSES / 2);
    BareUnwind.Result limit = limits.get(PASSES / 2);
    double rowsPerFile = run.rows / Math.max(1, changes.size());
    LOG.info(
        "bench stages: sink with {} worker(s): {} files/s",
        workers,
        Math.round(run.filesPerSecond));
    return new Figure(
        "sink",
        workers,
        run.filesPerSecond,
        run.filesPerSecond * rowsPerFile,
        "bare UNWIND",
        limit.filesPerSecond(),
        limit.rowsPerSecond(),
        Map.of(
            "transactions",
            run.transactions,
            "retried attempts",
            run.retries,
            "bare transactions",
            (double) limit.transactions()));
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  private record SinkRun(
      double filesPerSecond, double rows, double retries, double transactions, int batchSize) {}

  /**
   * The sink stage over {@code documents} into an emptied graph; the graph is emptied again after.
   */
  private SinkRun sink(String documents, int workers) throws Exception {
    BareUnwind.clear(driver);
    Map<String, String> env = new HashMap<>(settings.stageEnv(settings.debounceWindow()));
    SinkConfig config =
        SinkConfig.from(new EnvReader(env))
            .withGroupId("bench-sink-" + workers + "-" + shortId())
            .withWorkers(workers);
    KafkaSettings ks =
        kafkaSettings(
            new TopicNames("bench-unused-" + shortId(), documents, documents + "-sink-dlq"));
    MeterRegistry registry = new SimpleMeterRegistry();
    try (SinkService service = new SinkService(config, ks, driver, StaticFlags.allOn(), registry)) {
      service.start();
      long started = System.nanoTime();
      double rate =
          rate(
              Meters.counting(
                  registry,
                  MetricNames.FILES_PROCESSED,
                  MetricNames.TAG_STAGE,
                  MetricNames.STAGE_SINK),
              started,
              "sink");
      return new SinkRun(
          rate,
          Meters.count(registry, MetricNames.NEO4J_BATCH_ROWS),
          Meters.count(registry, MetricNames.NEO4J_BATCH_RETRIES),
          Meters.count(registry, MetricNames.NEO4J_BATCH_WRITES),
          config.batchSize());
    } finally {
      BareUnwind.clear(driver);
    }
  }

  /**
   * Files per second of a stage from its processed counter: from the first observed output to the
   * last file, not counting the files of the first observation. With too few observations (a tiny
   * corpus done in one step) the rate is taken from {@code startNanos}.
   */
  private double rate(DoubleSupplier processed, long startNanos, String stage)
      throws InterruptedException {
    int total = workload.files();
    long stall = settings.stallTimeout().toNanos();
    long lastChange = System.nanoTime();
    double last = 0;
    long firstAt = 0;
    double firstCount = 0;
    while (true) {
      double now = processed.getAsDouble();
      long t = System.nanoTime();
      if (now > last) {
        if (last == 0) {
          firstAt = t;
          firstCount = now;
        }
        last = now;
        lastChange = t;
      }
      if (now >= total) {
        double span = (t - firstAt) / 1e9;
        return span > 0.05 && total > firstCount
            ? (total - firstCount) / span
            : total / ((t - startNanos) / 1e9);
      }
      if (t - lastChange > stall) {
        throw new IllegalStateException(
            stage + " stage stalled at " + (long) now + " of " + total + " files");
      }
      Thread.sleep(COUNTER_POLL_MS);
    }
  }

  private static long awaitRunning(ParserService service) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (service.state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("parser stage did not reach RUNNING: " + service.state());
      }
      Thread.sleep(COUNTER_POLL_MS);
    }
    return System.nanoTime();
  }

  private List<BareKafka.Message> messages() {
    List<BareKafka.Message> out = new ArrayList<>();
    Instant now = Instant.now();
    for (GeneratedFile f : workload.corpus()) {
      byte[] bytes = f.content().getBytes(StandardCharsets.UTF_8);
      ChangeEvent event =
          ChangeEvent.upsert(
              PipelineRun.SOURCE,
              f.path(),
              ContentHash.sha256(f.content()),
              bytes.length,
              now,
              f.content(),
              now);
      out.add(new BareKafka.Message(event.key(), Topics.CHANGE_EVENT_SERDE.toBytes(event)));
    }
    return out;
  }

  private KafkaSettings kafkaSettings(TopicNames names) {
    return new KafkaSettings(kafka.bootstrapServers(), names, PARTITIONS, (short) 1);
  }

  private static String shortId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  @Override
  public void close() {
    engine.close();
    driver.close();
    neo4j.close();
    kafka.close();
  }
}
