package io.github.lineage.sink;

import java.util.List;

/**
 * A table (or column) reached from the start of a lineage query: its distance in hops, the nodes
 * one hop closer to the start it is reached from, and the files whose edges make that hop.
 */
public record LineageHop(String name, int distance, List<String> via, List<String> files) {
  public LineageHop {
    via = List.copyOf(via);
    files = List.copyOf(files);
  }
}
