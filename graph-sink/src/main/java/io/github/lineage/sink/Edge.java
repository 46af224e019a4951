package io.github.lineage.sink;

import java.util.Comparator;
import java.util.Objects;

/** A directed pair of names (table → table, column → column), ordered for stable lock order. */
public record Edge(String source, String target) implements Comparable<Edge> {

  private static final Comparator<Edge> ORDER =
      Comparator.comparing(Edge::source).thenComparing(Edge::target);

  public Edge {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
  }

  @Override
  public int compareTo(Edge other) {
    return ORDER.compare(this, other);
  }
}
