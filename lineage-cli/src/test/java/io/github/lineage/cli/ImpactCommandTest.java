package io.github.lineage.cli;

import static io.github.lineage.cli.CliRunner.lineage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lineage.core.kafka.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lineage impact} on fixture trees and on a throw-away git repository, without a live graph.
 */
class ImpactCommandTest {

  static final Map<String, String> BEFORE =
      Map.of(
          "staging/stg_trades.sql",
              "INSERT INTO stg.trades (id, amount) SELECT t.id, t.amount FROM raw.trades t;\n",
          "marts/positions.sql",
              "-- positions\nCREATE TABLE mart.positions AS SELECT s.id, s.amount AS exposure FROM stg.trades s;\n",
          "reports/risk.sql",
              "CREATE VIEW rpt.risk AS SELECT p.id, p.exposure FROM mart.positions p;\n",
          "reports/adhoc.sql", "SELECT r.id FROM rpt.risk r;\n");

  static final String DROPPED_COLUMN =
      "-- positions\nCREATE TABLE mart.positions AS SELECT s.id FROM stg.trades s;\n";
  static final String ADDED_COLUMN =
      "-- positions\nCREATE TABLE mart.positions AS SELECT s.id, s.amount AS exposure, s.amount * 2 AS exposure_x2 FROM stg.trades s;\n";

  static Path tree(Path dir, Map<String, String> files) throws IOException {
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = dir.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue());
    }
    return dir;
  }

  static Map<String, String> with(String path, String content) {
    Map<String, String> files = new java.util.TreeMap<>(BEFORE);
    if (content == null) {
      files.remove(path);
    } else {
      files.put(path, content);
    }
    return files;
  }

  private static JsonNode json(CliRunner.Run run) throws IOException {
    return Json.MAPPER.readTree(run.out());
  }

  private static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(n -> names.add(n.path("name").asText()));
    return names;
  }

  @Test
  void shouldExitThreeAndNameWhatStillReadsAColumnTheChangeDrops(@TempDir Path tmp)
      throws IOException {
    Path before = tree(tmp.resolve("before"), BEFORE);
    Path after = tree(tmp.resolve("after"), with("marts/positions.sql", DROPPED_COLUMN));

    CliRunner.Run run =
        lineage(
            "impact",
            "--before",
            before.toString(),
            "--after",
            after.toString(),
            "--source",
            "wh",
            "--offline",
            "--format",
            "json");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    JsonNode report = json(run);
    assertThat(report.path("files").toString())
        .isEqualTo("[{\"path\":\"marts/positions.sql\",\"status\":\"modified\"}]");
    assertThat(report.path("removed").toString())
        .isEqualTo(
            "[{\"name\":\"mart.positions.exposure\",\"kind\":\"column\",\"file\":\"wh:marts/positions.sql\",\"lines\":[2]}]");
    assertThat(report.path("broken").toString())
        .isEqualTo(
            "[{\"removed\":\"mart.positions.exposure\",\"kind\":\"column\","
                + "\"reader\":\"rpt.risk.exposure\",\"file\":\"wh:reports/risk.sql\",\"lines\":[1]}]");
    assertThat(report.path("removedEdges").toString())
        .contains("\"source\":\"stg.trades.amount\",\"target\":\"mart.positions.exposure\"");
    assertThat(names(report.path("affectedTables"))).containsExactly("rpt.risk");
    assertThat(names(report.path("affectedColumns"))).contains("rpt.risk.id", "rpt.risk.exposure");
    assertThat(report.path("graph").asText()).startsWith("after-tree parsed (4 SQL files)");
  }

  @Test
  void shouldExitZeroOnAnAdditiveChangeAndListTheNewEdgeAndTheDownstream(@TempDir Path tmp)
      throws IOException {
    Path before = tree(tmp.resolve("before"), BEFORE);
    Path after = tree(tmp.resolve("after"), with("marts/positions.sql", ADDED_COLUMN));

    CliRunner.Run run =
        lineage(
            "impact",
            "--before",
            before.toString(),
            "--after",
            after.toString(),
            "--source",
            "wh",
            "--offline",
            "--format",
            "json");

    assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
    JsonNode report = json(run);
    assertThat(report.path("broken").size()).isZero();
    assertThat(report.path("removed").size()).isZero();
    assertThat(report.path("addedEdges").toString())
        .isEqualTo(
            "[{\"level\":\"column\",\"source\":\"stg.trades.amount\","
                + "\"target\":\"mart.positions.exposure_x2\",\"file\":\"wh:marts/positions.sql\",\"lines\":[2]}]");
    assertThat(report.path("removedEdges").size()).isZero();
    assertThat(names(report.path("affectedTables"))).containsExactly("rpt.risk");
  }

  @Test
  void shouldCountADeletedTableThatAReportStillReadsAsBreaking(@TempDir Path tmp)
      throws IOException {
    Path before = tree(tmp.resolve("before"), BEFORE);
    Path after = tree(tmp.resolve("after"), with("reports/risk.sql", null));

    CliRunner.Run run =
        lineage(
            "impact",
            "--before",
            before.toString(),
            "--after",
            after.toString(),
            "--source",
            "wh",
            "--offline");

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.out())
        .contains(
            "deleted  reports/risk.sql",
            "BREAKS DOWNSTREAM",
            "table rpt.risk  <- read by wh:reports/adhoc.sql  [wh:reports/adhoc.sql:1]");
  }

  @Test
  void shouldWriteAMarkdownCommentForAPullRequest(@TempDir Path tmp) throws IOException {
    Path before = tree(tmp.resolve("before"), BEFORE);
    Path after = tree(tmp.resolve("after"), with("marts/positions.sql", DROPPED_COLUMN));

    CliRunner.Run run =
        lineage(
            "impact",
            "--before",
            before.toString(),
            "--after",
            after.toString(),
            "--source",
            "wh",
            "--offline",
            "--format",
            "markdown");

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.out())
        .startsWith("### Lineage impact")
        .contains(
            "| column `mart.positions.exposure` | `rpt.risk.exposure` | `wh:reports/risk.sql:1` |")
        .contains("**Affected downstream:** 1 tables");
  }

  @Test
  void shouldReadBothVersionsFromAGitRange(@TempDir Path tmp) throws Exception {
    Path repo = tree(tmp.resolve("warehouse"), BEFORE);
    git(repo, "init", "-q", "-b", "main");
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "before");
    git(repo, "checkout", "-q", "-b", "drop-exposure");
    Files.writeString(repo.resolve("marts/positions.sql"), DROPPED_COLUMN);
    Files.writeString(repo.resolve("notes.txt"), "not SQL\n");
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "drop exposure");

    CliRunner.Run drop =
        lineage(
            "impact",
            "--git",
            "main..HEAD",
            "--repo",
            repo.toString(),
            "--offline",
            "--format",
            "json");
    assertThat(drop.exitCode()).as(drop.err()).isEqualTo(3);
    JsonNode report = json(drop);
    assertThat(report.path("source").asText()).isEqualTo("warehouse");
    assertThat(report.path("files").toString())
        .isEqualTo("[{\"path\":\"marts/positions.sql\",\"status\":\"modified\"}]");
    assertThat(report.path("broken").get(0).path("reader").asText()).isEqualTo("rpt.risk.exposure");
    assertThat(report.path("change").asText()).startsWith("main..HEAD (");

    git(repo, "checkout", "-q", "main");
    git(repo, "checkout", "-q", "-b", "add-column");
    Files.writeString(repo.resolve("marts/positions.sql"), ADDED_COLUMN);
    git(repo, "commit", "-q", "-am", "add a column");
    CliRunner.Run add =
        lineage("impact", "--git", "main...add-column", "--repo", repo.toString(), "--offline");
    assertThat(add.exitCode()).as(add.out() + add.err()).isZero();
    assertThat(add.out())
        .contains(
            "+ column stg.trades.amount -> mart.positions.exposure_x2  [warehouse:marts/positions.sql:2]");

    CliRunner.Run badRange =
        lineage("impact", "--git", "nope..HEAD", "--repo", repo.toString(), "--offline");
    assertThat(badRange.exitCode()).isEqualTo(2);
    assertThat(badRange.err().strip())
        .startsWith("lineage: git rev-parse failed")
        .doesNotContain("\n");
  }

  @Test
  void shouldRefuseHalfAChange(@TempDir Path tmp) {
    assertThat(lineage("impact", "--before", tmp.toString()).exitCode()).isEqualTo(2);
    assertThat(lineage("impact").exitCode()).isEqualTo(2);
    assertThat(
            lineage(
                    "impact",
                    "--before",
                    tmp.toString(),
                    "--after",
                    tmp.toString(),
                    "--git",
                    "a..b")
                .exitCode())
        .isEqualTo(2);
  }

  static void git(Path dir, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "git",
                "-c",
                "user.name=test",
                "-c",
                "user.email=test@example.invalid",
                "-c",
                "commit.gpgsign=false"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("git " + String.join(" ", args) + ": " + out).isZero();
  }
}
