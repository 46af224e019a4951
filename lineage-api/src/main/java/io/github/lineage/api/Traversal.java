package io.github.lineage.api;

import java.util.List;

/**
 * An upstream or downstream walk from one table or column: the answer of {@code GET /api/upstream},
 * {@code GET /api/downstream} and of {@code lineage query upstream|downstream --format json}.
 * {@code truncated} says the walk stopped at the result bound before it reached {@code depth}.
 */
public record Traversal(
    String start, String direction, String level, int depth, List<Hop> nodes, List<LineageEdge> edges,
    boolean truncated) {
  public Traversal {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }
}
