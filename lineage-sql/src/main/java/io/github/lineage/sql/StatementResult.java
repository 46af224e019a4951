package io.github.lineage.sql;

import io.github.lineage.core.model.ColumnEdge;
import io.github.lineage.core.model.StatementKind;
import io.github.lineage.core.model.StatementLineage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one statement reads and writes, gathered while its AST is walked, in the order found (the
 * document keeps that order): tables read and written, direct column edges, and the columns its
 * filters, joins, groupings, sorts and windows read (docs/design.md §4).
 */
final class StatementResult {

  private final LinkedHashSet<String> reads = new LinkedHashSet<>();
  private final List<String> writes = new ArrayList<>();
  private final Map<String, LinkedHashSet<String>> edges = new LinkedHashMap<>();
  private final Map<IndirectKind, LinkedHashSet<String>> indirect =
      new EnumMap<>(IndirectKind.class);
  private final LinkedHashSet<String> outputs =
      new LinkedHashSet<>(); // every target column written

  /** A physical table the statement reads. */
  void read(String table) {
    reads.add(table);
  }

  /** Takes back a read: a FROM item that names the statement's own target is no read of it. */
  void unread(String table) {
    reads.remove(table);
  }

  /** A table the statement writes. */
  void write(String table) {
    writes.add(table);
  }

  /** The tables written so far (a multi-table DELETE asks whether its FROM table is one). */
  List<String> writes() {
    return Collections.unmodifiableList(writes);
  }

  /**
   * Adds {@code target.column ← from}; the column counts as written even when a constant feeds it.
   */
  void edge(String target, String column, Set<String> from) {
    String key = target + "." + column;
    outputs.add(key);
    if (from.isEmpty()) {
      return;
    }
    edges.computeIfAbsent(key, k -> new LinkedHashSet<>()).addAll(from);
  }

  /**
   * Maps query output columns onto {@code target}: by position onto {@code targetColumns} when
   * known, else under their own names. An unexpanded {@code *} against several known columns stays
   * at table-star level ({@code t.* ← s.*}): its positions are unknown.
   */
  void mapOutputs(String target, Optional<List<String>> targetColumns, List<QueryColumn> outs) {
    if (targetColumns.isEmpty()) {
      for (QueryColumn c : outs) {
        edge(target, c.name(), c.sources());
      }
      return;
    }
    List<String> cols = targetColumns.get();
    if (outs.size() == 1 && outs.get(0).isStar() && cols.size() > 1) {
      edge(target, QueryColumn.STAR, outs.get(0).sources());
      return;
    }
    for (int i = 0; i < Math.min(cols.size(), outs.size()); i++) {
      edge(target, cols.get(i), outs.get(i).sources());
    }
  }

  /**
   * Columns read by a clause of {@code kind}: indirect sources of every column the statement
   * writes.
   */
  void indirect(IndirectKind kind, Set<String> columns) {
    if (!columns.isEmpty()) {
      indirect.computeIfAbsent(kind, k -> new LinkedHashSet<>()).addAll(columns);
    }
  }

  StatementLineage toLineage(int index, int line, StatementKind kind) {
    List<ColumnEdge> direct = new ArrayList<>(edges.size());
    edges.forEach((t, s) -> direct.add(new ColumnEdge(t, List.copyOf(s))));
    return new StatementLineage(
        index,
        line,
        kind.name(),
        new ArrayList<>(reads),
        List.copyOf(new LinkedHashSet<>(writes)),
        direct,
        indirectEdges());
  }

  /**
   * Every target column the statement writes depends on every column read by its filters, joins,
   * groupings, sorts and windows, kind by kind (the clauses of the queries feeding it, at any
   * depth, and of its own UPDATE/MERGE conditions): statement-wide, as docs/design.md §4 says.
   */
  private List<StatementLineage.Indirect> indirectEdges() {
    List<StatementLineage.Indirect> out = new ArrayList<>();
    if (indirect.isEmpty()) {
      return out;
    }
    for (String target : outputs) {
      indirect.forEach(
          (kind, cols) ->
              out.add(new StatementLineage.Indirect(target, List.copyOf(cols), kind.name())));
    }
    return out;
  }
}
