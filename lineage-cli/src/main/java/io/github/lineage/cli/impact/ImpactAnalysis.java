package io.github.lineage.cli.impact;

import io.github.lineage.api.ApiClient;
import io.github.lineage.api.ApiLimits;
import io.github.lineage.api.LineageAnswers;
import io.github.lineage.api.LineageEdge;
import io.github.lineage.api.LineageReads.Direction;
import io.github.lineage.api.LineageReads.Level;
import io.github.lineage.api.UnknownNameException;
import io.github.lineage.cli.impact.ImpactReport.Broken;
import io.github.lineage.cli.impact.ImpactReport.Reached;
import io.github.lineage.cli.impact.ImpactReport.Removed;
import io.github.lineage.sql.LineageEngine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.neo4j.driver.exceptions.Neo4jException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lineage impact}: both versions of the changed files are parsed with the engine, as {@code
 * lineage parse} does; their edges are compared; the downstream of what they write is taken from
 * the live graph (with the changed files' own old edges replaced by their new ones) when one
 * answers, else from parsing the whole after-tree.
 */
public final class ImpactAnalysis {

  private static final Logger LOG = LoggerFactory.getLogger(ImpactAnalysis.class);

  /** A live graph: the answers and what to call it in the report. */
  public record Live(LineageAnswers answers, String description) {}

  private final LineageEngine engine;

  public ImpactAnalysis(LineageEngine engine) {
    this.engine = engine;
  }

  public ImpactReport analyse(ChangeSet change, String source, Live live) {
    List<ChangedFile> changed = change.changed();
    Map<String, String> beforeFiles = new TreeMap<>();
    Map<String, String> afterFiles = new TreeMap<>();
    List<ImpactReport.FileState> files = new ArrayList<>();
    Set<String> changedKeys = new TreeSet<>();
    for (ChangedFile f : changed) {
      files.add(new ImpactReport.FileState(f.path(), f.status().name()));
      changedKeys.add(source + ":" + f.path());
      if (f.before() != null) {
        beforeFiles.put(f.path(), f.before());
      }
      if (f.after() != null) {
        afterFiles.put(f.path(), f.after());
      }
    }
    Map<String, FileFacts> before = FileFacts.parse(engine, source, beforeFiles);
    Map<String, FileFacts> after = FileFacts.parse(engine, source, afterFiles);
    int errors = after.values().stream().mapToInt(FileFacts::errors).sum();

    Map<String, FlowEdge> beforeEdges = pairs(before.values());
    Map<String, FlowEdge> afterEdges = pairs(after.values());
    List<FlowEdge> added =
        afterEdges.entrySet().stream()
            .filter(e -> !beforeEdges.containsKey(e.getKey()))
            .map(Map.Entry::getValue)
            .toList();
    List<FlowEdge> removedEdges =
        beforeEdges.entrySet().stream()
            .filter(e -> !afterEdges.containsKey(e.getKey()))
            .map(Map.Entry::getValue)
            .toList();

    Map<String, Removed> candidates = new TreeMap<>();
    Set<String> producedAfter = new TreeSet<>();
    after.values().forEach(f -> producedAfter.addAll(f.produced().keySet()));
    Set<String> seeds = new TreeSet<>(producedAfter);
    for (FileFacts f : before.values()) {
      seeds.addAll(f.produced().keySet());
      f.produced()
          .forEach(
              (name, lines) -> {
                if (!producedAfter.contains(name)) {
                  candidates.putIfAbsent(
                      name,
                      new Removed(
                          name,
                          f.columns().containsKey(name) ? "column" : "table",
                          f.file(),
                          lines));
                }
              });
    }

    FlowGraph graph = null;
    String graphDescription;
    Set<String> stillProduced = new TreeSet<>();
    if (live != null) {
      try {
        graph = fromLive(live.answers(), seeds, changedKeys, after.values());
        stillProduced.addAll(producedElsewhere(live.answers(), candidates.values(), changedKeys));
      } catch (ApiClient.Unavailable | Neo4jException e) {
        LOG.warn(
            "the live graph ({}) did not answer, parsing the after-tree instead: {}",
            live.description(),
            e.getMessage());
        graph = null;
        stillProduced.clear();
      }
    }
    if (graph != null) {
      graphDescription = live.description();
    } else {
      Map<String, String> tree = change.afterTree();
      Map<String, FileFacts> all = FileFacts.parse(engine, source, tree);
      graph = FlowGraph.of(all.values());
      all.values()
          .forEach(
              f -> {
                if (!changedKeys.contains(f.file())) {
                  stillProduced.addAll(f.produced().keySet());
                }
              });
      graphDescription = "after-tree parsed (" + tree.size() + " SQL files)";
    }

    List<Removed> removed =
        candidates.values().stream().filter(r -> !stillProduced.contains(r.name())).toList();
    List<Broken> broken = new ArrayList<>();
    for (Removed r : removed) {
      FlowEdge.Level level =
          r.kind().equals("column") ? FlowEdge.Level.column : FlowEdge.Level.table;
      Set<String> readers = new TreeSet<>();
      for (FlowEdge e : graph.from(r.name(), level)) {
        broken.add(new Broken(r.name(), r.kind(), e.target(), e.file(), e.lines()));
        readers.add(e.file());
      }
      if (level == FlowEdge.Level.table) {
        for (FlowGraph.Read read : graph.readersOf(r.name())) {
          if (readers.add(read.file())) {
            broken.add(new Broken(r.name(), r.kind(), read.file(), read.file(), read.lines()));
          }
        }
      }
    }

    Set<String> tableSeeds = new TreeSet<>();
    Set<String> columnSeeds = new TreeSet<>();
    Set<String> columns = columnNames(before.values(), after.values());
    seeds.forEach(s -> (columns.contains(s) ? columnSeeds : tableSeeds).add(s));
    List<Reached> changedNames = seeds.stream().map(s -> new Reached(s, 0)).toList();
    return new ImpactReport(
        change.describe(),
        source,
        graphDescription,
        files,
        added,
        removedEdges,
        removed,
        broken,
        changedNames,
        reached(graph.downstream(tableSeeds, FlowEdge.Level.table), tableSeeds),
        reached(graph.downstream(columnSeeds, FlowEdge.Level.column), columnSeeds),
        errors,
        broken.isEmpty() ? 0 : ImpactReport.EXIT_BREAKS_DOWNSTREAM);
  }

  /**
   * The live graph around the change: downstream of everything the changed files write, before or
   * after.
   */
  private static FlowGraph fromLive(
      LineageAnswers answers,
      Set<String> seeds,
      Set<String> changedKeys,
      Collection<FileFacts> after) {
    FlowGraph graph = new FlowGraph();
    List<String> names = new ArrayList<>(seeds);
    for (int i = 0; i < names.size(); i += ApiLimits.MAX_STARTS) {
      List<String> chunk = names.subList(i, Math.min(names.size(), i + ApiLimits.MAX_STARTS));
      graph.addLive(answers.impact(chunk, ApiLimits.MAX_DEPTH, ApiLimits.MAX_NODES, true));
    }
    // The new edges may reach further than the old ones did: ask for what lies below their targets
    // too.
    Set<String> below = new TreeSet<>();
    after.forEach(f -> f.edges().forEach(e -> below.add(e.target())));
    below.removeAll(seeds);
    List<String> more = new ArrayList<>(below);
    for (int i = 0; i < more.size(); i += ApiLimits.MAX_STARTS) {
      graph.addLive(
          answers.impact(
              more.subList(i, Math.min(more.size(), i + ApiLimits.MAX_STARTS)),
              ApiLimits.MAX_DEPTH,
              ApiLimits.MAX_NODES,
              true));
    }
    graph.removeFiles(changedKeys);
    after.forEach(graph::add);
    return graph;
  }

  /** Of the removal candidates, those another (unchanged) file of the live graph still writes. */
  private static Set<String> producedElsewhere(
      LineageAnswers answers, Collection<Removed> candidates, Set<String> changedKeys) {
    Set<String> produced = new TreeSet<>();
    for (Removed r : candidates) {
      try {
        List<String> writers;
        if (r.kind().equals("table")) {
          writers = answers.files(r.name()).writers();
        } else {
          writers =
              answers
                  .traverse(r.name(), Direction.upstream, Level.column, 1, ApiLimits.MAX_NODES)
                  .edges()
                  .stream()
                  .filter(e -> e.target().equals(r.name()))
                  .map(LineageEdge::file)
                  .toList();
        }
        if (writers.stream().anyMatch(w -> w != null && !changedKeys.contains(w))) {
          produced.add(r.name());
        }
      } catch (UnknownNameException e) {
        // not in the graph at all: nothing else writes it
      }
    }
    return produced;
  }

  private static Map<String, FlowEdge> pairs(Collection<FileFacts> facts) {
    Map<String, FlowEdge> pairs = new LinkedHashMap<>();
    facts.forEach(f -> f.edges().forEach(e -> pairs.putIfAbsent(e.pair(), e)));
    return new TreeMap<>(pairs);
  }

  private static Set<String> columnNames(
      Collection<FileFacts> before, Collection<FileFacts> after) {
    Set<String> columns = new TreeSet<>();
    before.forEach(f -> columns.addAll(f.columns().keySet()));
    after.forEach(f -> columns.addAll(f.columns().keySet()));
    return columns;
  }

  private static List<Reached> reached(Map<String, Integer> distances, Set<String> seeds) {
    List<Reached> reached = new ArrayList<>();
    distances.forEach(
        (name, d) -> {
          if (!seeds.contains(name)) {
            reached.add(new Reached(name, d));
          }
        });
    reached.sort(java.util.Comparator.comparingInt(Reached::distance).thenComparing(Reached::name));
    return reached;
  }
}
