package io.github.lineage.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * What the lineage engine extracts from one file: the lineage of its good statements, an error
 * entry for each bad one and, optionally, warnings: problems that leave the lineage whole (a dbt
 * macro of a package that is not vendored, rendered as a placeholder). This is the object
 * {@code lineage parse --format json} prints per file. A result without {@code warnings} (written
 * before it existed) decodes with none; an empty list is not written, so results without warnings
 * keep their old form.
 */
public record FileLineage(
    String path,
    String sha256,
    List<StatementLineage> statements,
    List<StatementError> errors,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<StatementError> warnings) {
  public FileLineage {
    Objects.requireNonNull(path, "path");
    statements = List.copyOf(statements);
    errors = List.copyOf(errors);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** A result without warnings (what the plain-SQL engine gives). */
  public FileLineage(String path, String sha256, List<StatementLineage> statements, List<StatementError> errors) {
    this(path, sha256, statements, errors, List.of());
  }
}
