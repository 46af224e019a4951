package io.github.lineage.sql;

import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * {@code SET c = e, (d, f) = (SELECT …)} of UPDATE, MERGE's WHEN MATCHED and ON CONFLICT DO UPDATE:
 * each column takes the columns its expression reads, a column list takes a subquery's outputs by
 * position (docs/design.md §4, direct column lineage).
 */
final class SetClause {

  private SetClause() {}

  static void read(Analysis a, String target, List<UpdateSet> sets, Scope scope, Ctes ctes) {
    if (sets == null) {
      return;
    }
    for (UpdateSet us : sets) {
      ExpressionList<Column> cols = us.getColumns();
      ExpressionList<?> vals = us.getValues();
      if (cols == null || vals == null) {
        continue;
      }
      if (cols.size() == vals.size()) {
        for (int i = 0; i < cols.size(); i++) {
          a.result.edge(
              target,
              a.names.column(cols.get(i)),
              a.expressions.columnsOf((Expression) vals.get(i), scope, ctes));
        }
      } else if (vals.size() == 1 && vals.get(0) instanceof Select sub) {
        List<QueryColumn> outs = a.queries.query(sub, scope, ctes);
        for (int i = 0; i < Math.min(cols.size(), outs.size()); i++) {
          a.result.edge(target, a.names.column(cols.get(i)), outs.get(i).sources());
        }
      }
    }
  }
}
