package io.github.lineage.sink;

import io.github.lineage.sink.GraphStatements.Shape;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Groups actions by shape into one {@code UNWIND $rows} statement per shape, in the shapes' phase
 * order, rows distinct and sorted by their sort key (one lock order for every writer).
 */
final class BatchStrategy {

  /**
   * One statement of a batch: its Cypher and its rows; {@code afterDetach} when it runs in the
   * transaction that detached its files first ({@link Shape#cypherAfterDetach}).
   */
  public record Statement(Shape shape, List<Map<String, Object>> rows, boolean afterDetach) {
    public Statement {
      rows = List.copyOf(rows);
      if (rows.isEmpty()) {
        throw new IllegalArgumentException("a statement needs at least one row");
      }
    }

    public String cypher() {
      return afterDetach ? shape.cypherAfterDetach() : shape.cypher();
    }

    public Map<String, Object> parameters() {
      return Map.of(GraphStatements.ROWS, rows);
    }
  }

  private BatchStrategy() {}

  /**
   * The statements of one transaction that detaches the files of {@code actions} before it writes
   * them (the batched path; also a graph that holds none of the files yet).
   */
  public static List<Statement> group(Collection<? extends GraphAction> actions) {
    Map<Shape, TreeMap<String, GraphAction>> byShape = new EnumMap<>(Shape.class);
    for (GraphAction action : actions) {
      // Equal sort keys within a shape are the same entity: keep the last (a later document wins).
      byShape
          .computeIfAbsent(action.shape(), s -> new TreeMap<>(Comparator.naturalOrder()))
          .put(action.sortKey(), action);
    }
    List<Statement> statements = new ArrayList<>();
    byShape.forEach(
        (shape, rows) ->
            statements.add(
                new Statement(shape, rows.values().stream().map(GraphAction::row).toList(), true)));
    return statements;
  }

  /** The baseline: every action its own single-row statement, in the given order. */
  public static List<Statement> single(GraphAction action) {
    // Its own transaction, apart from the detach: a retry after a commit whose answer was lost
    // must not write the edge twice, so the idempotent form.
    return List.of(new Statement(action.shape(), List.of(action.row()), false));
  }
}
