package io.github.lineage.cli.impact;

import io.github.lineage.api.Impact;
import io.github.lineage.api.LineageEdge;
import io.github.lineage.cli.impact.FlowEdge.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The lineage the change lands in, in memory: the live graph's edges around the change (or the
 * whole after-tree's) with the changed files' old contributions taken out and their new ones put
 * in.
 */
final class FlowGraph {

  /**
   * A file reading a table, with the lines of the reading statements (empty when the graph has
   * none).
   */
  record Read(String file, String table, List<Integer> lines) {}

  private final List<FlowEdge> edges = new ArrayList<>();
  private final List<Read> reads = new ArrayList<>();

  static FlowGraph of(Collection<FileFacts> facts) {
    FlowGraph graph = new FlowGraph();
    facts.forEach(graph::add);
    return graph;
  }

  /** The part of the live graph an impact answer holds. */
  void addLive(Impact impact) {
    impact.tableEdges().forEach(e -> edges.add(flow(Level.table, e)));
    impact.columnEdges().forEach(e -> edges.add(flow(Level.column, e)));
    for (Impact.ImpactFile f : impact.files()) {
      f.reads().forEach(t -> reads.add(new Read(f.file(), t, List.of())));
    }
  }

  private static FlowEdge flow(Level level, LineageEdge e) {
    return new FlowEdge(level, e.source(), e.target(), e.file(), e.lines());
  }

  void add(FileFacts facts) {
    edges.addAll(facts.edges());
    facts.reads().forEach((table, lines) -> reads.add(new Read(facts.file(), table, lines)));
  }

  void removeFiles(Set<String> keys) {
    edges.removeIf(e -> keys.contains(e.file()));
    reads.removeIf(r -> keys.contains(r.file()));
  }

  /**
   * Everything reachable from {@code seeds} over edges of {@code level}, name → hops (seeds left
   * out).
   */
  Map<String, Integer> downstream(Set<String> seeds, Level level) {
    Map<String, List<FlowEdge>> out = new TreeMap<>();
    edges.stream()
        .filter(e -> e.level() == level)
        .forEach(e -> out.computeIfAbsent(e.source(), k -> new ArrayList<>()).add(e));
    Map<String, Integer> distance = new TreeMap<>();
    Deque<String> queue = new ArrayDeque<>(seeds);
    Map<String, Integer> seen = new TreeMap<>();
    seeds.forEach(s -> seen.put(s, 0));
    while (!queue.isEmpty()) {
      String node = queue.poll();
      for (FlowEdge e : out.getOrDefault(node, List.of())) {
        if (!seen.containsKey(e.target())) {
          seen.put(e.target(), seen.get(node) + 1);
          distance.put(e.target(), seen.get(node) + 1);
          queue.add(e.target());
        }
      }
    }
    return distance;
  }

  /** The edges leaving {@code name} at {@code level}: what still derives from it. */
  List<FlowEdge> from(String name, Level level) {
    return edges.stream().filter(e -> e.level() == level && e.source().equals(name)).toList();
  }

  /** The files reading {@code table}. */
  List<Read> readersOf(String table) {
    return reads.stream().filter(r -> r.table().equals(table)).toList();
  }
}
