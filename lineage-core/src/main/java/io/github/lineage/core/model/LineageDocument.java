package io.github.lineage.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The current parse result of one file, the value on the compacted {@code lineage.documents} topic
 * (a tombstone means the file was deleted). Replaying the topic rebuilds the whole graph. {@code
 * warnings} are problems that leave the lineage whole (docs/dbt.md): optional, so a document
 * written before the field existed decodes with none, and an empty list is not written. {@code
 * defines}, optional likewise: the columns, in order, of the tables the file's own statements
 * define ({@link FileLineage}), which the sink expands other files' {@code SELECT *} with
 * (docs/design.md §5).
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
    List<StatementError> errors,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<StatementError> warnings,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, List<String>> defines) {

  public static final int SCHEMA_VERSION = 1;

  public LineageDocument {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(parserVersion, "parserVersion");
    statements = List.copyOf(statements == null ? List.of() : statements);
    errors = List.copyOf(errors == null ? List.of() : errors);
    warnings = List.copyOf(warnings == null ? List.of() : warnings);
    defines = FileLineage.copyDefines(defines);
  }

  /** A document that defines no table columns. */
  public LineageDocument(
      int schemaVersion,
      String key,
      String source,
      String path,
      String sha256,
      String parserVersion,
      java.time.Instant modifiedAt,
      List<StatementLineage> statements,
      List<StatementError> errors,
      List<StatementError> warnings) {
    this(
        schemaVersion,
        key,
        source,
        path,
        sha256,
        parserVersion,
        modifiedAt,
        statements,
        errors,
        warnings,
        Map.of());
  }

  /** A document without warnings. */
  public LineageDocument(
      int schemaVersion,
      String key,
      String source,
      String path,
      String sha256,
      String parserVersion,
      java.time.Instant modifiedAt,
      List<StatementLineage> statements,
      List<StatementError> errors) {
    this(
        schemaVersion,
        key,
        source,
        path,
        sha256,
        parserVersion,
        modifiedAt,
        statements,
        errors,
        List.of(),
        Map.of());
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
        lineage.errors(),
        lineage.warnings(),
        lineage.defines());
  }

  @JsonIgnore
  public int errorCount() {
    return errors.size();
  }
}
