package io.github.lineage.core.model;

import java.util.List;
import java.util.Objects;

/** Column lineage of one target column: {@code target <- sources}, fully qualified names. */
public record ColumnEdge(String target, List<String> sources) {
  public ColumnEdge {
    Objects.requireNonNull(target, "target");
    sources = List.copyOf(sources);
  }
}
