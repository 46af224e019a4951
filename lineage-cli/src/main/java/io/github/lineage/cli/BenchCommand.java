package io.github.lineage.cli;

import io.github.lineage.bench.ApiBench;
import io.github.lineage.bench.BenchReport;
import io.github.lineage.bench.BenchSettings;
import io.github.lineage.bench.Benchmark;
import io.github.lineage.bench.MemoryBench;
import io.github.lineage.bench.OfflineBench;
import io.github.lineage.bench.PipelineLauncher;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.IngestWorkers;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.flags.Flags;
import io.github.lineage.sql.LineageEngine;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.neo4j.driver.Driver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmark the whole pipeline on the embedded stack: all flags off (baseline) and all flags on",
      "(optimised) on the same generated corpus in one run, then each stage against its bare limit",
      "(JSqlParser alone, driver UNWIND alone, Kafka produce/consume of the same bytes).",
      "",
      "Each mode: the corpus is written into a watched directory and timed until every file is in",
      "the graph (files/s, statements/s, graph rows/s), then --edits saves are written at --edit-rate",
      "and each save's change-to-graph latency is taken (p50/p95/p99).",
      "Progress goes to stderr; the report to stdout, its last line `speedup: <optimised/baseline>x`.",
      "The baseline is slow (one transaction per node or edge): --files 1000 takes several minutes."
    })
public final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--files",
      defaultValue = "1000",
      description = "Files in the generated corpus (default ${DEFAULT-VALUE}).")
  int files;

  @Option(
      names = "--edits",
      description = "Saves written after the ingest (default: files / 5, at least 20).")
  Integer edits;

  @Option(
      names = "--edit-rate",
      defaultValue = "100",
      description = "Saves per second in the edit phase (default ${DEFAULT-VALUE}).")
  double editRate;

  @Option(
      names = "--repeat-ratio",
      defaultValue = "0.3",
      description =
          "Share of saves that repeat content: re-saves and copies (default ${DEFAULT-VALUE}).")
  double repeatRatio;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Corpus seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--debounce",
      description = "Debounce window in seconds (default: $DEBOUNCE_WINDOW_SECONDS, else 2).")
  Double debounceSeconds;

  @Option(
      names = "--workers",
      description = "INGEST_WORKERS of the optimised run (default: $INGEST_WORKERS, else 4).")
  Integer workers;

  @Option(
      names = "--stages-only",
      description = "Only the stage limits (no baseline/optimised runs, no speedup line).")
  boolean stagesOnly;

  @Option(names = "--no-stage-limits", description = "Skip the per-stage limit measurements.")
  boolean noStageLimits;

  @Option(
      names = "--scaling",
      description =
          "Also sweep workers (1, 2, 4), corpus size (--scaling-files) and RocksDB block cache (8, 32, 128 MiB). Takes long.")
  boolean scaling;

  @Option(
      names = "--scaling-files",
      split = ",",
      defaultValue = "1000,10000,50000",
      description = "Corpus sizes of the --scaling sweep (default ${DEFAULT-VALUE}).")
  List<Integer> scalingFiles;

  @Option(
      names = "--stall-timeout",
      defaultValue = "180",
      description =
          "Seconds without progress before a phase is reported stuck (default ${DEFAULT-VALUE}).")
  long stallSeconds;

  @Option(
      names = "--api",
      description =
          "Only the HTTP API's latency: a generated graph of --files files (10000 for docs/benchmarks.md), each endpoint asked --api-requests times.")
  boolean api;

  @Option(
      names = "--api-requests",
      defaultValue = "500",
      description = "With --api: requests per endpoint (default ${DEFAULT-VALUE}).")
  int apiRequests;

  @Option(
      names = "--offline",
      description =
          "Only the offline engine: lineage parse --format json over --files generated files as a whole process, next to sqlglot (--sqlglot), --runs times each, alternating.")
  boolean offline;

  @Option(
      names = "--sqlglot",
      paramLabel = "DIR",
      description =
          "With --offline: a checkout of sqlglot's source, run as pure Python through PYTHONPATH.")
  Path sqlglot;

  @Option(
      names = "--runs",
      defaultValue = "3",
      description = "With --offline: runs of each contender (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--memory",
      description =
          "Only memory: lineage parse-streams over --files generated files (100000 for docs/benchmarks.md), then lineage sink over --memory-sink-files of its documents, each its own process with the container's JVM options.")
  boolean memory;

  @Option(
      names = "--memory-sink-files",
      paramLabel = "N",
      description =
          "With --memory: documents the sink writes (default: --files, at most 20000; 0: the parser only).")
  Integer memorySinkFiles;

  @Option(
      names = "--memory-batch",
      defaultValue = "1000",
      paramLabel = "N",
      description = "With --memory: the sink's NEO4J_BATCH_SIZE (default ${DEFAULT-VALUE}).")
  int memoryBatch;

  @Option(
      names = "--memory-heap",
      defaultValue = "256m",
      paramLabel = "SIZE",
      description =
          "With --memory: each stage's -Xmx (default ${DEFAULT-VALUE}: what the image gives a 512 MiB container).")
  String memoryHeap;

  @Option(
      names = "--memory-jvm-option",
      paramLabel = "OPTION",
      description =
          "With --memory: a JVM option for each stage's process after the image's own (repeatable), e.g. -XX:NativeMemoryTracking=summary for the JVM's account of its memory at the peak.")
  List<String> memoryJvmOptions = new ArrayList<>();

  @Option(
      names = "--work-dir",
      description =
          "Where corpora and server data go (default: a new temporary directory, deleted afterwards).")
  Path workDir;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Also write the report as JSON to FILE.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (api) {
      if (files < 1 || apiRequests < 1) {
        throw new UserException("--files and --api-requests must be at least 1");
      }
      new ApiBench(files, seed, apiRequests)
          .run(spec.commandLine().getErr())
          .print(spec.commandLine().getOut());
      return 0;
    }
    if (offline) {
      return offline();
    }
    if (memory) {
      return memory();
    }
    EnvReader env = EnvReader.system();
    double window =
        debounceSeconds != null
            ? debounceSeconds
            : env.seconds(BenchSettings.ENV_DEBOUNCE, Duration.ofSeconds(2)).toMillis() / 1000.0;
    int workerCount = workers != null ? workers : IngestWorkers.from(env);
    if (window < 0) {
      throw new UserException("--debounce must be >= 0, got " + window);
    }
    Path dir = newWorkDir();
    BenchSettings settings;
    try {
      settings =
          new BenchSettings(
              files,
              edits != null ? edits : Math.max(20, files / 5),
              editRate,
              repeatRatio,
              seed,
              Duration.ofMillis(Math.round(window * 1000)),
              workerCount,
              !stagesOnly,
              !noStageLimits,
              scaling,
              scalingFiles,
              dir,
              Duration.ofSeconds(stallSeconds),
              Map.of());
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    if (out != null && out.getParent() != null && !Files.isDirectory(out.getParent())) {
      throw new UserException("directory of --out does not exist: " + out.getParent());
    }
    PrintWriter progress = spec.commandLine().getErr();
    BenchReport report = new Benchmark(settings, BenchCommand::launchLocal).run(progress);
    if (out != null) {
      try {
        Files.writeString(out, report.toJson() + "\n", StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UserException("cannot write " + out + ": " + e.getMessage());
      }
    }
    report.print(spec.commandLine().getOut());
    return 0;
  }

  private int offline() throws IOException, InterruptedException {
    OfflineBench bench;
    try {
      bench =
          new OfflineBench(
              files,
              seed,
              runs,
              Optional.ofNullable(sqlglot),
              newWorkDir(),
              new OfflineBench.ParseLauncher() {
                @Override
                public List<String> command(List<String> jvmOptions, Path corpus) {
                  return parseCommand(jvmOptions, corpus);
                }

                @Override
                public boolean jarsOnly() {
                  return Arrays.stream(
                          System.getProperty("java.class.path").split(File.pathSeparator))
                      .allMatch(entry -> entry.endsWith(".jar"));
                }
              });
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    bench.run(spec.commandLine().getErr()).print(spec.commandLine().getOut());
    return 0;
  }

  private int memory() throws Exception {
    MemoryBench bench;
    try {
      bench =
          new MemoryBench(
              files,
              memorySinkFiles != null ? memorySinkFiles : Math.min(files, 20_000),
              memoryBatch,
              seed,
              memoryHeap,
              memoryJvmOptions,
              newWorkDir(),
              Duration.ofSeconds(stallSeconds),
              BenchCommand::stageCommand);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    bench.run(spec.commandLine().getErr()).print(spec.commandLine().getOut());
    return 0;
  }

  /** {@code lineage <subcommand>} in a JVM of its own: this JVM's java and class path. */
  private static List<String> stageCommand(List<String> jvmOptions, String subcommand) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-cp", System.getProperty("java.class.path"), LineageCli.class.getName(), subcommand));
    return command;
  }

  /** Created (and deleted) by the benchmark itself, so a bad option leaves nothing behind. */
  private Path newWorkDir() {
    Path base = workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir"));
    return base.resolve("lineage-bench-" + UUID.randomUUID().toString().substring(0, 8));
  }

  /**
   * {@code lineage parse} as the {@code ./lineage} launcher runs it: this JVM's java and class
   * path, the launcher's default heap and its C1-only compiler for short-lived commands.
   */
  private static List<String> parseCommand(List<String> jvmOptions, Path corpus) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx1g", "-XX:TieredStopAtLevel=1"));
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            LineageCli.class.getName(),
            "parse",
            "--format",
            "json",
            corpus.toString()));
    return command;
  }

  /** The benchmark measures the pipeline exactly as {@code lineage local} wires it. */
  private static PipelineLauncher.Running launchLocal(
      Path root,
      Path home,
      EnvReader env,
      Flags flags,
      LineageEngine engine,
      MeterRegistry registry) {
    LocalPipeline pipeline =
        LocalPipeline.start(
            new LocalPipeline.Options(root, new LineageHome(home), 0, 0, true),
            env,
            flags,
            engine,
            registry);
    return new PipelineLauncher.Running() {
      @Override
      public Driver driver() {
        return pipeline.driver();
      }

      @Override
      public void close() {
        pipeline.close();
      }
    };
  }
}
