package io.github.lineage.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Objects;

/**
 * The current parse result of one file, the value on the compacted {@code lineage.documents}
 * topic (a tombstone means the file was deleted). Replaying the topic rebuilds the whole graph.
 */
public record LineageDocument(
    int schemaVersion,
    String key,
    String source,
    String path,
    String sha256,
    String parserVersion,
    java.time.Instant modifiedAt,
    List<StatementLineage> statements,
    List<StatementError> errors) {

  public static final int SCHEMA_VERSION = 1;

  public LineageDocument {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(parserVersion, "parserVersion");
    statements = List.copyOf(statements == null ? List.of() : statements);
    errors = List.copyOf(errors == null ? List.of() : errors);
  }

  public static LineageDocument of(ChangeEvent event, String parserVersion, FileLineage lineage) {
    return new LineageDocument(
        SCHEMA_VERSION,
        event.key(),
        event.source(),
        event.path(),
        event.sha256(),
        parserVersion,
        event.modifiedAt(),
        lineage.statements(),
        lineage.errors());
  }

  @JsonIgnore
  public int errorCount() {
    return errors.size();
  }
}
