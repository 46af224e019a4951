package io.github.lineage.cli.impact;

import io.github.lineage.cli.impact.FlowEdge.Level;
import io.github.lineage.core.model.ColumnEdge;
import io.github.lineage.core.model.FileLineage;
import io.github.lineage.core.model.StatementLineage;
import io.github.lineage.sql.Catalog;
import io.github.lineage.sql.LineageEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one version of one file contributes, as the sink would write it (docs/design.md §5): its
 * FEEDS and DERIVES edges with statement lines, the tables and columns it produces (statement
 * targets, column-lineage targets, columns its DDL declares) and the tables it reads.
 */
record FileFacts(
    String file,
    List<FlowEdge> edges,
    Map<String, List<Integer>> tables,
    Map<String, List<Integer>> columns,
    Map<String, List<Integer>> reads,
    int errors) {

  /** Every table and column the file produces, name → lines. */
  Map<String, List<Integer>> produced() {
    Map<String, List<Integer>> all = new TreeMap<>(tables);
    all.putAll(columns);
    return all;
  }

  /**
   * Parses {@code files} (path → content) with a catalog of their own DDL, as keys {@code
   * source:path}.
   */
  static Map<String, FileFacts> parse(
      LineageEngine engine, String source, Map<String, String> files) {
    Catalog.Builder ddl = Catalog.builder();
    files.values().forEach(content -> engine.learnDdl(content, ddl));
    Catalog catalog = ddl.build();
    Map<String, FileFacts> facts = new TreeMap<>();
    files.forEach(
        (path, content) -> {
          String key = source + ":" + path;
          facts.put(
              key, of(key, engine.extract(path, content, catalog), declared(engine, content)));
        });
    return facts;
  }

  private static Map<String, List<String>> declared(LineageEngine engine, String content) {
    Catalog.Builder own = Catalog.builder();
    engine.learnDdl(content, own);
    return own.build().asMap();
  }

  static FileFacts of(String key, FileLineage lineage, Map<String, List<String>> declaredColumns) {
    Map<String, Set<Integer>> feeds = new TreeMap<>();
    Map<String, Set<Integer>> derives = new TreeMap<>();
    Map<String, Set<Integer>> tables = new TreeMap<>();
    Map<String, Set<Integer>> columns = new TreeMap<>();
    Map<String, Set<Integer>> reads = new TreeMap<>();
    for (StatementLineage s : lineage.statements()) {
      for (String target : s.targets()) {
        tables.computeIfAbsent(target, t -> new TreeSet<>()).add(s.line());
        for (String column : declaredColumns.getOrDefault(target, List.of())) {
          columns.computeIfAbsent(target + "." + column, c -> new TreeSet<>()).add(s.line());
        }
        for (String src : s.sources()) {
          feeds.computeIfAbsent(src + "\n" + target, e -> new TreeSet<>()).add(s.line());
        }
      }
      s.sources().forEach(src -> reads.computeIfAbsent(src, t -> new TreeSet<>()).add(s.line()));
      for (ColumnEdge c : s.columns()) {
        if (!qualified(c.target())) {
          continue;
        }
        columns.computeIfAbsent(c.target(), t -> new TreeSet<>()).add(s.line());
        for (String src : c.sources()) {
          if (qualified(src)) {
            derives.computeIfAbsent(src + "\n" + c.target(), e -> new TreeSet<>()).add(s.line());
          }
        }
      }
    }
    List<FlowEdge> edges = new ArrayList<>();
    feeds.forEach((pair, lines) -> edges.add(edge(Level.table, pair, key, lines)));
    derives.forEach((pair, lines) -> edges.add(edge(Level.column, pair, key, lines)));
    return new FileFacts(
        key, edges, lists(tables), lists(columns), lists(reads), lineage.errors().size());
  }

  /**
   * The sink skips column edges whose names are not {@code table.column} (FileGraph); so does this.
   */
  private static boolean qualified(String column) {
    int dot = column.lastIndexOf('.');
    return dot > 0 && dot < column.length() - 1;
  }

  private static FlowEdge edge(Level level, String pair, String key, Set<Integer> lines) {
    int nl = pair.indexOf('\n');
    return new FlowEdge(
        level, pair.substring(0, nl), pair.substring(nl + 1), key, new ArrayList<>(lines));
  }

  private static Map<String, List<Integer>> lists(Map<String, Set<Integer>> sets) {
    Map<String, List<Integer>> lists = new TreeMap<>();
    sets.forEach((k, v) -> lists.put(k, List.copyOf(v)));
    return lists;
  }
}
