package io.github.lineage.api;

import java.util.List;

/**
 * What a change to the start tables or columns reaches: every downstream table and column with its
 * distance, the edges that lead there, and the files holding those statements (with their lines) or
 * reading an affected table ({@code GET /api/impact}, {@code lineage query impact}). {@code
 * unknown} lists the start names the graph does not hold, when the request asked to skip them.
 */
public record Impact(
    List<String> starts,
    int depth,
    List<Hop> tables,
    List<Hop> columns,
    List<LineageEdge> tableEdges,
    List<LineageEdge> columnEdges,
    List<ImpactFile> files,
    List<String> unknown,
    boolean truncated) {
  public Impact {
    starts = List.copyOf(starts);
    unknown = unknown == null ? List.of() : List.copyOf(unknown);
    tables = List.copyOf(tables);
    columns = List.copyOf(columns);
    tableEdges = List.copyOf(tableEdges);
    columnEdges = List.copyOf(columnEdges);
    files = List.copyOf(files);
  }

  /**
   * A file touched by the impact: the lines of its statements on the impact's edges, the affected
   * tables and columns those statements write, and the affected (or start) tables it reads.
   */
  public record ImpactFile(
      String file, List<Integer> lines, List<String> writes, List<String> reads) {
    public ImpactFile {
      lines = List.copyOf(lines);
      writes = List.copyOf(writes);
      reads = List.copyOf(reads);
    }
  }
}
