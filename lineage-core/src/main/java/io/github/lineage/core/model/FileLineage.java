package io.github.lineage.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the lineage engine extracts from one file: the lineage of its good statements, an error
 * entry for each bad one and, optionally, warnings: problems that leave the lineage whole (a dbt
 * macro of a package that is not vendored, rendered as a placeholder). This is the object {@code
 * lineage parse --format json} prints per file. A result without {@code warnings} (written before
 * it existed) decodes with none; an empty list is not written, so results without warnings keep
 * their old form. {@code defines} holds, per table the file's own statements define (a CREATE TABLE
 * column list, a CTAS or view whose output names are known), its columns in order: what the graph
 * sink expands a {@code SELECT *} of another file with (docs/design.md §5). Optional likewise; not
 * printed by {@code lineage parse}.
 */
public record FileLineage(
    String path,
    String sha256,
    List<StatementLineage> statements,
    List<StatementError> errors,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<StatementError> warnings,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, List<String>> defines) {
  public FileLineage {
    Objects.requireNonNull(path, "path");
    statements = List.copyOf(statements);
    errors = List.copyOf(errors);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
    defines = copyDefines(defines);
  }

  /** A result that defines no table columns. */
  public FileLineage(
      String path,
      String sha256,
      List<StatementLineage> statements,
      List<StatementError> errors,
      List<StatementError> warnings) {
    this(path, sha256, statements, errors, warnings, Map.of());
  }

  /** An unmodifiable copy that keeps the order of tables and of their columns. */
  public static Map<String, List<String>> copyDefines(Map<String, List<String>> defines) {
    if (defines == null || defines.isEmpty()) {
      return Map.of();
    }
    Map<String, List<String>> copy = new LinkedHashMap<>();
    defines.forEach((table, columns) -> copy.put(table, List.copyOf(columns)));
    return java.util.Collections.unmodifiableMap(copy);
  }

  /** A result without warnings (what the plain-SQL engine gives). */
  public FileLineage(
      String path, String sha256, List<StatementLineage> statements, List<StatementError> errors) {
    this(path, sha256, statements, errors, List.of(), Map.of());
  }
}
