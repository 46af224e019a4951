package io.github.lineage.bench;

import io.github.lineage.bench.corpus.CorpusGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The offline engine as a user runs it: {@code lineage parse --format json DIR} as a whole process
 * (JVM start included) over a generated corpus, next to sqlglot parsing the same files and walking
 * their tables in pure Python, alternately, {@code runs} times each (docs/benchmarks.md), after one
 * untimed run of {@code lineage parse}. Wall time, CPU time and peak resident set of each process
 * come from GNU time's report.
 */
public final class OfflineBench {

  /** GNU time: the one portable source of a child's peak RSS once it has exited. */
  private static final Path GNU_TIME = Path.of("/usr/bin/time");

  /**
   * The comparison's Python side: parse each file with sqlglot's default dialect and walk its
   * tables, no column lineage (what the sqlglot figure in docs/benchmarks.md measures).
   */
  static final String SQLGLOT_SCRIPT =
      """
      import os, sys
      import sqlglot
      from sqlglot import exp

      files = tables = failed = 0
      for folder, _, names in os.walk(sys.argv[1]):
          for name in sorted(names):
              if not name.endswith(".sql"):
                  continue
              with open(os.path.join(folder, name), encoding="utf-8") as f:
                  text = f.read()
              files += 1
              try:
                  for statement in sqlglot.parse(text):
                      if statement is not None:
                          tables += sum(1 for _ in statement.find_all(exp.Table))
              except Exception:
                  failed += 1
      print(files, tables, failed)
      """;

  /** One process's figures; {@code peakRssKib} is -1 when GNU time is not installed. */
  public record Measurement(
      String contender, int run, double wallSeconds, double cpuSeconds, long peakRssKib) {}

  public record Result(int files, List<Measurement> measurements, Optional<Path> sqlglot) {

    public List<Measurement> of(String contender) {
      return measurements.stream().filter(m -> m.contender().equals(contender)).toList();
    }

    /** Per run, sqlglot's wall time over lineage parse's, when both ran. */
    public List<Double> ratios() {
      List<Measurement> parse = of(PARSE);
      List<Measurement> glot = of(SQLGLOT);
      List<Double> out = new ArrayList<>();
      for (int i = 0; i < Math.min(parse.size(), glot.size()); i++) {
        out.add(glot.get(i).wallSeconds() / parse.get(i).wallSeconds());
      }
      return out;
    }

    public void print(PrintWriter out) {
      out.printf(
          Locale.ROOT, "offline engine: %d generated files, whole processes, alternating%n", files);
      out.printf(
          Locale.ROOT,
          "%-22s %4s %9s %9s %7s %13s%n",
          "contender",
          "run",
          "wall s",
          "CPU s",
          "cores",
          "peak RSS MiB");
      for (Measurement m : measurements) {
        out.printf(
            Locale.ROOT,
            "%-22s %4d %9.2f %9.2f %7.2f %13s%n",
            m.contender(),
            m.run(),
            m.wallSeconds(),
            m.cpuSeconds(),
            m.cpuSeconds() / m.wallSeconds(),
            m.peakRssKib() < 0
                ? "n/a"
                : String.format(Locale.ROOT, "%.0f", m.peakRssKib() / 1024.0));
      }
      for (String c : List.of(PARSE, SQLGLOT)) {
        List<Measurement> ms = of(c);
        if (!ms.isEmpty()) {
          out.printf(
              Locale.ROOT,
              "median %-15s wall %.2f s, CPU %.2f s, peak RSS %s MiB%n",
              c,
              median(ms.stream().map(Measurement::wallSeconds).toList()),
              median(ms.stream().map(Measurement::cpuSeconds).toList()),
              ms.get(0).peakRssKib() < 0
                  ? "n/a"
                  : String.format(
                      Locale.ROOT,
                      "%.0f",
                      median(ms.stream().map(m -> m.peakRssKib() / 1024.0).toList())));
        }
      }
      List<Double> ratios = ratios();
      if (ratios.isEmpty()) {
        out.println("sqlglot not run (give --sqlglot DIR, a checkout of its source)");
      } else {
        out.printf(
            Locale.ROOT,
            "lineage parse is faster in wall time by %s (median %.2fx; target >= 5x)%n",
            String.join(
                ", ", ratios.stream().map(r -> String.format(Locale.ROOT, "%.2fx", r)).toList()),
            median(ratios));
      }
      out.flush();
    }
  }

  static final String PARSE = "lineage parse";
  static final String SQLGLOT = "sqlglot (pure Python)";

  private final int files;
  private final long seed;
  private final int runs;
  private final Optional<Path> sqlglot;
  private final Path workDir;
  private final ParseLauncher parseCommand;

  /** The command line of {@code lineage parse --format json} over a corpus. */
  public interface ParseLauncher {
    List<String> command(List<String> jvmOptions, Path corpus);

    /** Whether the class path holds jars only, so that its classes can be archived. */
    boolean jarsOnly();
  }

  /**
   * @param parseCommand the command line of {@code lineage parse} as the launcher runs it; the
   *     bench adds the class-data-sharing options that the launcher's first run would create
   * @param sqlglot a directory holding sqlglot's source (its {@code sqlglot} package), if any
   */
  public OfflineBench(
      int files,
      long seed,
      int runs,
      Optional<Path> sqlglot,
      Path workDir,
      ParseLauncher parseCommand) {
    if (files < 1 || runs < 1) {
      throw new IllegalArgumentException("files and runs must be at least 1");
    }
    sqlglot.ifPresent(
        dir -> {
          if (!Files.isDirectory(dir.resolve("sqlglot"))) {
            throw new IllegalArgumentException(
                "no sqlglot package under " + dir + " (give the checkout's top directory)");
          }
        });
    this.files = files;
    this.seed = seed;
    this.runs = runs;
    this.sqlglot = sqlglot;
    this.workDir = workDir;
    this.parseCommand = parseCommand;
  }

  /** Runs the contenders in {@code workDir}, which is deleted afterwards. */
  public Result run(PrintWriter progress) throws IOException, InterruptedException {
    try {
      return runIn(progress);
    } finally {
      Benchmark.deleteTree(workDir);
    }
  }

  private Result runIn(PrintWriter progress) throws IOException, InterruptedException {
    Files.createDirectories(workDir);
    Path corpus = workDir.resolve("corpus");
    CorpusGenerator.writeTo(corpus, new CorpusGenerator(seed).generate(files));
    Path script = workDir.resolve("sqlglot_tables.py");
    Files.writeString(script, SQLGLOT_SCRIPT, StandardCharsets.UTF_8);
    // An untimed first run, as the launcher's first run after a build: it writes the class-data
    // archive the timed runs use, and reads the corpus into the page cache for both contenders.
    // The JVM archives classes from jars only: a class path with directories (a build's test run)
    // goes without.
    Path archive = workDir.resolve("parse.jsa");
    boolean sharing = parseCommand.jarsOnly();
    measure(
        PARSE,
        0,
        parseCommand.command(
            sharing ? List.of("-XX:ArchiveClassesAtExit=" + archive) : List.of(), corpus),
        Optional.empty(),
        "parse-0");
    List<String> shared =
        sharing ? List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off") : List.of();
    List<Measurement> measurements = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      Measurement parse =
          measure(
              PARSE, run, parseCommand.command(shared, corpus), Optional.empty(), "parse-" + run);
      long lines = Files.lines(workDir.resolve("parse-" + run + ".out")).count();
      if (lines != files) {
        throw new IllegalStateException(
            "lineage parse printed " + lines + " results for " + files + " files");
      }
      measurements.add(parse);
      progress.printf(
          Locale.ROOT, "offline bench: %s run %d: %.2f s%n", PARSE, run, parse.wallSeconds());
      if (sqlglot.isPresent()) {
        Measurement glot =
            measure(
                SQLGLOT,
                run,
                List.of("python3", script.toString(), corpus.toString()),
                sqlglot,
                "sqlglot-" + run);
        measurements.add(glot);
        progress.printf(
            Locale.ROOT,
            "offline bench: %s run %d: %.2f s (%s)%n",
            SQLGLOT,
            run,
            glot.wallSeconds(),
            Files.readString(workDir.resolve("sqlglot-" + run + ".out")).strip());
      }
      progress.flush();
    }
    return new Result(files, measurements, sqlglot);
  }

  private Measurement measure(
      String contender, int run, List<String> command, Optional<Path> pythonPath, String name)
      throws IOException, InterruptedException {
    Path report = workDir.resolve(name + ".time");
    List<String> line = new ArrayList<>();
    boolean timed = Files.isExecutable(GNU_TIME);
    if (timed) {
      line.addAll(List.of(GNU_TIME.toString(), "-f", "%e %U %S %M", "-o", report.toString()));
    }
    line.addAll(command);
    ProcessBuilder builder =
        new ProcessBuilder(line)
            .redirectOutput(workDir.resolve(name + ".out").toFile())
            .redirectError(workDir.resolve(name + ".err").toFile());
    pythonPath.ifPresent(p -> builder.environment().put("PYTHONPATH", p.toString()));
    long start = System.nanoTime();
    Process process = builder.start();
    if (!process.waitFor(30, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException(contender + " did not finish in 30 minutes");
    }
    double wall = (System.nanoTime() - start) / 1e9;
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          contender
              + " exited with "
              + process.exitValue()
              + ": "
              + tail(workDir.resolve(name + ".err")));
    }
    if (!timed) {
      return new Measurement(contender, run, wall, Double.NaN, -1);
    }
    // the last line: GNU time writes a status line before it when the command fails
    List<String> reported = Files.readAllLines(report);
    String[] f = reported.get(reported.size() - 1).strip().split("\\s+");
    double[] v = Arrays.stream(f).mapToDouble(Double::parseDouble).toArray();
    return new Measurement(contender, run, v[0], v[1] + v[2], (long) v[3]);
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
