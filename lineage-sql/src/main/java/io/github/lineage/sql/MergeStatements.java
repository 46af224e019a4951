package io.github.lineage.sql;

import io.github.lineage.core.model.StatementKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.merge.MergeDelete;
import net.sf.jsqlparser.statement.merge.MergeInsert;
import net.sf.jsqlparser.statement.merge.MergeOperation;
import net.sf.jsqlparser.statement.merge.MergeUpdate;
import net.sf.jsqlparser.statement.select.FromItem;

/**
 * MERGE (docs/design.md §4): the USING item is read; {@code UPDATE SET} and {@code INSERT … VALUES}
 * give the edges (BigQuery's {@code INSERT ROW} by position); ON is an indirect JOIN and the WHEN
 * predicates are indirect FILTERs. SET and the conditions may name the target's columns, INSERT
 * VALUES only the source's.
 */
final class MergeStatements {

  private MergeStatements() {}

  // JSqlParser 5.4 gives a MERGE's USING table either way: the new FromItem or the deprecated
  // field.
  @SuppressWarnings("deprecation")
  static StatementKind read(Merge m, Analysis a) {
    String target = a.names.table(m.getTable());
    a.result.write(target);
    Ctes ctes = a.with.define(m.getWithItemsList(), Scope.top(), Ctes.NONE);
    Scope source = Scope.top();
    FromItem using = m.getFromItem() != null ? m.getFromItem() : m.getUsingTable();
    a.from.add(using, source, ctes, new ArrayList<>());
    Scope both = Scope.top();
    String alias =
        m.getTable().getAlias() != null
            ? a.names.part(m.getTable().getAlias().getName())
            : Names.last(target);
    both.add(Relation.target(alias, target));
    both.addAll(source);
    if (m.getOnCondition() != null) {
      a.expressions.indirect(m.getOnCondition(), both, ctes, IndirectKind.JOIN);
    }
    for (MergeOperation op : operations(m)) {
      // WHEN [NOT] MATCHED AND p and Oracle's WHERE choose rows: indirect FILTER sources
      if (op instanceof MergeUpdate mu) {
        a.expressions.indirect(mu.getAndPredicate(), both, ctes, IndirectKind.FILTER);
        a.expressions.indirect(mu.getWhereCondition(), both, ctes, IndirectKind.FILTER);
        a.expressions.indirect(mu.getDeleteWhereCondition(), both, ctes, IndirectKind.FILTER);
        SetClause.read(a, target, mu.getUpdateSets(), both, ctes);
      } else if (op instanceof MergeInsert mi) {
        a.expressions.indirect(mi.getAndPredicate(), source, ctes, IndirectKind.FILTER);
        a.expressions.indirect(mi.getWhereCondition(), source, ctes, IndirectKind.FILTER);
        insert(mi, a, target, source, ctes);
      } else if (op instanceof MergeDelete md) {
        a.expressions.indirect(md.getAndPredicate(), both, ctes, IndirectKind.FILTER);
      }
    }
    return StatementKind.MERGE;
  }

  /**
   * The WHEN clauses in order; older JSqlParser fields when the statement has no operation list.
   */
  private static List<MergeOperation> operations(Merge m) {
    if (m.getOperations() != null) {
      return m.getOperations();
    }
    List<MergeOperation> ops = new ArrayList<>();
    if (m.getMergeUpdate() != null) {
      ops.add(m.getMergeUpdate());
    }
    if (m.getMergeInsert() != null) {
      ops.add(m.getMergeInsert());
    }
    return ops;
  }

  private static void insert(MergeInsert mi, Analysis a, String target, Scope source, Ctes ctes) {
    if (mi.getColumns() == null && isInsertRow(mi)) {
      insertRow(a, target, source);
    } else if (mi.getColumns() != null && mi.getValues() != null) {
      for (int i = 0; i < Math.min(mi.getColumns().size(), mi.getValues().size()); i++) {
        Set<String> from = a.expressions.columnsOf(mi.getValues().get(i), source, ctes);
        a.result.edge(target, a.names.column(mi.getColumns().get(i)), from);
      }
    }
  }

  /** {@code INSERT VALUES (ROW)}: what {@link Repairs} makes of BigQuery's {@code INSERT ROW}. */
  private static boolean isInsertRow(MergeInsert mi) {
    ExpressionList<?> values = mi.getValues();
    return values != null
        && values.size() == 1
        && values.get(0) instanceof Column c
        && c.getTable() == null
        && "ROW".equals(c.getColumnName());
  }

  /**
   * BigQuery {@code INSERT ROW}: every column of the source row, by position, into the target; by
   * the target's DDL when known, else by the source's column names; an unknown source stays at
   * table-star level ({@code t.* <- s.*}).
   */
  private static void insertRow(Analysis a, String target, Scope source) {
    List<QueryColumn> outs = new ArrayList<>();
    for (Relation r : source.relations()) {
      outs.addAll(r.expand());
    }
    a.result.mapOutputs(target, a.catalogColumns(target), outs);
  }
}
