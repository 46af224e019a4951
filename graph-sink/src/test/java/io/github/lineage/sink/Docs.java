package io.github.lineage.sink;

import io.github.lineage.core.model.ColumnEdge;
import io.github.lineage.core.model.LineageDocument;
import io.github.lineage.core.model.SourceKey;
import io.github.lineage.core.model.StatementLineage;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Small builders of lineage documents for tests. */
final class Docs {

  static final Instant MODIFIED = Instant.parse("2026-11-30T10:15:30Z");

  private Docs() {}

  static LineageDocument doc(String key, String sha, StatementLineage... statements) {
    SourceKey k = SourceKey.parse(key);
    return new LineageDocument(
        LineageDocument.SCHEMA_VERSION,
        key,
        k.source(),
        k.path(),
        sha,
        "test-1",
        MODIFIED,
        Arrays.asList(statements),
        List.of());
  }

  static StatementLineage insert(
      List<String> sources, List<String> targets, ColumnEdge... columns) {
    return new StatementLineage(0, 1, "INSERT", sources, targets, Arrays.asList(columns));
  }

  static ColumnEdge col(String target, String... sources) {
    return new ColumnEdge(target, Arrays.asList(sources));
  }

  static FileState upsert(LineageDocument doc) {
    return FileState.upsert(FileGraph.from(doc.key(), doc, MODIFIED));
  }

  static FileState delete(String key) {
    return FileState.delete(key);
  }
}
