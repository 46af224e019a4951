package io.github.lineage.api;

import java.util.List;
import java.util.Objects;

/**
 * One node reached by a traversal: its name, its distance in hops from the start, the nodes of the
 * previous hop it was reached from, and the files whose statements create those edges.
 */
public record Hop(String name, int distance, List<String> via, List<String> files) {
  public Hop {
    Objects.requireNonNull(name, "name");
    via = List.copyOf(via);
    files = List.copyOf(files);
  }
}
