package io.github.lineage.api;

import java.util.List;
import java.util.Objects;

/**
 * One FEEDS (table) or DERIVES (column) edge: {@code source → target}, created by statements of
 * {@code file} starting at {@code lines} (empty for edges written by a sink older than the lines).
 */
public record LineageEdge(String source, String target, String file, List<Integer> lines) {
  public LineageEdge {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    lines = lines == null ? List.of() : List.copyOf(lines);
  }
}
