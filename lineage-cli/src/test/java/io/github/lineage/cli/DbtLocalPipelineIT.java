package io.github.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.lineage.cli.faults.ExpectedGraph;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.flags.StaticFlags;
import io.github.lineage.core.kafka.Json;
import io.github.lineage.core.model.ContentHash;
import io.github.lineage.core.model.FileLineage;
import io.github.lineage.core.model.LineageDocument;
import io.github.lineage.sql.LineageEngine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;

/**
 * The streaming path on a dbt project (docs/dbt.md, "Streaming"): {@code lineage local} on a copy
 * of examples/dbt, on real in-process Kafka and Neo4j, gives the graph of {@code lineage parse} on
 * the same tree, edge by edge, and keeps giving it as {@code dbt_project.yml}, a sources file and a
 * model change.
 */
class DbtLocalPipelineIT {

  private static final EnvReader ENV = new EnvReader(Map.of("DEBOUNCE_WINDOW_SECONDS", "0.5"));
  private static final Path EXAMPLE = Path.of("..", "examples", "dbt").toAbsolutePath().normalize();
  private static final String SOURCE = "trading";

  /**
   * The table lineage of examples/README.md ("A dbt project over the same warehouse"), by model
   * file.
   */
  private static final List<String> EXPECTED_FEEDS =
      List.of(
          "raw.trades -FEEDS-> analytics_stg.stg_trades [trading:models/staging/stg_trades.sql]",
          "raw.prices -FEEDS-> analytics_stg.stg_prices [trading:models/staging/stg_prices.sql]",
          "raw.fx_rates -FEEDS-> analytics_stg.stg_fx_rates [trading:models/staging/stg_fx_rates.sql]",
          "raw.instruments -FEEDS-> analytics_stg.instruments [trading:models/staging/stg_instruments.sql]",
          "analytics_stg.stg_trades -FEEDS-> analytics_mart.fct_positions [trading:models/marts/fct_positions.sql]",
          "analytics_stg.stg_prices -FEEDS-> analytics_mart.fct_positions [trading:models/marts/fct_positions.sql]",
          "analytics_stg.stg_fx_rates -FEEDS-> analytics_mart.fct_positions [trading:models/marts/fct_positions.sql]",
          "analytics_ref.book_desks -FEEDS-> analytics_mart.fct_positions [trading:models/marts/fct_positions.sql]",
          "analytics_mart.fct_positions -FEEDS-> analytics_mart.desk_exposure [trading:models/marts/desk_exposure.sql]",
          "analytics_stg.stg_trades -FEEDS-> analytics_mart.desk_exposure [trading:models/marts/desk_exposure.sql]",
          "analytics_stg.instruments -FEEDS-> analytics_mart.desk_exposure [trading:models/marts/desk_exposure.sql]",
          "analytics_ref.book_desks -FEEDS-> analytics_mart.desks [trading:models/marts/desks.sql]");

  @Test
  void shouldKeepTheGraphEqualToLineageParseOfTheProjectThroughSchemaSourceAndModelChanges(
      @TempDir Path tmp) throws Exception {
    Path root = copyExample(tmp);

    try (LocalPipeline pipeline = start(root, tmp.resolve("home"), StaticFlags.allOn())) {
      assertThat(pipeline.awaitGraphCurrent(Duration.ofMinutes(3), Duration.ofSeconds(60)))
          .isEmpty();
      assertThat(PipelineGraph.of(pipeline.driver()).edgesOfType("FEEDS"))
          .containsExactlyInAnyOrderElementsOf(EXPECTED_FEEDS);
      assertThat(lines(pipeline.driver())).isEqualTo(parsedLines(root));
      assertThat(fileShas(pipeline.driver())).isEqualTo(diskShas(root));

      // The marts move schema; stg_fx_rates reads another table: their relations and edges follow.
      replace(root.resolve("dbt_project.yml"), "+schema: mart", "+schema: marts");
      replace(
          root.resolve("models/staging/sources.yml"),
          "identifier: fx_rates",
          "identifier: fx_rates_v2");
      awaitGraphOf(pipeline, root);
      List<String> graph = lines(pipeline.driver());
      assertThat(graph)
          .contains(
              "raw.fx_rates_v2 -FEEDS-> analytics_stg.stg_fx_rates [trading:models/staging/stg_fx_rates.sql]",
              "analytics_marts.fct_positions -FEEDS-> analytics_marts.desk_exposure [trading:models/marts/desk_exposure.sql]");
      assertThat(graph)
          .as("nothing stale")
          .noneMatch(l -> l.contains("analytics_mart.") || l.contains("raw.fx_rates "));

      // A model deleted: its file and relation go; the model that refs nothing of it is untouched.
      Files.delete(root.resolve("models/marts/desks.sql"));
      awaitGraphOf(pipeline, root);
      assertThat(lines(pipeline.driver()))
          .noneMatch(l -> l.contains("desks.sql") || l.contains("analytics_marts.desks"));
      assertThat(pipeline.differencesFromFiles()).isEmpty();
    }
  }

  @Test
  void shouldBuildTheSameGraphWithAllFlagsOff(@TempDir Path tmp) throws Exception {
    Path root = copyExample(tmp);

    try (LocalPipeline pipeline = start(root, tmp.resolve("home"), StaticFlags.allOff())) {
      assertThat(pipeline.awaitGraphCurrent(Duration.ofMinutes(3), Duration.ofSeconds(60)))
          .isEmpty();
      assertThat(lines(pipeline.driver())).isEqualTo(parsedLines(root));
      assertThat(fileShas(pipeline.driver())).isEqualTo(diskShas(root));
    }
  }

  private static Path copyExample(Path tmp) throws IOException {
    Path root = Files.createDirectories(tmp.resolve(SOURCE));
    try (Stream<Path> walk = Files.walk(EXAMPLE)) {
      for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        Path to = root.resolve(EXAMPLE.relativize(f).toString());
        Files.createDirectories(to.getParent());
        Files.copy(f, to);
      }
    }
    return root;
  }

  private static void replace(Path file, String from, String to) throws IOException {
    String before = Files.readString(file);
    assertThat(before).contains(from);
    Files.writeString(file, before.replace(from, to));
  }

  private static void awaitGraphOf(LocalPipeline pipeline, Path root) {
    List<String> expected = parsedLines(root);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              assertThat(pipeline.differencesFromFiles()).isEmpty();
              assertThat(lines(pipeline.driver())).isEqualTo(expected);
            });
  }

  /**
   * The lineage lines of the graph {@code lineage parse --format json ROOT} describes, each model
   * under its key {@code trading:path}: tables, columns and every READS, WRITES, FEEDS, DERIVES and
   * HAS_COLUMN edge, as the sink would write them.
   */
  private static List<String> parsedLines(Path root) {
    CliRunner.Run run = CliRunner.lineage("parse", "--format", "json", root.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> lines = new ArrayList<>();
    for (String json : run.out().split("\n")) {
      if (json.isBlank()) {
        continue;
      }
      FileLineage lineage = ParseOutput.read(json);
      String rel =
          root.relativize(Path.of(lineage.path()).toAbsolutePath().normalize())
              .toString()
              .replace('\\', '/');
      String key = SOURCE + ":" + rel;
      LineageDocument document =
          new LineageDocument(
              LineageDocument.SCHEMA_VERSION,
              key,
              SOURCE,
              rel,
              lineage.sha256(),
              "parse",
              Instant.EPOCH,
              lineage.statements(),
              lineage.errors());
      lines.addAll(ExpectedGraph.linesOf(key, document));
    }
    return lines.stream().distinct().sorted().toList();
  }

  /** The same lines from Neo4j (File nodes apart); a line twice means a duplicate node or edge. */
  private static List<String> lines(Driver driver) {
    List<String> lines = new ArrayList<>();
    driver
        .executableQuery("MATCH (t:Table) RETURN t.name AS name")
        .execute()
        .records()
        .forEach(r -> lines.add("Table:" + r.get("name").asString()));
    driver
        .executableQuery("MATCH (c:Column) RETURN c.name AS name")
        .execute()
        .records()
        .forEach(r -> lines.add("Column:" + r.get("name").asString()));
    driver
        .executableQuery(
            "MATCH (f:File)-[r:READS|WRITES]->(t:Table) RETURN f.key AS f, type(r) AS type, t.name AS t")
        .execute()
        .records()
        .forEach(
            r ->
                lines.add(
                    r.get("f").asString()
                        + " -"
                        + r.get("type").asString()
                        + "-> "
                        + r.get("t").asString()));
    driver
        .executableQuery(
            "MATCH (a)-[r:FEEDS|DERIVES]->(b) RETURN a.name AS a, type(r) AS type, b.name AS b, r.file AS file")
        .execute()
        .records()
        .forEach(
            r ->
                lines.add(
                    r.get("a").asString()
                        + " -"
                        + r.get("type").asString()
                        + "-> "
                        + r.get("b").asString()
                        + " ["
                        + r.get("file").asString(null)
                        + "]"));
    driver
        .executableQuery(
            "MATCH (t:Table)-[:HAS_COLUMN]->(c:Column) RETURN t.name AS t, c.name AS c")
        .execute()
        .records()
        .forEach(r -> lines.add(r.get("t").asString() + " -HAS_COLUMN-> " + r.get("c").asString()));
    return lines.stream().sorted().toList();
  }

  private static Map<String, String> fileShas(Driver driver) {
    Map<String, String> shas = new TreeMap<>();
    driver
        .executableQuery("MATCH (f:File) RETURN f.key AS key, f.sha256 AS sha")
        .execute()
        .records()
        .forEach(r -> shas.put(r.get("key").asString(), r.get("sha").asString(null)));
    return shas;
  }

  /** Every file of the project by key with the sha256 of its bytes; a seed's of its header line. */
  private static Map<String, String> diskShas(Path root) throws IOException {
    Map<String, String> shas = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        String rel = root.relativize(f).toString().replace('\\', '/');
        byte[] bytes = Files.readAllBytes(f);
        if (rel.endsWith(".csv")) {
          String text = new String(bytes, StandardCharsets.UTF_8);
          bytes = text.substring(0, text.indexOf('\n') + 1).getBytes(StandardCharsets.UTF_8);
        }
        shas.put(SOURCE + ":" + rel, ContentHash.sha256(bytes));
      }
    }
    return shas;
  }

  private static LocalPipeline start(Path root, Path home, StaticFlags flags) {
    return LocalPipeline.start(
        new LocalPipeline.Options(root, new LineageHome(home), 0, 0, true),
        ENV,
        flags,
        LineageEngine.defaults(),
        new SimpleMeterRegistry());
  }

  /** FileLineage from one JSON line of {@code lineage parse}. */
  private static final class ParseOutput {
    static FileLineage read(String json) {
      try {
        return Json.MAPPER.readValue(json, FileLineage.class);
      } catch (IOException e) {
        throw new AssertionError("not a FileLineage: " + json, e);
      }
    }
  }
}
