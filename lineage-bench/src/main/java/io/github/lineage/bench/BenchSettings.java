package io.github.lineage.bench;

import io.github.lineage.core.config.IngestWorkers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one {@code lineage bench} invocation measures.
 *
 * @param files files of the generated corpus (the initial ingest)
 * @param edits saves of the edit phase that follows the ingest
 * @param editRate saves per second during the edit phase
 * @param repeatRatio share of the saves that repeat content already in the corpus (re-saves,
 *     copies)
 * @param seed corpus seed: the same seed gives the same files
 * @param debounceWindow the parser's debounce window ({@code DEBOUNCE_WINDOW_SECONDS}) of the
 *     optimised run
 * @param workers {@code INGEST_WORKERS} (used where flag parallel is on)
 * @param endToEnd whether to run the baseline and optimised pipelines (off: stage limits only)
 * @param stageLimits whether to measure each stage against its bare limit
 * @param scaling whether to run the worker, corpus-size and cache-size sweeps
 * @param scalingFiles corpus sizes of the files/s-versus-N sweep
 * @param workDir where corpora and embedded server data go (deleted afterwards unless kept)
 * @param stallTimeout how long without progress before a phase is given up as stuck
 * @param env further environment-style settings passed to every stage (overrides)
 */
public record BenchSettings(
    int files,
    int edits,
    double editRate,
    double repeatRatio,
    long seed,
    Duration debounceWindow,
    int workers,
    boolean endToEnd,
    boolean stageLimits,
    boolean scaling,
    List<Integer> scalingFiles,
    Path workDir,
    Duration stallTimeout,
    Map<String, String> env) {

  public static final String ENV_DEBOUNCE = "DEBOUNCE_WINDOW_SECONDS";
  public static final String ENV_WORKERS = IngestWorkers.ENV;

  public BenchSettings {
    Objects.requireNonNull(debounceWindow, "debounceWindow");
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(stallTimeout, "stallTimeout");
    scalingFiles = List.copyOf(scalingFiles);
    env = Map.copyOf(env);
    if (files < 1) {
      throw new IllegalArgumentException("--files must be at least 1, got " + files);
    }
    if (edits < 0) {
      throw new IllegalArgumentException("--edits must be >= 0, got " + edits);
    }
    if (!(editRate > 0)) {
      throw new IllegalArgumentException("--edit-rate must be > 0, got " + editRate);
    }
    if (!(repeatRatio >= 0 && repeatRatio <= 1)) {
      throw new IllegalArgumentException(
          "--repeat-ratio must be within [0, 1], got " + repeatRatio);
    }
    if (workers < IngestWorkers.MIN || workers > IngestWorkers.MAX) {
      throw new IllegalArgumentException(
          "--workers must be between "
              + IngestWorkers.MIN
              + " and "
              + IngestWorkers.MAX
              + ", got "
              + workers);
    }
    if (!endToEnd && !stageLimits) {
      throw new IllegalArgumentException(
          "nothing to measure: --stages-only and --no-stage-limits together");
    }
    for (int n : scalingFiles) {
      if (n < 1) {
        throw new IllegalArgumentException("--scaling-files must be positive, got " + n);
      }
    }
  }

  /** The settings every stage of a run reads, as environment variables. */
  Map<String, String> stageEnv(Duration window) {
    Map<String, String> merged = new HashMap<>(env);
    merged.put(ENV_DEBOUNCE, Double.toString(window.toMillis() / 1000.0));
    merged.put(ENV_WORKERS, Integer.toString(workers));
    return merged;
  }
}
