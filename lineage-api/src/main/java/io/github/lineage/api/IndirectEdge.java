package io.github.lineage.api;

import java.util.List;
import java.util.Objects;

/**
 * One INFLUENCES edge (docs/design.md §5): {@code source} decides which rows reach {@code target}
 * through a clause of {@code kind} (FILTER, JOIN, GROUP_BY, SORT, WINDOW) of statements of {@code
 * file} at {@code lines}.
 */
public record IndirectEdge(
    String source, String target, String kind, String file, List<Integer> lines) {
  public IndirectEdge {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(kind, "kind");
    lines = lines == null ? List.of() : List.copyOf(lines);
  }
}
