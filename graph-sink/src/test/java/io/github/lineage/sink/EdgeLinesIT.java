package io.github.lineage.sink;

import static io.github.lineage.sink.Docs.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.core.model.LineageDocument;
import io.github.lineage.core.model.SourceKey;
import io.github.lineage.core.model.StatementLineage;
import io.github.lineage.local.EmbeddedNeo4j;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Driver;

/**
 * FEEDS and DERIVES carry the first lines of the statements that create them (docs/design.md §5).
 */
class EdgeLinesIT {

  private static EmbeddedNeo4j neo4j;
  private static Driver driver;
  private static GraphWriter writer;

  @BeforeAll
  static void start() {
    neo4j = EmbeddedNeo4j.startTemporary();
    driver = Neo4jTestSupport.driver(neo4j);
    GraphSchema.ensure(driver);
    writer = new GraphWriter(driver, new SinkMetrics(new SimpleMeterRegistry()));
  }

  @AfterAll
  static void stop() {
    driver.close();
    neo4j.close();
  }

  @BeforeEach
  void clean() {
    GraphSnapshot.clear(driver);
  }

  private static LineageDocument doc(String sha, StatementLineage... statements) {
    SourceKey key = SourceKey.parse("r:a.sql");
    return new LineageDocument(
        LineageDocument.SCHEMA_VERSION,
        key.toString(),
        key.source(),
        key.path(),
        sha,
        "t",
        Docs.MODIFIED,
        List.of(statements),
        List.of());
  }

  private static StatementLineage statement(
      int index,
      int line,
      String source,
      String target,
      io.github.lineage.core.model.ColumnEdge... columns) {
    return new StatementLineage(
        index, line, "INSERT", List.of(source), List.of(target), List.of(columns));
  }

  private static List<Object> lines(String cypher) {
    return driver
        .executableQuery(cypher)
        .execute()
        .records()
        .get(0)
        .get("lines")
        .asList(v -> v.isNull() ? null : v.asObject());
  }

  @Test
  void shouldKeepTheLineOfEveryStatementThatCreatesAnEdgeAndReplaceThemOnEdit() {
    writer.writeBatched(
        List.of(
            Docs.upsert(
                doc(
                    "s1",
                    statement(0, 3, "raw.s", "mart.t", col("mart.t.x", "raw.s.x")),
                    statement(1, 9, "raw.s", "mart.t", col("mart.t.x", "raw.s.x"))))));
    assertThat(
            lines(
                "MATCH (:Table {name: 'raw.s'})-[e:FEEDS]->(:Table {name: 'mart.t'}) RETURN e.lines AS lines"))
        .containsExactly(3L, 9L);
    assertThat(
            lines(
                "MATCH (:Column {name: 'raw.s.x'})-[e:DERIVES]->(:Column {name: 'mart.t.x'}) RETURN e.lines AS lines"))
        .containsExactly(3L, 9L);

    writer.writeBatched(
        List.of(
            Docs.upsert(
                doc("s2", statement(0, 12, "raw.s", "mart.t", col("mart.t.x", "raw.s.x"))))));
    assertThat(
            lines(
                "MATCH (:Table {name: 'raw.s'})-[e:FEEDS]->(:Table {name: 'mart.t'}) RETURN e.lines AS lines"))
        .containsExactly(12L);
  }

  @Test
  void shouldWriteTheSameLinesOnTheOneByOnePath() {
    writer.writePerEntity(
        Docs.upsert(doc("s1", statement(0, 5, "raw.s", "mart.t"))), new GraphWriter.Detached());
    assertThat(
            lines(
                "MATCH (:Table {name: 'raw.s'})-[e:FEEDS]->(:Table {name: 'mart.t'}) RETURN e.lines AS lines"))
        .containsExactly(5L);
  }
}
