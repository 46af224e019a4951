package io.github.lineage.sink;

import java.util.Map;
import java.util.TreeMap;

/** How many nodes per label and relationships per type the graph holds. */
public record GraphCounts(Map<String, Long> nodes, Map<String, Long> relationships) {
  public GraphCounts {
    nodes = java.util.Collections.unmodifiableMap(new TreeMap<>(nodes));
    relationships = java.util.Collections.unmodifiableMap(new TreeMap<>(relationships));
  }

  public long nodes(String label) {
    return nodes.getOrDefault(label, 0L);
  }

  public long relationships(String type) {
    return relationships.getOrDefault(type, 0L);
  }
}
