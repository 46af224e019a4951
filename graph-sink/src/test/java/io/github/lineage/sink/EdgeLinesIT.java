package io.github.lineage.sink;

import static io.github.lineage.sink.Docs.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.core.model.LineageDocument;
import io.github.lineage.core.model.SourceKey;
import io.github.lineage.core.model.StatementLineage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * FEEDS and DERIVES carry the first lines of the statements that create them (docs/design.md §5).
 */
class EdgeLinesIT {

  @RegisterExtension static final Neo4jFixture neo4j = new Neo4jFixture();
  private static GraphWriter writer;

  @BeforeAll
  static void start() {
    writer = new GraphWriter(neo4j.driver(), new SinkMetrics(new SimpleMeterRegistry()));
  }

  @BeforeEach
  void clean() {
    GraphSnapshot.clear(neo4j.driver());
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
    return neo4j
        .driver()
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
