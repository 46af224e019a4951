package io.github.lineage.bench;

import io.github.lineage.bench.corpus.GeneratedFile;
import io.github.lineage.core.flags.StaticFlags;
import io.github.lineage.sql.LineageEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark of docs/design.md §7: the same workload through the whole pipeline with every flag
 * off (baseline) and every flag on (optimised), in this one process, then each stage against its
 * limit, then the optional sweeps.
 */
public final class Benchmark {

  private static final Logger LOG = LoggerFactory.getLogger(Benchmark.class);
  static final List<Integer> SCALING_WORKERS = List.of(1, 2, 4);
  static final List<Integer> SCALING_CACHE_MB = List.of(8, 32, 128);
  private static final int JIT_WARMUP_FILES = 1_000;

  private final BenchSettings settings;
  private final PipelineLauncher launcher;

  public Benchmark(BenchSettings settings, PipelineLauncher launcher) {
    this.settings = settings;
    this.launcher = launcher;
  }

  /** Runs everything and returns the report; {@code progress} gets a line per phase. */
  public BenchReport run(java.io.PrintWriter progress) throws Exception {
    Machine before = Machine.current();
    Path dir = Files.createDirectories(settings.workDir());
    try {
      Workload workload =
          Workload.generate(
              settings.files(), settings.edits(), settings.repeatRatio(), settings.seed());
      progress(
          progress,
          "generated %d files (%d statements) and %d saves",
          workload.files(),
          workload.statements(),
          workload.edits().size());
      warmJit(workload);
      PipelineRun runs = new PipelineRun(settings, launcher);
      PipelineRun.Result baseline = null;
      PipelineRun.Result optimised = null;
      if (settings.endToEnd()) {
        progress(progress, "baseline: all flags off ...");
        baseline =
            runs.run(
                "baseline",
                StaticFlags.allOff(),
                workload,
                settings.debounceWindow(),
                dir.resolve("baseline"));
        progress(progress, "baseline: %.1f files/s", baseline.filesPerSecond());
        progress(progress, "optimised: all flags on ...");
        optimised =
            runs.run(
                "optimised",
                StaticFlags.allOn(),
                workload,
                settings.debounceWindow(),
                dir.resolve("optimised"));
        progress(progress, "optimised: %.1f files/s", optimised.filesPerSecond());
      }
      StageBench.Result stages = null;
      String stagesError = null;
      if (settings.stageLimits()) {
        progress(progress, "stage limits ...");
        // A stage that fails to measure must not lose the end-to-end figures already taken.
        try {
          stages =
              settings.endToEnd()
                  ? StageProcess.run(settings, dir.resolve("stages-process"))
                  : stagesHere(workload, dir);
        } catch (Exception e) {
          LOG.error("stage limits could not be measured", e);
          stagesError = e.getClass().getSimpleName() + ": " + e.getMessage();
          if (!settings.endToEnd()) {
            throw e;
          }
        }
      }
      List<PipelineRun.Result> sweep = new ArrayList<>();
      if (settings.scaling() && settings.endToEnd()) {
        for (int n : settings.scalingFiles()) {
          progress(progress, "scaling: optimised ingest of %d files ...", n);
          Workload sized = Workload.generate(n, 0, settings.repeatRatio(), settings.seed());
          sweep.add(
              runs.run(
                  "optimised-" + n,
                  StaticFlags.allOn(),
                  sized,
                  settings.debounceWindow(),
                  dir.resolve("size-" + n)));
        }
      }
      return new BenchReport(
          settings,
          before,
          Machine.current(),
          workload.files(),
          workload.statements(),
          workload.bytes(),
          baseline,
          optimised,
          stages,
          stagesError,
          sweep);
    } finally {
      deleteTree(dir);
    }
  }

  private StageBench.Result stagesHere(Workload workload, Path dir) throws Exception {
    try (StageBench bench = new StageBench(settings, workload, dir.resolve("stages"))) {
      return bench.run(
          settings.scaling() ? SCALING_WORKERS : List.of(settings.workers()),
          settings.scaling() ? SCALING_CACHE_MB : List.of());
    }
  }

  /** The first run would otherwise pay for the JIT compiling the parser: both modes start warm. */
  private static void warmJit(Workload workload) {
    try (LineageEngine engine = LineageEngine.defaults()) {
      List<GeneratedFile> files = workload.corpus();
      for (int i = 0; i < Math.min(files.size(), JIT_WARMUP_FILES); i++) {
        engine.extract(files.get(i).path(), files.get(i).content());
      }
    }
  }

  private static void progress(java.io.PrintWriter out, String format, Object... args) {
    String line = String.format(java.util.Locale.ROOT, format, args);
    LOG.info("bench: {}", line);
    out.println("bench: " + line);
    out.flush();
  }

  /** Deletes {@code dir} and everything under it, best effort: a benchmark's own scratch space. */
  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  LOG.debug("cannot delete {}: {}", p, e.toString());
                }
              });
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("cannot delete the bench directory {}: {}", dir, e.toString());
    }
  }
}
