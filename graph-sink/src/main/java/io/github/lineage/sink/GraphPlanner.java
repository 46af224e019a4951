package io.github.lineage.sink;

import io.github.lineage.sink.GraphAction.DeleteFile;
import io.github.lineage.sink.GraphAction.DetachFile;
import io.github.lineage.sink.GraphAction.MergeColumn;
import io.github.lineage.sink.GraphAction.MergeColumnDerives;
import io.github.lineage.sink.GraphAction.MergeColumnInfluences;
import io.github.lineage.sink.GraphAction.MergeDefines;
import io.github.lineage.sink.GraphAction.MergeFeeds;
import io.github.lineage.sink.GraphAction.MergeReads;
import io.github.lineage.sink.GraphAction.MergeStar;
import io.github.lineage.sink.GraphAction.MergeTable;
import io.github.lineage.sink.GraphAction.MergeWrites;
import io.github.lineage.sink.GraphAction.PruneColumn;
import io.github.lineage.sink.GraphAction.PruneTable;
import io.github.lineage.sink.GraphAction.UpsertFile;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Turns file changes into graph actions. A write has three phases: detach what the files
 * contributed before (which reports the nodes that may have become orphans), merge the new
 * contribution, then prune the candidates nothing references any more.
 */
final class GraphPlanner {

  private GraphPlanner() {}

  /** Phase 1: detach each file's old edges, and delete the File nodes of deleted files. */
  public static List<GraphAction> detach(Collection<FileState> changes) {
    List<GraphAction> actions = new ArrayList<>();
    for (FileState change : changes) {
      actions.add(new DetachFile(change.key()));
      if (change.isDelete()) {
        actions.add(new DeleteFile(change.key()));
      }
    }
    return actions;
  }

  /** Phase 2: nodes first, then edges, each group in name order. */
  public static List<GraphAction> merge(Collection<FileState> changes) {
    List<GraphAction> actions = new ArrayList<>();
    for (FileState change : changes) {
      FileGraph g = change.graph();
      if (g == null) {
        continue;
      }
      actions.add(
          new UpsertFile(g.key(), g.source(), g.path(), g.sha256(), g.updatedAt(), g.errorCount()));
      g.tables().forEach(t -> actions.add(new MergeTable(t)));
      g.columns().forEach(c -> actions.add(MergeColumn.of(c)));
      g.reads().forEach(t -> actions.add(new MergeReads(g.key(), t)));
      g.writes().forEach(t -> actions.add(new MergeWrites(g.key(), t)));
      g.feeds()
          .forEach(
              e -> actions.add(new MergeFeeds(e.source(), e.target(), g.key(), g.linesOfFeed(e))));
      g.derives()
          .forEach(
              e ->
                  actions.add(
                      new MergeColumnDerives(e.source(), e.target(), g.key(), g.linesOfDerive(e))));
      g.defines().forEach((t, columns) -> actions.add(new MergeDefines(g.key(), t, columns)));
      g.stars()
          .keySet()
          .forEach(
              e -> actions.add(new MergeStar(e.source(), e.target(), g.key(), g.linesOfStar(e))));
      g.influences()
          .keySet()
          .forEach(
              e ->
                  actions.add(
                      new MergeColumnInfluences(
                          e.source(), e.target(), e.kind(), g.key(), g.linesOfInfluence(e))));
    }
    return actions;
  }

  /**
   * Phase 2b: the source tables whose star edges must be expanded again (docs/design.md §5): those
   * whose definition a file of the batch changed ({@code detachedDefinitions}, the old ones,
   * against the new), and the sources of the batch's own star edges.
   */
  public static SortedSet<String> starSources(
      Collection<String> detachedDefinitions, Collection<FileState> changes) {
    SortedSet<String> added = new TreeSet<>();
    SortedSet<String> sources = new TreeSet<>();
    for (FileState change : changes) {
      if (change.graph() != null) {
        added.addAll(change.graph().definitions());
        change.graph().stars().keySet().forEach(e -> sources.add(e.source()));
      }
    }
    SortedSet<String> changed = new TreeSet<>(added);
    changed.removeAll(detachedDefinitions);
    SortedSet<String> removed = new TreeSet<>(detachedDefinitions);
    removed.removeAll(added);
    changed.addAll(removed);
    for (String definition : changed) {
      int end = definition.indexOf('\u0000');
      sources.add(end < 0 ? definition : definition.substring(0, end));
    }
    return sources;
  }

  /**
   * Phase 3: prune the detached nodes that the new contributions do not reference again. The tables
   * of candidate columns are candidates too (a table may live only through its columns).
   */
  public static List<GraphAction> prune(
      Collection<String> detachedTables,
      Collection<String> detachedColumns,
      Collection<FileState> changes) {
    SortedSet<String> keptColumns = new TreeSet<>();
    for (FileState change : changes) {
      if (change.graph() != null) {
        keptColumns.addAll(change.graph().columns());
      }
    }
    SortedSet<String> columns = new TreeSet<>(detachedColumns);
    columns.removeAll(keptColumns);
    SortedSet<String> tables = new TreeSet<>(detachedTables);
    for (String column : columns) {
      String table = FileGraph.tableOf(column);
      if (table != null) {
        tables.add(table);
      }
    }
    // Kept tables stay candidates: the prune deletes only a table no edge touches, and a name a new
    // contribution lists may still end up with none (so left out, it would linger as an orphan).
    List<GraphAction> actions = new ArrayList<>();
    columns.forEach(c -> actions.add(new PruneColumn(c)));
    tables.forEach(t -> actions.add(new PruneTable(t)));
    return actions;
  }
}
