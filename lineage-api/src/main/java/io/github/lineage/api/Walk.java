package io.github.lineage.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.neo4j.driver.Record;

/**
 * A breadth-first walk over one edge type, level by level: each step sends the whole frontier in
 * one parameterised statement, so parallel edges of many files and cycles cost one row per edge,
 * never one per path. Bounded in hops, in nodes and in edges; hitting a node or edge bound stops
 * the walk and marks it truncated.
 */
final class Walk {

  static final Comparator<LineageEdge> EDGE_ORDER =
      Comparator.comparing(LineageEdge::source)
          .thenComparing(LineageEdge::target)
          .thenComparing(e -> e.file() == null ? "" : e.file());

  /**
   * One step: the edges between the frontier and their other ends, at most {@code rows} of them.
   */
  interface Step {
    List<Record> run(List<String> frontier, int rows);
  }

  record Result(List<Hop> hops, List<LineageEdge> edges, boolean truncated) {}

  private Walk() {}

  /**
   * Walks from {@code start}; a step's records carry {@code other} (the node reached), {@code via}
   * (the frontier node), {@code file} and {@code lines}. {@code upstream} orients the edges.
   */
  static Result run(Step step, Set<String> start, int depth, int maxNodes, boolean upstream) {
    Set<String> visited = new HashSet<>(start);
    List<String> frontier = new ArrayList<>(new TreeSet<>(start));
    List<Hop> hops = new ArrayList<>();
    List<LineageEdge> edges = new ArrayList<>();
    boolean truncated = false;
    for (int distance = 1; distance <= depth && !frontier.isEmpty() && !truncated; distance++) {
      int rowsLeft = ApiLimits.MAX_EDGES - edges.size();
      List<Record> records = step.run(frontier, rowsLeft + 1);
      if (records.size() > rowsLeft) {
        truncated = true;
        records = records.subList(0, rowsLeft);
      }
      Map<String, Set<String>> via = new TreeMap<>();
      Map<String, Set<String>> files = new TreeMap<>();
      List<LineageEdge> level = new ArrayList<>();
      for (Record r : records) {
        String other = r.get("other").asString();
        String from = r.get("via").asString();
        String file = r.get("file").isNull() ? null : r.get("file").asString();
        List<Integer> lines =
            r.get("lines").isNull() ? List.of() : r.get("lines").asList(v -> v.asInt());
        level.add(
            upstream
                ? new LineageEdge(other, from, file, lines)
                : new LineageEdge(from, other, file, lines));
        if (!visited.contains(other)) {
          via.computeIfAbsent(other, n -> new TreeSet<>()).add(from);
          if (file != null) {
            files.computeIfAbsent(other, n -> new TreeSet<>()).add(file);
          }
        }
      }
      List<String> next = new ArrayList<>(via.keySet());
      if (hops.size() + next.size() > maxNodes) {
        truncated = true;
        next = next.subList(0, maxNodes - hops.size());
      }
      for (String name : next) {
        hops.add(
            new Hop(
                name,
                distance,
                new ArrayList<>(via.get(name)),
                new ArrayList<>(files.getOrDefault(name, Set.of()))));
      }
      visited.addAll(next);
      Function<LineageEdge, String> otherEnd = upstream ? LineageEdge::source : LineageEdge::target;
      // An edge whose new end was cut by the node bound would point at a node the answer does not
      // hold.
      level.stream().filter(e -> visited.contains(otherEnd.apply(e))).forEach(edges::add);
      frontier = next;
    }
    edges.sort(EDGE_ORDER);
    return new Result(hops, edges, truncated);
  }
}
