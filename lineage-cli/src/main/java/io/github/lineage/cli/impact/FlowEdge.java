package io.github.lineage.cli.impact;

import java.util.List;

/**
 * A FEEDS ({@code table}) or DERIVES ({@code column}) edge of one file, with its statements' first
 * lines.
 */
public record FlowEdge(
    Level level, String source, String target, String file, List<Integer> lines) {

  public enum Level {
    table,
    column
  }

  public FlowEdge {
    lines = List.copyOf(lines);
  }

  /** The edge as lineage, whichever file holds it. */
  String pair() {
    return level + " " + source + " -> " + target;
  }
}
