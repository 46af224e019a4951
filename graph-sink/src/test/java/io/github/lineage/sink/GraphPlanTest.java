package io.github.lineage.sink;

import static io.github.lineage.sink.Docs.col;
import static io.github.lineage.sink.Docs.doc;
import static io.github.lineage.sink.Docs.insert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lineage.sink.BatchStrategy.Statement;
import io.github.lineage.sink.GraphAction.MergeColumn;
import io.github.lineage.sink.GraphAction.MergeTable;
import io.github.lineage.sink.GraphStatements.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** File contributions, actions and the Cypher they become, without a database. */
class GraphPlanTest {

  @Test
  void shouldFeedEveryTargetFromEverySourceOfAStatement() {
    FileGraph g =
        Docs.upsert(
                doc(
                    "r:a.sql",
                    "s",
                    insert(List.of("raw.b", "raw.a"), List.of("mart.x", "mart.y")),
                    insert(List.of("mart.x"), List.of("mart.z"))))
            .graph();
    assertThat(g.reads()).containsExactly("mart.x", "raw.a", "raw.b");
    assertThat(g.writes()).containsExactly("mart.x", "mart.y", "mart.z");
    assertThat(g.feeds())
        .containsExactly(
            new Edge("mart.x", "mart.z"),
            new Edge("raw.a", "mart.x"),
            new Edge("raw.a", "mart.y"),
            new Edge("raw.b", "mart.x"),
            new Edge("raw.b", "mart.y"));
  }

  @Test
  void shouldHangColumnsFromTheirTableAndKeepStarColumns() {
    FileGraph g =
        Docs.upsert(
                doc(
                    "r:a.sql",
                    "s",
                    insert(
                        List.of("raw.s"),
                        List.of("db.mart.t"),
                        col("db.mart.t.c", "raw.s.*", "raw.s.a", "unqualified"))))
            .graph();
    assertThat(g.derives())
        .containsExactly(new Edge("raw.s.*", "db.mart.t.c"), new Edge("raw.s.a", "db.mart.t.c"));
    assertThat(g.columns()).containsExactly("db.mart.t.c", "raw.s.*", "raw.s.a");
    assertThat(g.tables()).containsExactly("db.mart.t", "raw.s");
    assertThat(MergeColumn.of("raw.s.*").table()).isEqualTo("raw.s");
  }

  @Test
  void shouldRejectBrokenInvariantsInActionConstructors() {
    assertThatThrownBy(() -> new MergeTable(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MergeColumn("a.b.c", "a"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GraphAction.UpsertFile("k", null, null, "sha", Docs.MODIFIED, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FileGraph.from("no-colon", doc("r:a.sql", "s"), Docs.MODIFIED))
        .isInstanceOf(InvalidDocumentException.class);
  }

  @Test
  void shouldWriteEveryShapeAsParameterisedUnwind() {
    for (Shape shape : Shape.values()) {
      assertThat(shape.cypher()).startsWith("UNWIND $rows AS r");
      assertThat(shape.cypherAfterDetach()).startsWith("UNWIND $rows AS r");
    }
  }

  @Test
  void shouldCreateEdgesOnlyInTheTransactionThatDetachedTheirFiles() {
    List<FileState> changes =
        List.of(Docs.upsert(doc("r:a.sql", "s", insert(List.of("a.t"), List.of("m.t")))));
    List<GraphAction> actions = GraphPlanner.merge(changes);
    Statement batched =
        BatchStrategy.group(actions).stream()
            .filter(s -> s.shape() == Shape.MERGE_FEEDS)
            .findFirst()
            .orElseThrow();
    Statement single =
        actions.stream()
            .filter(a -> a.shape() == Shape.MERGE_FEEDS)
            .map(a -> BatchStrategy.single(a).get(0))
            .findFirst()
            .orElseThrow();
    assertThat(batched.cypher()).contains("CREATE (s)-[:FEEDS");
    assertThat(single.cypher()).contains("MERGE (s)-[e:FEEDS").doesNotContain("CREATE (s)");
  }

  @Test
  void shouldPassAnInjectionTableNameOnlyAsAParameter() {
    String evil = "x}) DETACH DELETE n //";
    List<GraphAction> actions =
        GraphPlanner.merge(
            List.of(Docs.upsert(doc("r:a.sql", "s", insert(List.of(evil), List.of("t"))))));
    for (Statement statement : BatchStrategy.group(actions)) {
      assertThat(statement.cypher()).doesNotContain(evil);
    }
    assertThat(BatchStrategy.group(actions).stream().flatMap(s -> s.rows().stream()))
        .anyMatch(row -> row.containsValue(evil));
  }

  @Test
  void shouldGroupActionsByShapeInPhaseOrderWithSortedDistinctRows() {
    List<FileState> changes =
        List.of(
            Docs.upsert(doc("r:b.sql", "s", insert(List.of("z.t", "a.t"), List.of("m.t")))),
            Docs.upsert(doc("r:a.sql", "s", insert(List.of("a.t"), List.of("m.t")))));
    List<Statement> statements = BatchStrategy.group(GraphPlanner.merge(changes));
    assertThat(statements)
        .extracting(Statement::shape)
        .containsExactly(
            Shape.UPSERT_FILE,
            Shape.MERGE_TABLE,
            Shape.MERGE_READS,
            Shape.MERGE_WRITES,
            Shape.MERGE_FEEDS);
    Statement tables = statements.get(1);
    assertThat(tables.rows()).extracting(r -> r.get("name")).containsExactly("a.t", "m.t", "z.t");
    assertThat(statements.get(0).rows())
        .extracting(r -> r.get("key"))
        .containsExactly("r:a.sql", "r:b.sql");
    assertThat(tables.parameters()).containsOnlyKeys("rows");
  }

  @Test
  void shouldDetachBeforeDeletingAFileAndCheckEveryTouchedTableButOnlyColumnsNoContributionKeeps() {
    List<FileState> changes =
        List.of(
            Docs.delete("r:gone.sql"),
            Docs.upsert(
                doc(
                    "r:a.sql",
                    "s",
                    insert(List.of("raw.kept"), List.of("m.t"), col("m.t.c", "raw.kept.a")))));
    assertThat(BatchStrategy.group(GraphPlanner.detach(changes)))
        .extracting(Statement::shape)
        .containsExactly(Shape.DETACH_FILE, Shape.DELETE_FILE);
    List<GraphAction> prune =
        GraphPlanner.prune(Set.of("raw.kept", "raw.old"), Set.of("raw.kept.a", "old.t.c"), changes);
    List<String> pruned = new ArrayList<>();
    prune.forEach(a -> pruned.add(a.shape() + " " + a.row().get("name")));
    // raw.kept is checked too (the prune deletes a table only when no edge is left on it);
    // raw.kept.a is not, since the new contribution writes it again.
    assertThat(pruned)
        .containsExactly(
            "PRUNE_COLUMN old.t.c",
            "PRUNE_TABLE old.t",
            "PRUNE_TABLE raw.kept",
            "PRUNE_TABLE raw.old");
  }

  @Test
  void shouldKeepTheLastActionWhenTwoShareASortKey() {
    List<GraphAction> actions =
        List.of(
            new GraphAction.UpsertFile("k", "r", "p", "sha-1", Docs.MODIFIED, 0),
            new GraphAction.UpsertFile("k", "r", "p", "sha-2", Docs.MODIFIED, 0));
    List<Map<String, Object>> rows = BatchStrategy.group(actions).get(0).rows();
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0)).containsEntry("sha256", "sha-2");
  }
}
