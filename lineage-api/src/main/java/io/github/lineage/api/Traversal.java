package io.github.lineage.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An upstream or downstream walk from one table or column: the answer of {@code GET /api/upstream},
 * {@code GET /api/downstream} and of {@code lineage query upstream|downstream --format json}.
 * {@code truncated} says the walk stopped at the result bound before it reached {@code depth}. At
 * the column level, {@code indirect} holds the INFLUENCES edges into (upstream) or out of
 * (downstream) the start and the columns reached: one hop, never walked further; absent when there
 * are none.
 */
public record Traversal(
    String start,
    String direction,
    String level,
    int depth,
    List<Hop> nodes,
    List<LineageEdge> edges,
    boolean truncated,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<IndirectEdge> indirect) {
  public Traversal {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
    indirect = indirect == null ? List.of() : List.copyOf(indirect);
  }

  /** A walk without indirect edges (the table level). */
  public Traversal(
      String start,
      String direction,
      String level,
      int depth,
      List<Hop> nodes,
      List<LineageEdge> edges,
      boolean truncated) {
    this(start, direction, level, depth, nodes, edges, truncated, List.of());
  }
}
