package io.github.lineage.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * Lineage of one statement of a file: its 0-based index in the file, its 1-based first line, its
 * kind (the name of a {@link StatementKind}: INSERT, CREATE_TABLE_AS, CREATE_VIEW, MERGE, …; a
 * string on the wire so that any document, older or newer than this reader, decodes), the tables it
 * reads and writes, the direct column edges it creates and, optionally, its indirect column edges
 * (docs/design.md §4). A document without {@code indirect} (written before it existed) decodes with
 * none; an empty list is not written, so documents without indirect lineage keep their old form.
 */
public record StatementLineage(
    int index,
    int line,
    String kind,
    List<String> sources,
    List<String> targets,
    List<ColumnEdge> columns,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Indirect> indirect) {

  /**
   * An indirect column edge: {@code target} (a fully qualified output column) depends on {@code
   * sources} through a clause of {@code kind} — FILTER (WHERE, QUALIFY), JOIN (ON), GROUP_BY (GROUP
   * BY, HAVING), SORT (ORDER BY) or WINDOW (PARTITION BY / ORDER BY of a window), the names of
   * OpenLineage's indirect column-lineage transformation subtypes.
   */
  public record Indirect(String target, List<String> sources, String kind) {
    public Indirect {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(kind, "kind");
      sources = List.copyOf(sources);
    }
  }

  public StatementLineage {
    Objects.requireNonNull(kind, "kind");
    sources = List.copyOf(sources);
    targets = List.copyOf(targets);
    columns = List.copyOf(columns);
    indirect = indirect == null ? List.of() : List.copyOf(indirect);
  }

  /** A statement without indirect column lineage. */
  public StatementLineage(
      int index,
      int line,
      String kind,
      List<String> sources,
      List<String> targets,
      List<ColumnEdge> columns) {
    this(index, line, kind, sources, targets, columns, List.of());
  }
}
