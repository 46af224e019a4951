package io.github.lineage.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lineage.core.kafka.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTest {

  private static final BenchSettings SETTINGS =
      new BenchSettings(
          100,
          20,
          100,
          0.3,
          42,
          Duration.ofSeconds(2),
          4,
          true,
          true,
          false,
          List.of(),
          Path.of("/tmp/unused"),
          Duration.ofSeconds(60),
          Map.of());
  private static final Machine MACHINE = new Machine(2, "test cpu", 1.5, 1L << 30, "java", "linux");

  private static PipelineRun.Result result(String mode, double ingestSeconds, double p95) {
    ResourceProbe.Usage usage = new ResourceProbe.Usage(3.0, 2.0, 100L << 20, 500L << 20, true);
    return new PipelineRun.Result(
        mode,
        100,
        250,
        ingestSeconds,
        100 / ingestSeconds,
        250 / ingestSeconds,
        4000 / ingestSeconds,
        4000,
        40,
        0,
        new Latencies(14, p95 / 2, p95, p95, p95),
        20,
        3,
        0,
        5,
        95,
        2,
        3,
        usage,
        usage,
        100L << 20,
        500L << 20);
  }

  private static StageBench.Result stages() {
    return new StageBench.Result(
        new BareKafka.Result(100, 250_000, 0.1, 0.05),
        new StageBench.Figure(
            "watcher", 1, 900, Double.NaN, "bare produce", 1000, Double.NaN, Map.of()),
        List.of(
            new StageBench.Figure(
                "parser",
                4,
                400,
                Double.NaN,
                "bare JSqlParser",
                500,
                Double.NaN,
                Map.of("engine alone files/s", 450.0))),
        List.of(
            new StageBench.Figure(
                "sink", 4, 150, 6000, "bare UNWIND", 300, 12000, Map.of("transactions", 3.0))),
        List.of());
  }

  private static String print(BenchReport report) {
    StringWriter text = new StringWriter();
    report.print(new PrintWriter(text));
    return text.toString();
  }

  @Test
  void shouldEndWithTheSpeedupOfOptimisedOverBaselineFilesPerSecond() {
    BenchReport report =
        new BenchReport(
            SETTINGS,
            MACHINE,
            MACHINE,
            100,
            250,
            300_000,
            result("baseline", 50, 40_000),
            result("optimised", 2, 2_500),
            stages(),
            null,
            List.of());

    String[] lines = print(report).split("\n");

    assertThat(lines[lines.length - 1]).isEqualTo("speedup: 25.00x");
    assertThat(report.speedup()).isEqualTo(25.0);
  }

  @Test
  void shouldPrintEveryModeFigureSideBySideAndEachStageAsAFractionOfItsLimit() {
    String text =
        print(
            new BenchReport(
                SETTINGS,
                MACHINE,
                MACHINE,
                100,
                250,
                300_000,
                result("baseline", 50, 40_000),
                result("optimised", 2, 2_500),
                stages(),
                null,
                List.of()));

    assertThat(text)
        .contains(
            "baseline",
            "optimised",
            "files/s",
            "statements/s",
            "graph rows/s",
            "change-to-graph p50",
            "change-to-graph p95",
            "change-to-graph p99",
            "parse cache hit rate",
            "events deduplicated",
            "CPU ingest",
            "peak heap",
            "peak RSS",
            "load average");
    assertThat(text)
        .containsPattern(
            "parser\\s+4\\s+400\\.0 files/s\\s+bare JSqlParser\\s+500\\.0 files/s\\s+80\\.0%");
    assertThat(text)
        .containsPattern(
            "sink\\s+4\\s+150\\.0 files/s\\s+bare UNWIND\\s+300\\.0 files/s\\s+50\\.0%");
    assertThat(text)
        .contains(
            "MISSED  optimised >= 30x baseline (25.00x)",
            "MET     parser stage >= 80%",
            "MISSED  sink >= 70% of bare UNWIND",
            "MET     p95 change-to-graph <= debounce + 1 s = 3000 ms");
  }

  @Test
  void shouldWriteTheSameFiguresAsJson() throws Exception {
    BenchReport report =
        new BenchReport(
            SETTINGS,
            MACHINE,
            MACHINE,
            100,
            250,
            300_000,
            result("baseline", 50, 40_000),
            result("optimised", 2, 2_500),
            stages(),
            null,
            List.of());

    JsonNode json = Json.MAPPER.readTree(report.toJson());

    assertThat(json.get("speedup").asDouble()).isEqualTo(25.0);
    assertThat(json.at("/baseline/filesPerSecond").asDouble()).isEqualTo(2.0);
    assertThat(json.at("/optimised/latency/p95Ms").asDouble()).isEqualTo(2500.0);
    assertThat(json.at("/optimised/cacheHitRate").asDouble()).isEqualTo(0.05);
    assertThat(json.at("/stages/parser/0/fraction").asDouble()).isEqualTo(0.8);
  }

  @Test
  void shouldLeaveTheSpeedupLineOutWhenOnlyTheStagesWereMeasured() {
    BenchReport report =
        new BenchReport(
            SETTINGS, MACHINE, MACHINE, 100, 250, 300_000, null, null, stages(), null, List.of());

    String text = print(report);

    assertThat(text).doesNotContain("speedup:").contains("stage limits");
  }

  @Test
  void shouldSayWhyTheStagesWereNotMeasuredAndStillEndWithTheSpeedup() {
    BenchReport report =
        new BenchReport(
            SETTINGS,
            MACHINE,
            MACHINE,
            100,
            250,
            300_000,
            result("baseline", 50, 40_000),
            result("optimised", 2, 2_500),
            null,
            "TimeoutException: broker gone",
            List.of());

    String text = print(report);

    assertThat(text).contains("stage limits: not measured: TimeoutException: broker gone");
    assertThat(text.strip()).endsWith("speedup: 25.00x");
  }

  @Test
  void shouldReadBackTheStageFiguresAChildProcessWroteAsJson() throws Exception {
    BenchReport report =
        new BenchReport(
            SETTINGS, MACHINE, MACHINE, 100, 250, 300_000, null, null, stages(), null, List.of());

    JsonNode json = Json.MAPPER.readTree(report.toJson());

    assertThat(Json.MAPPER.treeToValue(json.get("stages"), StageBench.Result.class))
        .isEqualTo(stages());
  }
}
