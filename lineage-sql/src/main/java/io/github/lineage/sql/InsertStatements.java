package io.github.lineage.sql;

import io.github.lineage.core.model.StatementKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.OracleMultiInsertBranch;
import net.sf.jsqlparser.statement.insert.OracleMultiInsertClause;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * INSERT in its forms (docs/design.md §4): INSERT … SELECT/VALUES with or without a column list, ON
 * CONFLICT DO UPDATE, UPSERT, Oracle INSERT ALL/FIRST, and INSERT into a storage path (no target).
 */
final class InsertStatements {

  private InsertStatements() {}

  static StatementKind insert(Insert ins, Analysis a) {
    Ctes ctes = a.with.define(ins.getWithItemsList(), Scope.top(), Ctes.NONE);
    if (ins.isOracleMultiInsert() && ins.getOracleMultiInsertBranches() != null) {
      multiInsert(ins, a, ctes);
      return StatementKind.INSERT;
    }
    if (Paths.isPath(ins.getTable(), a.names.stages())) {
      // Spark INSERT INTO delta.`/path` …: a path, never a table (docs/design.md §4)
      a.queries.query(ins.getSelect(), Scope.top(), ctes);
      return StatementKind.INSERT;
    }
    String target = a.names.table(ins.getTable());
    a.result.write(target);
    Select sel = ins.getSelect();
    List<QueryColumn> excluded = new ArrayList<>();
    if (sel != null) {
      List<QueryColumn> outs = a.queries.query(sel, Scope.top(), ctes);
      Optional<List<String>> cols = targetColumns(a, target, ins.getColumns(), outs);
      a.result.mapOutputs(target, cols, outs);
      for (int i = 0; i < outs.size(); i++) {
        String name =
            cols.isPresent() && i < cols.get().size() ? cols.get().get(i) : outs.get(i).name();
        excluded.add(new QueryColumn(name, outs.get(i).sources()));
      }
    }
    if (ins.getConflictAction() != null && ins.getConflictAction().getUpdateSets() != null) {
      // ON CONFLICT DO UPDATE SET c = excluded.c: the target (and EXCLUDED) are not read tables
      Scope scope = Scope.top();
      Table t = ins.getTable();
      String alias =
          t.getAlias() != null ? a.names.part(t.getAlias().getName()) : Names.last(target);
      scope.add(Relation.target(alias, target));
      scope.add(Relation.output("excluded", excluded));
      SetClause.read(a, target, ins.getConflictAction().getUpdateSets(), scope, ctes);
    }
    return StatementKind.INSERT;
  }

  static StatementKind upsert(Upsert up, Analysis a) {
    String target = a.names.table(up.getTable());
    a.result.write(target);
    if (up.getSelect() != null) {
      List<QueryColumn> outs = a.queries.query(up.getSelect(), Scope.top(), Ctes.NONE);
      a.result.mapOutputs(target, targetColumns(a, target, up.getColumns(), outs), outs);
    }
    return StatementKind.INSERT;
  }

  /**
   * The INSERT's column list; else the target's DDL when it is at least as wide as the query and
   * the query's columns are all known; else empty (the query's own names are used).
   */
  private static Optional<List<String>> targetColumns(
      Analysis a, String target, ExpressionList<Column> declared, List<QueryColumn> outs) {
    if (declared != null && !declared.isEmpty()) {
      return Optional.of(declared.stream().map(a.names::column).toList());
    }
    Optional<List<String>> ddl = a.catalogColumns(target);
    if (ddl.isPresent()
        && QueryColumn.namesOf(outs).isPresent()
        && ddl.get().size() >= outs.size()) {
      return ddl;
    }
    return Optional.empty();
  }

  /**
   * Oracle {@code INSERT ALL|FIRST [WHEN c THEN] INTO t1 (cols) VALUES (…) INTO t2 … SELECT …}:
   * every INTO is a target, mapping its own VALUES (over the SELECT's output columns) onto its own
   * columns; an INTO without VALUES takes the SELECT's columns by position. WHEN conditions give no
   * direct edges: they are indirect FILTER sources of every target.
   */
  private static void multiInsert(Insert ins, Analysis a, Ctes ctes) {
    List<QueryColumn> outs = a.queries.query(ins.getSelect(), Scope.top(), ctes);
    Scope scope = Scope.top();
    scope.add(Relation.output("", outs));
    for (OracleMultiInsertBranch b : ins.getOracleMultiInsertBranches()) {
      if (b.getWhenExpression() != null) {
        a.expressions.indirect(b.getWhenExpression(), scope, ctes, IndirectKind.FILTER);
      }
      for (OracleMultiInsertClause c : b.getClauses()) {
        String target = a.names.table(c.getTable());
        a.result.write(target);
        Optional<List<Expression>> values = rowOf(c.getSelect());
        if (values.isEmpty() || isRowPlaceholder(values.get())) {
          a.result.mapOutputs(target, targetColumns(a, target, c.getColumns(), outs), outs);
          continue;
        }
        List<String> cols =
            c.getColumns() == null
                ? a.catalogColumns(target).orElse(List.of())
                : c.getColumns().stream().map(a.names::column).toList();
        List<Expression> row = values.get();
        for (int i = 0; i < row.size(); i++) {
          Expression v = row.get(i);
          String col =
              i < cols.size() ? cols.get(i) : v instanceof Column vc ? a.names.column(vc) : null;
          if (col != null) {
            a.result.edge(target, col, a.expressions.columnsOf(v, scope, ctes));
          }
        }
      }
    }
  }

  /**
   * {@code VALUES (ROW)}: an INTO that had no VALUES clause ({@link
   * Repairs#multiInsertWithoutValues}).
   */
  private static boolean isRowPlaceholder(List<Expression> row) {
    return row.size() == 1
        && row.get(0) instanceof Column c
        && c.getTable() == null
        && "ROW".equals(c.getColumnName());
  }

  /** The one row of {@code VALUES (…)}; empty when the clause has no VALUES. */
  private static Optional<List<Expression>> rowOf(Select s) {
    if (!(s instanceof Values v) || v.getExpressions() == null) {
      return Optional.empty();
    }
    ExpressionList<?> rows = v.getExpressions();
    List<Expression> out = new ArrayList<>();
    if (rows.size() == 1 && rows.get(0) instanceof ExpressionList<?> inner) {
      inner.forEach(e -> out.add((Expression) e));
    } else {
      rows.forEach(e -> out.add((Expression) e));
    }
    return Optional.of(out);
  }
}
