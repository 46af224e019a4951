package io.github.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.flags.StaticFlags;
import io.github.lineage.sql.LineageEngine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;

/**
 * A {@code SELECT *} of a table defined in another file, through the whole streaming pipeline
 * (embedded Kafka and Neo4j): the graph's column edges equal {@code lineage parse}'s over the whole
 * tree, and follow an edit of the DDL that defines the columns (docs/design.md §5). Indirect
 * lineage reaches the graph as INFLUENCES.
 */
class StarLocalPipelineIT {

  private static final EnvReader ENV = new EnvReader(Map.of("DEBOUNCE_WINDOW_SECONDS", "0.5"));
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldExpandACrossFileStarLikeLineageParseAndFollowTheDdl(@TempDir Path tmp)
      throws Exception {
    Path root = Files.createDirectories(tmp.resolve("wh"));
    Files.writeString(root.resolve("ddl.sql"), "CREATE TABLE raw.a (x INT, y INT);\n");
    Files.createDirectories(root.resolve("jobs"));
    Files.writeString(root.resolve("jobs/load.sql"), "INSERT INTO mart.b SELECT * FROM raw.a;\n");
    Files.writeString(
        root.resolve("jobs/view.sql"),
        "CREATE VIEW mart.v AS SELECT b.x FROM mart.b b WHERE b.y > 0;\n");

    try (LocalPipeline pipeline =
        LocalPipeline.start(
            new LocalPipeline.Options(root, new LineageHome(tmp.resolve("home")), 0, 0, true),
            ENV,
            StaticFlags.allOn(),
            LineageEngine.defaults(),
            new SimpleMeterRegistry())) {
      assertThat(pipeline.awaitGraphCurrent(Duration.ofSeconds(90), Duration.ofSeconds(30)))
          .isEmpty();
      assertThat(parseEdges(root))
          .containsExactlyInAnyOrder(
              "raw.a.x -> mart.b.x", "raw.a.y -> mart.b.y", "mart.b.x -> mart.v.x");
      awaitGraphEdges(pipeline.driver(), parseEdges(root));
      assertThat(influences(pipeline.driver())).containsExactly("mart.b.y -FILTER-> mart.v.x");

      Files.writeString(root.resolve("ddl.sql"), "CREATE TABLE raw.a (x INT, y INT, z INT);\n");
      awaitGraphEdges(
          pipeline.driver(),
          Set.of(
              "raw.a.x -> mart.b.x",
              "raw.a.y -> mart.b.y",
              "raw.a.z -> mart.b.z",
              "mart.b.x -> mart.v.x"));
      assertThat(graphEdges(pipeline.driver())).isEqualTo(parseEdges(root));

      Files.writeString(root.resolve("ddl.sql"), "CREATE TABLE raw.a (x INT, z INT);\n");
      awaitGraphEdges(
          pipeline.driver(),
          Set.of("raw.a.x -> mart.b.x", "raw.a.z -> mart.b.z", "mart.b.x -> mart.v.x"));
      assertThat(graphEdges(pipeline.driver())).isEqualTo(parseEdges(root));
      assertThat(
              pipeline
                  .driver()
                  .executableQuery("MATCH (c:Column {name: 'raw.a.y'}) RETURN count(c) AS n")
                  .execute()
                  .records()
                  .get(0)
                  .get("n")
                  .asLong())
          .isZero();
    }
  }

  /**
   * The column edges {@code lineage parse --format json} prints for the whole tree, as {@code
   * source -> target}.
   */
  private static Set<String> parseEdges(Path root) throws Exception {
    CliRunner.Run run = CliRunner.lineage("parse", "--format", "json", root.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    Set<String> edges = new TreeSet<>();
    for (String line : run.out().split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      for (JsonNode statement : JSON.readTree(line).get("statements")) {
        for (JsonNode column : statement.get("columns")) {
          for (JsonNode source : column.get("sources")) {
            edges.add(source.asText() + " -> " + column.get("target").asText());
          }
        }
      }
    }
    return edges;
  }

  private static Set<String> graphEdges(Driver driver) {
    Set<String> edges = new TreeSet<>();
    driver
        .executableQuery(
            "MATCH (a:Column)-[:DERIVES]->(b:Column) RETURN a.name + ' -> ' + b.name AS edge")
        .execute()
        .records()
        .forEach(r -> edges.add(r.get("edge").asString()));
    return edges;
  }

  private static Set<String> influences(Driver driver) {
    Set<String> edges = new TreeSet<>();
    driver
        .executableQuery(
            "MATCH (a:Column)-[e:INFLUENCES]->(b:Column) RETURN a.name + ' -' + e.kind + '-> ' + b.name AS edge")
        .execute()
        .records()
        .forEach(r -> edges.add(r.get("edge").asString()));
    return edges;
  }

  private static void awaitGraphEdges(Driver driver, Set<String> expected) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> assertThat(graphEdges(driver)).isEqualTo(new TreeSet<>(expected)));
  }
}
