package io.github.lineage.core.model;

import java.util.List;
import java.util.Objects;

/**
 * Lineage of one statement of a file: its 0-based index in the file, its 1-based first line, its
 * kind (INSERT, CREATE_TABLE_AS, CREATE_VIEW, MERGE, UPDATE, SELECT, DELETE, ...), the tables it
 * reads and writes, and the column edges it creates.
 */
public record StatementLineage(
    int index, int line, String kind, List<String> sources, List<String> targets, List<ColumnEdge> columns) {
  public StatementLineage {
    Objects.requireNonNull(kind, "kind");
    sources = List.copyOf(sources);
    targets = List.copyOf(targets);
    columns = List.copyOf(columns);
  }
}
