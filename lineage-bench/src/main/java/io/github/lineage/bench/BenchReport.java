package io.github.lineage.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lineage.core.kafka.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The figures of one {@code lineage bench}: a table per mode side by side, the stage limits, the
 * sweeps, the targets, and as the very last line {@code speedup: <optimised/baseline files/s>x}.
 */
public record BenchReport(
    BenchSettings settings,
    Machine machineBefore,
    Machine machineAfter,
    int files,
    int statements,
    long corpusBytes,
    PipelineRun.Result baseline,
    PipelineRun.Result optimised,
    StageBench.Result stages,
    String stagesError,
    List<PipelineRun.Result> sizeSweep) {

  static final double TARGET_SPEEDUP = 30;
  static final double TARGET_PARSER = 0.80;
  static final double TARGET_SINK = 0.70;
  static final double MIB = 1024.0 * 1024.0;

  public BenchReport {
    sizeSweep = List.copyOf(sizeSweep);
  }

  /** Optimised files/s over baseline files/s of the ingest; NaN when the modes were not run. */
  public double speedup() {
    return hasModes() ? optimised.filesPerSecond() / baseline.filesPerSecond() : Double.NaN;
  }

  private boolean hasModes() {
    return baseline != null && optimised != null;
  }

  public String speedupLine() {
    return String.format(Locale.ROOT, "speedup: %.2fx", speedup());
  }

  public void print(PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "lineage bench: %d files (%d statements, %.1f MiB, seed %d), then %d saves at %.0f/s "
            + "(repeat ratio %.2f), debounce window %.1f s, INGEST_WORKERS %d%n",
        files,
        statements,
        corpusBytes / MIB,
        settings.seed(),
        settings.edits(),
        settings.editRate(),
        settings.repeatRatio(),
        settings.debounceWindow().toMillis() / 1000.0,
        settings.workers());
    out.printf(
        Locale.ROOT,
        "machine: %d CPUs (%s), %s, max heap %.0f MiB; load average %.2f before, %.2f after%n",
        machineBefore.cpus(),
        machineBefore.cpuModel(),
        machineBefore.java(),
        machineBefore.maxHeapBytes() / MIB,
        machineBefore.loadAverage(),
        machineAfter.loadAverage());
    if (hasModes()) {
      printModes(out);
    }
    if (stages != null) {
      out.println();
      printStages(out);
    } else if (stagesError != null) {
      out.println();
      out.println("stage limits: not measured: " + stagesError);
    }
    if (!sizeSweep.isEmpty()) {
      printSizeSweep(out);
    }
    out.println();
    printTargets(out);
    if (hasModes()) {
      out.println(speedupLine());
    }
    out.flush();
  }

  private void printModes(PrintWriter out) {
    out.println(
        "ingest: the corpus written into the watched directory, timed until every File node has its sha256;");
    out.println("CPU and memory are the whole process (embedded Kafka and Neo4j included).");
    out.println();
    out.printf("%-34s %14s %14s%n", "", "baseline", "optimised");
    row(out, "ingest time (s)", r -> f2(r.ingestSeconds()));
    row(out, "files/s", r -> f1(r.filesPerSecond()));
    row(out, "statements/s", r -> f1(r.statementsPerSecond()));
    row(out, "graph rows/s", r -> f1(r.graphRowsPerSecond()));
    row(out, "graph rows (ingest)", r -> Long.toString(r.graphRows()));
    row(out, "graph transactions (ingest)", r -> Long.toString(r.graphTransactions()));
    row(out, "files missing after ingest", r -> Integer.toString(r.filesMissing()));
    row(out, "change-to-graph p50 (ms)", r -> f0(r.latency().p50Ms()));
    row(out, "change-to-graph p95 (ms)", r -> f0(r.latency().p95Ms()));
    row(out, "change-to-graph p99 (ms)", r -> f0(r.latency().p99Ms()));
    row(
        out,
        "saves timed / re-saves / unresolved",
        r -> r.latency().count() + "/" + r.editsResaved() + "/" + r.editsUnresolved());
    row(out, "parse cache hit rate", r -> pct(r.cacheHitRate()) + " (" + r.cacheHits() + ")");
    row(out, "events deduplicated (parser)", r -> Long.toString(r.eventsDeduplicated()));
    row(out, "re-saves skipped (watcher)", r -> Long.toString(r.watcherUnchanged()));
    row(out, "CPU ingest (s)", r -> f1(r.ingestUsage().cpuSeconds()));
    row(out, "cores busy ingest", r -> f2(r.ingestUsage().cores()));
    row(out, "CPU edits (s)", r -> f1(r.editUsage().cpuSeconds()));
    row(out, "peak heap (MiB)", r -> f0(r.peakHeapBytes() / MIB));
    row(out, "peak RSS (MiB)", r -> r.peakRssBytes() < 0 ? "n/a" : f0(r.peakRssBytes() / MIB));
  }

  private void printSizeSweep(PrintWriter out) {
    out.println();
    out.println("scaling with corpus size (optimised, ingest only):");
    out.printf(
        "%10s %12s %12s %14s %14s%n",
        "files", "ingest s", "files/s", "peak heap MiB", "peak RSS MiB");
    for (PipelineRun.Result r : sizeSweep) {
      out.printf(
          Locale.ROOT,
          "%10d %12.2f %12.1f %14.0f %14.0f%n",
          r.files(),
          r.ingestSeconds(),
          r.filesPerSecond(),
          r.peakHeapBytes() / MIB,
          r.peakRssBytes() / MIB);
    }
  }

  private void printStages(PrintWriter out) {
    BareKafka.Result k = stages.kafka();
    out.println(
        "stage limits (each stage alone on its own embedded servers, optimised flags, parser debounce 0):");
    out.printf(
        "%-8s %7s %22s   %-16s %22s %9s%n",
        "stage", "workers", "measured", "limit", "limit measured", "fraction");
    List<StageBench.Figure> all = new java.util.ArrayList<>();
    all.add(stages.watcher());
    all.addAll(stages.parser());
    all.addAll(stages.sink());
    for (StageBench.Figure fig : all) {
      String measured = f1(fig.filesPerSecond()) + " files/s";
      String limit =
          f1(fig.limitFilesPerSecond())
              + (fig.stage().equals("watcher") ? " records/s" : " files/s");
      out.printf(
          Locale.ROOT,
          "%-8s %7d %22s   %-16s %22s %9s%n",
          fig.stage(),
          fig.workers(),
          measured,
          fig.limit(),
          limit,
          pct(fig.fraction()));
      if (!fig.detail().isEmpty()) {
        StringBuilder detail = new StringBuilder();
        new java.util.TreeMap<>(fig.detail())
            .forEach(
                (name, v) ->
                    detail
                        .append(detail.length() == 0 ? "" : ", ")
                        .append(name)
                        .append(" ")
                        .append(v < 10 ? String.format(Locale.ROOT, "%.2f", v) : f1(v)));
        out.printf("%-8s %7s   (%s)%n", "", "", detail);
      }
      if (!Double.isNaN(fig.rowsPerSecond())) {
        out.printf(
            Locale.ROOT,
            "%-8s %7s %22s   %-16s %22s%n",
            "",
            "",
            f0(fig.rowsPerSecond()) + " rows/s",
            "",
            f0(fig.limitRowsPerSecond()) + " rows/s");
      }
    }
    out.printf(
        Locale.ROOT,
        "kafka: %d records (%.1f MiB) produced at %.0f records/s (%.1f MiB/s), consumed at %.0f records/s (%.1f MiB/s)%n",
        k.records(),
        k.bytes() / MIB,
        k.produceRecordsPerSecond(),
        k.produceMiBPerSecond(),
        k.consumeRecordsPerSecond(),
        k.consumeMiBPerSecond());
    if (!stages.cache().isEmpty()) {
      out.println("parser memory with RocksDB block cache size:");
      out.printf(
          "%16s %12s %14s %14s%n", "block cache MiB", "files/s", "peak heap MiB", "peak RSS MiB");
      for (StageBench.CacheFigure c : stages.cache()) {
        out.printf(
            Locale.ROOT,
            "%16d %12.1f %14.0f %14.0f%n",
            c.blockCacheMb(),
            c.filesPerSecond(),
            c.peakHeapBytes() / MIB,
            c.peakRssBytes() / MIB);
      }
    }
  }

  private void printTargets(PrintWriter out) {
    out.println("targets:");
    if (hasModes()) {
      target(
          out,
          String.format(
              Locale.ROOT, "optimised >= %.0fx baseline (%.2fx)", TARGET_SPEEDUP, speedup()),
          speedup() >= TARGET_SPEEDUP);
    }
    if (stages != null) {
      StageBench.Figure parser = atWorkers(stages.parser());
      StageBench.Figure sink = atWorkers(stages.sink());
      if (parser != null) {
        target(
            out,
            String.format(
                Locale.ROOT,
                "parser stage >= 80%% of bare JSqlParser (%s)",
                pct(parser.fraction())),
            parser.fraction() >= TARGET_PARSER);
      }
      if (sink != null) {
        target(
            out,
            String.format(Locale.ROOT, "sink >= 70%% of bare UNWIND (%s)", pct(sink.fraction())),
            sink.fraction() >= TARGET_SINK);
      }
    }
    if (!hasModes()) {
      return;
    }
    double limitMs = settings.debounceWindow().toMillis() + 1000;
    double p95 = optimised.latency().p95Ms();
    target(
        out,
        String.format(
            Locale.ROOT,
            "p95 change-to-graph <= debounce + 1 s = %.0f ms at %.0f saves/s (%s ms)",
            limitMs,
            settings.editRate(),
            f0(p95)),
        !Double.isNaN(p95) && p95 <= limitMs);
  }

  private StageBench.Figure atWorkers(List<StageBench.Figure> figures) {
    return figures.stream()
        .filter(f -> f.workers() == settings.workers())
        .findFirst()
        .orElse(figures.isEmpty() ? null : figures.get(figures.size() - 1));
  }

  private static void target(PrintWriter out, String what, boolean met) {
    out.printf("  %-7s %s%n", met ? "MET" : "MISSED", what);
  }

  private void row(PrintWriter out, String label, Function<PipelineRun.Result, String> value) {
    out.printf("%-34s %14s %14s%n", label, value.apply(baseline), value.apply(optimised));
  }

  private static String f0(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.0f", v);
  }

  private static String f1(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String f2(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", v * 100);
  }

  /** The report as JSON: every figure of the text, and the speedup. */
  public String toJson() {
    ObjectNode root = Json.MAPPER.valueToTree(Map.of("report", this));
    ObjectNode report = (ObjectNode) root.get("report");
    if (hasModes()) {
      report.put("speedup", Math.round(speedup() * 100) / 100.0);
    } else {
      report.putNull("speedup");
    }
    try {
      return Json.MAPPER
          .copy()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(report);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report as JSON", e);
    }
  }
}
