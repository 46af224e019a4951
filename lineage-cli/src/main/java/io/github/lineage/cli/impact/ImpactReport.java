package io.github.lineage.cli.impact;

import java.io.PrintWriter;
import java.util.List;

/**
 * What {@code lineage impact} found: the changed files, the edges the change adds and removes, the
 * tables and columns it removes (renames included), what downstream still reads one of those
 * ({@code broken}: exit status 3), and every downstream table and column the change reaches.
 */
public record ImpactReport(
    String change,
    String source,
    String graph,
    List<FileState> files,
    List<FlowEdge> addedEdges,
    List<FlowEdge> removedEdges,
    List<Removed> removed,
    List<Broken> broken,
    List<Reached> changedNames,
    List<Reached> affectedTables,
    List<Reached> affectedColumns,
    int parseErrors,
    int exitCode) {

  public static final int EXIT_BREAKS_DOWNSTREAM = 3;

  public record FileState(String path, String status) {}

  /**
   * A table or column the before side produced and the after side no longer does, where it was
   * produced.
   */
  public record Removed(String name, String kind, String file, List<Integer> lines) {}

  /** Something that still reads a removed table or column: a downstream table/column, or a file. */
  public record Broken(
      String removed, String kind, String reader, String file, List<Integer> lines) {}

  public record Reached(String name, int distance) {}

  private static String at(String file, List<Integer> lines) {
    String f = file == null ? "(unknown file)" : file;
    return lines == null || lines.isEmpty()
        ? f
        : f + ":" + String.join(",", lines.stream().map(String::valueOf).toList());
  }

  public void printText(PrintWriter out) {
    out.printf("lineage impact of %s (graph: %s)%n", change, graph);
    out.printf(
        "%d changed SQL files%s%n",
        files.size(), parseErrors > 0 ? ", " + parseErrors + " statements did not parse" : "");
    files.forEach(f -> out.printf("  %-8s %s%n", f.status(), f.path()));
    out.printf("edges added (%d):%n", addedEdges.size());
    addedEdges.forEach(
        e ->
            out.printf(
                "  + %s %s -> %s  [%s]%n",
                e.level(), e.source(), e.target(), at(e.file(), e.lines())));
    out.printf("edges removed (%d):%n", removedEdges.size());
    removedEdges.forEach(
        e ->
            out.printf(
                "  - %s %s -> %s  [%s]%n",
                e.level(), e.source(), e.target(), at(e.file(), e.lines())));
    out.printf("removed tables and columns (%d):%n", removed.size());
    removed.forEach(
        r -> out.printf("  %s %s  [was %s]%n", r.kind(), r.name(), at(r.file(), r.lines())));
    out.printf(
        "affected downstream: %d tables, %d columns%n",
        affectedTables.size(), affectedColumns.size());
    affectedTables.forEach(r -> out.printf("  table  %2d  %s%n", r.distance(), r.name()));
    affectedColumns.forEach(r -> out.printf("  column %2d  %s%n", r.distance(), r.name()));
    if (broken.isEmpty()) {
      out.println("nothing downstream reads a removed table or column");
    } else {
      out.printf("BREAKS DOWNSTREAM (%d): still read after the change%n", broken.size());
      broken.forEach(
          b ->
              out.printf(
                  "  %s %s  <- read by %s  [%s]%n",
                  b.kind(), b.removed(), b.reader(), at(b.file(), b.lines())));
    }
  }

  /** For a pull-request comment. */
  public void printMarkdown(PrintWriter out) {
    out.println("### Lineage impact");
    out.println();
    out.printf("`%s` — %d changed SQL files; graph: %s%n", change, files.size(), graph);
    out.println();
    if (broken.isEmpty()) {
      out.println(":white_check_mark: Nothing downstream reads a removed table or column.");
    } else {
      out.printf(":x: **%d downstream reads of removed tables or columns**%n", broken.size());
      out.println();
      out.println("| removed | read by | where |");
      out.println("|---|---|---|");
      broken.forEach(
          b ->
              out.printf(
                  "| %s `%s` | `%s` | `%s` |%n",
                  b.kind(), md(b.removed()), md(b.reader()), md(at(b.file(), b.lines()))));
    }
    out.println();
    out.printf(
        "**Affected downstream:** %d tables, %d columns%n",
        affectedTables.size(), affectedColumns.size());
    if (!affectedTables.isEmpty()) {
      out.println();
      out.println("<details><summary>Tables</summary>");
      out.println();
      affectedTables.forEach(
          r ->
              out.printf(
                  "- `%s` (%d hop%s)%n", md(r.name()), r.distance(), r.distance() == 1 ? "" : "s"));
      out.println();
      out.println("</details>");
    }
    if (!affectedColumns.isEmpty()) {
      out.println();
      out.println("<details><summary>Columns</summary>");
      out.println();
      affectedColumns.forEach(
          r ->
              out.printf(
                  "- `%s` (%d hop%s)%n", md(r.name()), r.distance(), r.distance() == 1 ? "" : "s"));
      out.println();
      out.println("</details>");
    }
    out.println();
    out.printf("**Edges:** %d added, %d removed%n", addedEdges.size(), removedEdges.size());
    if (!addedEdges.isEmpty() || !removedEdges.isEmpty()) {
      out.println();
      out.println("| | level | edge | where |");
      out.println("|---|---|---|---|");
      addedEdges.forEach(
          e ->
              out.printf(
                  "| + | %s | `%s` → `%s` | `%s` |%n",
                  e.level(), md(e.source()), md(e.target()), md(at(e.file(), e.lines()))));
      removedEdges.forEach(
          e ->
              out.printf(
                  "| − | %s | `%s` → `%s` | `%s` |%n",
                  e.level(), md(e.source()), md(e.target()), md(at(e.file(), e.lines()))));
    }
  }

  /** Names may hold any character: keep them from ending a code span or a table cell. */
  private static String md(String s) {
    return s.replace("`", "'").replace("|", "\\|").replace("\n", " ");
  }
}
