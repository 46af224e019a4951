package io.github.lineage.sink;

import static io.github.lineage.sink.Docs.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.core.model.ColumnEdge;
import io.github.lineage.core.model.LineageDocument;
import io.github.lineage.core.model.SourceKey;
import io.github.lineage.core.model.StatementLineage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@code SELECT *} the engine could not expand from its own file is kept as a star edge and
 * expanded in the graph from the columns another file defines, following every later change of that
 * definition (docs/design.md §5).
 */
class StarExpansionIT {

  private static final String DDL = "r:ddl.sql";
  private static final String LOAD = "r:load.sql";

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

  private static LineageDocument doc(
      String key, String sha, Map<String, List<String>> defines, StatementLineage... statements) {
    SourceKey k = SourceKey.parse(key);
    return new LineageDocument(
        LineageDocument.SCHEMA_VERSION,
        key,
        k.source(),
        k.path(),
        sha,
        "t",
        Docs.MODIFIED,
        List.of(statements),
        List.of(),
        List.of(),
        defines);
  }

  private static LineageDocument ddl(String sha, String table, String... columns) {
    return doc(
        DDL,
        sha,
        Map.of(table, List.of(columns)),
        new StatementLineage(0, 1, "CREATE_TABLE", List.of(), List.of(table), List.of()));
  }

  private static LineageDocument load(ColumnEdge... columns) {
    return doc(
        LOAD,
        "l1",
        Map.of(),
        new StatementLineage(
            0, 2, "INSERT", List.of("raw.a"), List.of("mart.b"), List.of(columns)));
  }

  private static void write(LineageDocument... docs) {
    for (LineageDocument d : docs) {
      writer.writeBatched(List.of(Docs.upsert(d)));
    }
  }

  private static List<String> derives() {
    return neo4j
        .driver()
        .executableQuery(
            """
        MATCH (a:Column)-[e:DERIVES]->(b:Column)
        RETURN a.name + ' -> ' + b.name + ' [' + e.fileKey + ']' AS edge ORDER BY edge""")
        .execute()
        .records()
        .stream()
        .map(r -> r.get("edge").asString())
        .toList();
  }

  private static List<String> columns() {
    return neo4j
        .driver()
        .executableQuery(
            "MATCH (t:Table)-[:HAS_COLUMN]->(c:Column) RETURN c.name AS name ORDER BY name")
        .execute()
        .records()
        .stream()
        .map(r -> r.get("name").asString())
        .toList();
  }

  @Test
  void shouldExpandAStarFromTheColumnsAnotherFileDefinesWhicheverArrivesFirst() {
    write(load(col("mart.b.*", "raw.a.*")));
    assertThat(derives()).containsExactly("raw.a.* -> mart.b.* [r:load.sql]");

    write(ddl("d1", "raw.a", "x", "y"));
    assertThat(derives())
        .containsExactly("raw.a.x -> mart.b.x [r:load.sql]", "raw.a.y -> mart.b.y [r:load.sql]");
    assertThat(columns()).containsExactly("mart.b.x", "mart.b.y", "raw.a.x", "raw.a.y");
  }

  @Test
  void shouldFollowTheDefinitionWhenAColumnIsAddedOrDropped() {
    write(ddl("d1", "raw.a", "x", "y"), load(col("mart.b.*", "raw.a.*")));
    write(ddl("d2", "raw.a", "x", "y", "z"));
    assertThat(derives())
        .containsExactly(
            "raw.a.x -> mart.b.x [r:load.sql]",
            "raw.a.y -> mart.b.y [r:load.sql]",
            "raw.a.z -> mart.b.z [r:load.sql]");

    write(ddl("d3", "raw.a", "x", "z"));
    assertThat(derives())
        .containsExactly("raw.a.x -> mart.b.x [r:load.sql]", "raw.a.z -> mart.b.z [r:load.sql]");
    assertThat(columns()).containsExactly("mart.b.x", "mart.b.z", "raw.a.x", "raw.a.z");
  }

  @Test
  void shouldMapByPositionWhenTheTargetHasDefinedColumnsToo() {
    write(
        doc(
            DDL,
            "d1",
            Map.of("raw.a", List.of("x", "y"), "mart.b", List.of("p", "q")),
            new StatementLineage(0, 1, "CREATE_TABLE", List.of(), List.of("raw.a"), List.of()),
            new StatementLineage(1, 2, "CREATE_TABLE", List.of(), List.of("mart.b"), List.of())));
    write(load(col("mart.b.*", "raw.a.*")));
    assertThat(derives())
        .containsExactly("raw.a.x -> mart.b.p [r:load.sql]", "raw.a.y -> mart.b.q [r:load.sql]");
  }

  @Test
  void shouldFallBackToTheStarWhenTheDefinitionIsDeletedAndLeaveNothingWhenTheStarIsDeleted() {
    write(
        ddl("d1", "raw.a", "x", "y"), load(col("mart.b.*", "raw.a.*"), col("mart.b.n", "raw.a.n")));
    writer.writeBatched(List.of(Docs.delete(DDL)));
    assertThat(derives())
        .containsExactly("raw.a.* -> mart.b.* [r:load.sql]", "raw.a.n -> mart.b.n [r:load.sql]");
    assertThat(columns()).containsExactly("mart.b.*", "mart.b.n", "raw.a.*", "raw.a.n");

    write(ddl("d1", "raw.a", "x", "y"));
    writer.writeBatched(List.of(Docs.delete(LOAD)));
    assertThat(derives()).isEmpty();
    assertThat(columns()).isEmpty();
    assertThat(
            neo4j
                .driver()
                .executableQuery("MATCH ()-[e:STAR]->() RETURN count(e) AS n")
                .execute()
                .records()
                .get(0)
                .get("n")
                .asLong())
        .isZero();
  }

  @Test
  void shouldExpandTheSameOnTheOneByOnePath() {
    writer.writePerEntity(
        Docs.upsert(load(col("mart.b.*", "raw.a.*"))), new GraphWriter.Detached());
    writer.writePerEntity(Docs.upsert(ddl("d1", "raw.a", "x")), new GraphWriter.Detached());
    assertThat(derives()).containsExactly("raw.a.x -> mart.b.x [r:load.sql]");
    assertThat(columns()).containsExactly("mart.b.x", "raw.a.x");
  }
}
