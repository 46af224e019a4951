package io.github.lineage.core.model;

import java.util.List;
import java.util.Objects;

/**
 * What the lineage engine extracts from one file: the lineage of its good statements and an error
 * entry for each bad one. This is the object {@code lineage parse --format json} prints per file.
 */
public record FileLineage(
    String path, String sha256, List<StatementLineage> statements, List<StatementError> errors) {
  public FileLineage {
    Objects.requireNonNull(path, "path");
    statements = List.copyOf(statements);
    errors = List.copyOf(errors);
  }
}
