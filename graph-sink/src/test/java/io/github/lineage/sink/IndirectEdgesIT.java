package io.github.lineage.sink;

import static io.github.lineage.sink.Docs.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.core.model.LineageDocument;
import io.github.lineage.core.model.SourceKey;
import io.github.lineage.core.model.StatementLineage;
import io.github.lineage.core.model.StatementLineage.Indirect;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Indirect column lineage is written as INFLUENCES edges of its own (docs/design.md §5), with the
 * clause's kind, owned by the file like DERIVES: an edit replaces them, a delete removes them and
 * the columns only they kept alive.
 */
class IndirectEdgesIT {

  private static final String KEY = "r:a.sql";

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

  private static LineageDocument doc(String sha, List<Indirect> indirect) {
    SourceKey key = SourceKey.parse(KEY);
    StatementLineage statement =
        new StatementLineage(
            0,
            4,
            "INSERT",
            List.of("raw.s", "raw.d"),
            List.of("mart.t"),
            List.of(col("mart.t.x", "raw.s.x")),
            indirect);
    return new LineageDocument(
        LineageDocument.SCHEMA_VERSION,
        KEY,
        key.source(),
        key.path(),
        sha,
        "t",
        Docs.MODIFIED,
        List.of(statement),
        List.of());
  }

  private static List<String> influences() {
    return neo4j
        .driver()
        .executableQuery(
            """
        MATCH (a:Column)-[e:INFLUENCES]->(b:Column)
        RETURN a.name + ' -' + e.kind + '-> ' + b.name + ' [' + e.file + ' ' + reduce(s = '', l IN e.lines | s + toString(l)) + ']' AS edge
        ORDER BY edge""")
        .execute()
        .records()
        .stream()
        .map(r -> r.get("edge").asString())
        .toList();
  }

  private static List<String> derives() {
    return neo4j
        .driver()
        .executableQuery(
            "MATCH (a:Column)-[:DERIVES]->(b:Column) RETURN a.name + ' -> ' + b.name AS edge")
        .execute()
        .records()
        .stream()
        .map(r -> r.get("edge").asString())
        .toList();
  }

  private static List<String> columns() {
    return neo4j
        .driver()
        .executableQuery("MATCH (c:Column) RETURN c.name AS name ORDER BY name")
        .execute()
        .records()
        .stream()
        .map(r -> r.get("name").asString())
        .toList();
  }

  private static final List<Indirect> EVERY_KIND =
      List.of(
          new Indirect("mart.t.x", List.of("raw.s.status"), "FILTER"),
          new Indirect("mart.t.x", List.of("raw.s.id", "raw.d.id"), "JOIN"),
          new Indirect("mart.t.x", List.of("raw.s.region"), "GROUP_BY"),
          new Indirect("mart.t.x", List.of("raw.s.ts"), "SORT"),
          new Indirect("mart.t.x", List.of("raw.s.ts"), "WINDOW"));

  @Test
  void shouldWriteEveryIndirectKindAsAnInfluencesEdgeApartFromDerives() {
    writer.writeBatched(List.of(Docs.upsert(doc("s1", EVERY_KIND))));

    assertThat(influences())
        .containsExactly(
            "raw.d.id -JOIN-> mart.t.x [r:a.sql 4]",
            "raw.s.id -JOIN-> mart.t.x [r:a.sql 4]",
            "raw.s.region -GROUP_BY-> mart.t.x [r:a.sql 4]",
            "raw.s.status -FILTER-> mart.t.x [r:a.sql 4]",
            "raw.s.ts -SORT-> mart.t.x [r:a.sql 4]",
            "raw.s.ts -WINDOW-> mart.t.x [r:a.sql 4]");
    assertThat(derives()).containsExactly("raw.s.x -> mart.t.x");
    assertThat(
            neo4j
                .driver()
                .executableQuery(
                    "MATCH (:Table {name: 'raw.s'})-[:HAS_COLUMN]->(c:Column {name: 'raw.s.status'}) RETURN count(c) AS n")
                .execute()
                .records()
                .get(0)
                .get("n")
                .asLong())
        .isEqualTo(1);
  }

  @Test
  void shouldReplaceTheFilesInfluencesOnEditAndPruneColumnsOnlyTheyHeld() {
    writer.writeBatched(List.of(Docs.upsert(doc("s1", EVERY_KIND))));
    writer.writeBatched(
        List.of(
            Docs.upsert(
                doc("s2", List.of(new Indirect("mart.t.x", List.of("raw.s.status"), "FILTER"))))));

    assertThat(influences()).containsExactly("raw.s.status -FILTER-> mart.t.x [r:a.sql 4]");
    assertThat(columns()).containsExactly("mart.t.x", "raw.s.status", "raw.s.x");
  }

  @Test
  void shouldRemoveTheInfluencesAndTheirColumnsWhenTheFileIsDeleted() {
    writer.writeBatched(List.of(Docs.upsert(doc("s1", EVERY_KIND))));
    writer.writeBatched(List.of(Docs.delete(KEY)));

    assertThat(influences()).isEmpty();
    assertThat(columns()).isEmpty();
    assertThat(
            neo4j
                .driver()
                .executableQuery(
                    "MATCH (n) WHERE NOT n:SinkOffset AND NOT n:SchemaVersion RETURN count(n) AS n")
                .execute()
                .records()
                .get(0)
                .get("n")
                .asLong())
        .isZero();
  }

  @Test
  void shouldWriteTheSameInfluencesOnTheOneByOnePath() {
    writer.writePerEntity(Docs.upsert(doc("s1", EVERY_KIND)), new GraphWriter.Detached());
    assertThat(influences()).hasSize(6);
    writer.writePerEntity(Docs.delete(KEY), new GraphWriter.Detached());
    assertThat(influences()).isEmpty();
    assertThat(columns()).isEmpty();
  }
}
