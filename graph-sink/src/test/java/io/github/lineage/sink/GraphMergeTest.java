package io.github.lineage.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lineage.core.model.LineageDocument;
import io.github.lineage.core.model.StatementLineage;
import io.github.lineage.sink.GraphMerge.KeyedDocument;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphMergeTest {

  private static final Instant AT = Instant.parse("2026-12-01T00:00:00Z");

  @Test
  void shouldGiveTheStatementsOfOneSinkBatchForTheDocuments() {
    List<KeyedDocument> documents =
        List.of(document("wh:a.sql", "raw.a", "mart.b"), document("wh:b.sql", "mart.b", "rpt.c"));

    List<GraphMerge.Statement> statements = GraphMerge.of(documents, AT);

    List<BatchStrategy.Statement> sink =
        BatchStrategy.group(
            GraphPlanner.merge(
                documents.stream()
                    .map(d -> FileState.upsert(FileGraph.from(d.key(), d.document(), AT)))
                    .toList()));
    assertThat(statements)
        .extracting(GraphMerge.Statement::cypher)
        .containsExactlyElementsOf(sink.stream().map(BatchStrategy.Statement::cypher).toList());
    assertThat(statements)
        .extracting(GraphMerge.Statement::parameters)
        .containsExactlyElementsOf(sink.stream().map(BatchStrategy.Statement::parameters).toList());
    assertThat(statements.stream().mapToInt(GraphMerge.Statement::rows).sum())
        .isEqualTo(sink.stream().mapToInt(s -> s.rows().size()).sum());
  }

  @Test
  void shouldRefuseADocumentTheSinkWouldRefuse() {
    assertThatThrownBy(() -> GraphMerge.of(List.of(document("wh:a.sql", " ", "t")), AT))
        .isInstanceOf(InvalidDocumentException.class);
  }

  private static KeyedDocument document(String key, String from, String to) {
    return new KeyedDocument(
        key,
        new LineageDocument(
            LineageDocument.SCHEMA_VERSION,
            key,
            "wh",
            key.substring(3),
            "sha",
            "test",
            AT,
            List.of(new StatementLineage(1, 1, "INSERT", List.of(from), List.of(to), List.of())),
            List.of()));
  }
}
