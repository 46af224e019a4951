package io.github.lineage.sink;

import java.util.Comparator;
import java.util.Objects;

/**
 * An indirect column edge: {@code target} depends on {@code source} through a clause of {@code
 * kind} (FILTER, JOIN, GROUP_BY, SORT, WINDOW: docs/design.md §4), ordered for stable lock order.
 */
public record Influence(String source, String target, String kind)
    implements Comparable<Influence> {

  private static final Comparator<Influence> ORDER =
      Comparator.comparing(Influence::source)
          .thenComparing(Influence::target)
          .thenComparing(Influence::kind);

  public Influence {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(kind, "kind");
  }

  @Override
  public int compareTo(Influence other) {
    return ORDER.compare(this, other);
  }
}
