package io.github.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lineage.core.kafka.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code lineage bench} on a tiny corpus, in-process, on the real embedded stack: the report's
 * structure and completeness, never its speed (figures on a shared machine mean nothing here).
 */
class BenchCommandIT {

  @Test
  void shouldTimeLineageParseAsWholeProcessesAndLeaveNoWorkDirectory(@TempDir Path tmp)
      throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = LineageCli.newCommandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));

    int exit =
        cli.execute(
            "bench", "--offline", "--files", "30", "--runs", "2", "--work-dir", tmp.toString());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("offline engine: 30 generated files")
        .containsPattern("(?m)^lineage parse\\s+1\\s+\\d+\\.\\d\\d\\s")
        .containsPattern("(?m)^lineage parse\\s+2\\s")
        .containsPattern("(?m)^median lineage parse\\s+wall \\d+\\.\\d\\d s, CPU")
        .contains("sqlglot not run");
    try (var left = Files.list(tmp)) {
      assertThat(left).as("the corpus and the outputs are deleted").isEmpty();
    }
  }

  @Test
  void shouldMeasureTheParserAndTheSinkEachInAProcessOfItsOwn(@TempDir Path tmp) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = LineageCli.newCommandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));

    int exit =
        cli.execute(
            "bench",
            "--memory",
            "--files",
            "40",
            "--memory-sink-files",
            "25",
            "--work-dir",
            tmp.toString());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .containsPattern("(?m)^  parser\\s+40 files .* heap 256m  peak RSS \\d+ MiB")
        .containsPattern("(?m)^  sink\\s+25 files .* peak RSS \\d+ MiB .*NEO4J_BATCH_SIZE=1000")
        .containsPattern("parse cache \\d+ entries");
    try (var left = Files.list(tmp)) {
      assertThat(left).as("the stages' state and logs are deleted").isEmpty();
    }
  }

  @Test
  void shouldReportBothModesEveryStageAndEndWithTheSpeedupLine(@TempDir Path tmp) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = LineageCli.newCommandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    Path json = tmp.resolve("report.json");

    int exit =
        cli.execute(
            "bench",
            "--files",
            "50",
            "--edits",
            "10",
            "--debounce",
            "0.5",
            "--work-dir",
            tmp.toString(),
            "--out",
            json.toString());

    assertThat(exit).as(err.toString()).isZero();
    String[] lines = out.toString().split("\n");
    assertThat(lines[lines.length - 1]).matches("speedup: [0-9]+\\.[0-9]{2}x");
    assertThat(out.toString())
        .contains(
            "files/s",
            "statements/s",
            "graph rows/s",
            "change-to-graph p95",
            "parse cache hit rate",
            "events deduplicated",
            "CPU ingest",
            "peak heap",
            "peak RSS");
    assertThat(out.toString())
        .containsPattern("(?m)^watcher\\s+1\\s")
        .containsPattern("(?m)^parser\\s+\\d+\\s.*bare JSqlParser")
        .containsPattern("(?m)^sink\\s+\\d+\\s.*bare UNWIND")
        .contains("kafka: 50 records");

    JsonNode report = Json.MAPPER.readTree(Files.readString(json));
    for (String mode : new String[] {"baseline", "optimised"}) {
      assertThat(report.at("/" + mode + "/files").asInt()).isEqualTo(50);
      assertThat(report.at("/" + mode + "/filesMissing").asInt())
          .as(mode + " files missing")
          .isZero();
      assertThat(report.at("/" + mode + "/editsUnresolved").asInt())
          .as(mode + " saves unresolved")
          .isZero();
      assertThat(report.at("/" + mode + "/graphRows").asLong()).isPositive();
    }
    // Only the baseline writes one transaction per node or edge.
    assertThat(report.at("/baseline/graphTransactions").asLong())
        .isGreaterThan(report.at("/optimised/graphTransactions").asLong());
    assertThat(report.get("speedup").isNumber()).isTrue();
    try (var left = Files.list(tmp)) {
      assertThat(left).containsExactly(json);
    }
  }
}
