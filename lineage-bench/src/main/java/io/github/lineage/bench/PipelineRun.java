package io.github.lineage.bench;

import io.github.lineage.bench.corpus.CorpusGenerator;
import io.github.lineage.bench.corpus.GeneratedFile;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.flags.Flags;
import io.github.lineage.core.metrics.MetricNames;
import io.github.lineage.core.model.ContentHash;
import io.github.lineage.sql.LineageEngine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One end-to-end run of the whole pipeline on the embedded stack with one set of flags.
 *
 * <p>The pipeline starts on an empty watched directory; a small warm-up corpus is written, changed
 * and awaited (see {@link #warmUp}). Then the corpus is written in and the clock runs from the
 * first write until every file's File node carries its sha256 (the ingest). Then the edit stream is
 * written at a fixed rate and each save's change-to-graph latency is taken (see {@link
 * EditTracker}).
 */
final class PipelineRun {

  private static final Logger LOG = LoggerFactory.getLogger(PipelineRun.class);
  static final String SOURCE = "wh";
  private static final String WARMUP_DIR = "_bench/warmup/";

  /** Warm-up corpus size: a tenth of the corpus, between these bounds. */
  private static final int WARMUP_MIN_FILES = 5;

  private static final int WARMUP_MAX_FILES = 60;
  private static final long WARMUP_SEED_OFFSET = 7_919;
  private static final long POLL_MS = 50;

  /** The figures of one mode. */
  record Result(
      String mode,
      int files,
      int statements,
      double ingestSeconds,
      double filesPerSecond,
      double statementsPerSecond,
      double graphRowsPerSecond,
      long graphRows,
      long graphTransactions,
      int filesMissing,
      Latencies latency,
      int editsWritten,
      int editsResaved,
      int editsUnresolved,
      long cacheHits,
      long cacheMisses,
      long eventsDeduplicated,
      long watcherUnchanged,
      ResourceProbe.Usage ingestUsage,
      ResourceProbe.Usage editUsage,
      long peakHeapBytes,
      long peakRssBytes) {

    @com.fasterxml.jackson.annotation.JsonProperty
    double cacheHitRate() {
      long lookups = cacheHits + cacheMisses;
      return lookups == 0 ? 0 : (double) cacheHits / lookups;
    }
  }

  private final BenchSettings settings;
  private final PipelineLauncher launcher;

  PipelineRun(BenchSettings settings, PipelineLauncher launcher) {
    this.settings = settings;
    this.launcher = launcher;
  }

  Result run(String mode, Flags flags, Workload workload, Duration debounceWindow, Path dir)
      throws Exception {
    Path root = Files.createDirectories(dir.resolve(SOURCE));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    EnvReader env = new EnvReader(settings.stageEnv(debounceWindow));
    LOG.info("bench {}: starting the pipeline", mode);
    try (LineageEngine engine = LineageEngine.defaults();
        PipelineLauncher.Running pipeline =
            launcher.start(root, dir.resolve("home"), env, flags, engine, registry)) {
      GraphShas graph = new GraphShas(pipeline.driver());
      warmUp(root, graph, workload);

      Map<String, String> expected = new HashMap<>();
      for (GeneratedFile f : workload.corpus()) {
        expected.put(key(f.path()), ContentHash.sha256(f.content()));
      }
      double rowsBefore = Meters.count(registry, MetricNames.NEO4J_BATCH_ROWS);
      double txBefore = Meters.count(registry, MetricNames.NEO4J_BATCH_WRITES);
      ResourceProbe ingestProbe = ResourceProbe.start();
      long started = System.nanoTime();
      StageTimeline timeline = StageTimeline.start(registry, started);
      CorpusGenerator.writeTo(root, workload.corpus());
      DoubleSupplier written =
          Meters.counting(
              registry, MetricNames.FILES_PROCESSED, MetricNames.TAG_STAGE, MetricNames.STAGE_SINK);
      double writtenBefore = written.getAsDouble();
      Map<String, String> missing =
          graph.awaitAll(
              expected,
              POLL_MS,
              settings.stallTimeout().toMillis(),
              () -> written.getAsDouble() - writtenBefore >= expected.size());
      double seconds = (System.nanoTime() - started) / 1e9;
      timeline.stop();
      LOG.info("bench {}: files done per stage over the ingest:\n{}", mode, timeline);
      ResourceProbe.Usage ingestUsage = ingestProbe.stop();
      long rows = Math.round(Meters.count(registry, MetricNames.NEO4J_BATCH_ROWS) - rowsBefore);
      long transactions =
          Math.round(Meters.count(registry, MetricNames.NEO4J_BATCH_WRITES) - txBefore);
      if (!missing.isEmpty()) {
        LOG.warn(
            "bench {}: {} files never reached the graph, e.g. {}",
            mode,
            missing.size(),
            missing.keySet().iterator().next());
      }
      LOG.info(
          "bench {}: ingest of {} files in {} s",
          mode,
          workload.files(),
          String.format("%.2f", seconds));

      ResourceProbe editProbe = ResourceProbe.start();
      EditTracker tracker = new EditTracker(graph::of, expected);
      int unresolved = writeEdits(root, workload.edits(), tracker);
      ResourceProbe.Usage editUsage = editProbe.stop();

      long hits = Math.round(Meters.count(registry, MetricNames.PARSE_CACHE_HIT));
      long misses = Math.round(Meters.count(registry, MetricNames.PARSE_CACHE_MISS));
      double watcherUnchanged =
          Meters.count(
              registry,
              MetricNames.EVENTS_DEDUPLICATED,
              MetricNames.TAG_STAGE,
              MetricNames.STAGE_WATCHER);
      double dedup = Meters.count(registry, MetricNames.EVENTS_DEDUPLICATED) - watcherUnchanged;
      int ingested = workload.files() - missing.size();
      return new Result(
          mode,
          workload.files(),
          workload.statements(),
          seconds,
          ingested / seconds,
          workload.statements() * (ingested / (double) workload.files()) / seconds,
          rows / seconds,
          rows,
          transactions,
          missing.size(),
          Latencies.of(tracker.latenciesMs()),
          tracker.written(),
          tracker.resaves(),
          unresolved,
          hits,
          misses,
          Math.round(dedup),
          Math.round(watcherUnchanged),
          ingestUsage,
          editUsage,
          Math.max(ingestUsage.peakHeapBytes(), editUsage.peakHeapBytes()),
          Math.max(ingestUsage.peakRssBytes(), editUsage.peakRssBytes()));
    }
  }

  static String key(String path) {
    return SOURCE + ":" + path;
  }

  /**
   * Every stage has joined its consumer group, planned its queries and had its hot code compiled
   * once this returns: a small corpus of its own (under {@code _bench/warmup/}, a tenth of the
   * corpus, 5 to 60 files) is ingested and then half of it changed, so the detach and prune paths
   * run too. Without it a run on fresh servers spent 40 % of its CPU in the JIT and Cypher
   * planning, which a running pipeline has long paid.
   */
  private void warmUp(Path root, GraphShas graph, Workload workload) throws Exception {
    int count = Math.max(WARMUP_MIN_FILES, Math.min(WARMUP_MAX_FILES, workload.files() / 10));
    List<GeneratedFile> files = new ArrayList<>();
    for (GeneratedFile f :
        new CorpusGenerator(workload.seed() + WARMUP_SEED_OFFSET).generate(count)) {
      files.add(new GeneratedFile(WARMUP_DIR + f.path(), f.content()));
    }
    awaitWritten(root, graph, files);
    awaitWritten(root, graph, new CorpusGenerator(0).edits(files, count / 2, 0.0, workload.seed()));
  }

  private void awaitWritten(Path root, GraphShas graph, List<GeneratedFile> files)
      throws Exception {
    Map<String, String> expected = new HashMap<>();
    for (GeneratedFile f : files) {
      expected.put(key(f.path()), ContentHash.sha256(f.content()));
    }
    CorpusGenerator.writeTo(root, files);
    Map<String, String> left =
        graph.awaitAll(expected, POLL_MS, settings.stallTimeout().toMillis());
    if (!left.isEmpty()) {
      throw new IllegalStateException(
          "the pipeline did not ingest the warm-up files within "
              + settings.stallTimeout().toSeconds()
              + " s ("
              + left.size()
              + " left)");
    }
  }

  /** Writes the saves at the configured rate while a poller resolves their latencies. */
  private int writeEdits(Path root, List<GeneratedFile> edits, EditTracker tracker)
      throws Exception {
    if (edits.isEmpty()) {
      return 0;
    }
    AtomicBoolean writing = new AtomicBoolean(true);
    Exception[] pollFailure = new Exception[1];
    Thread poller =
        new Thread(
            () -> {
              try {
                while (writing.get()) {
                  tracker.poll();
                  Thread.sleep(POLL_MS);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                pollFailure[0] = e;
              }
            },
            "bench-edit-poller");
    poller.start();
    long intervalNanos = Math.round(1e9 / settings.editRate());
    long started = System.nanoTime();
    try {
      for (int i = 0; i < edits.size(); i++) {
        long due = started + i * intervalNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        GeneratedFile edit = edits.get(i);
        write(root, edit);
        tracker.written(key(edit.path()), ContentHash.sha256(edit.content()), System.nanoTime());
      }
    } finally {
      writing.set(false);
      poller.join();
    }
    if (pollFailure[0] != null) {
      throw pollFailure[0];
    }
    return tracker.awaitAll(POLL_MS, settings.stallTimeout().toMillis());
  }

  private static void write(Path root, GeneratedFile file) throws IOException {
    Path target = root.resolve(file.path());
    Files.createDirectories(target.getParent());
    Files.writeString(target, file.content(), StandardCharsets.UTF_8);
  }
}
