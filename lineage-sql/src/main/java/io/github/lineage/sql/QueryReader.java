package io.github.lineage.sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.LateralView;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.Values;

/**
 * A query into its output columns (docs/design.md §4, direct column lineage): plain SELECTs, set
 * operations (column i of every branch feeds output column i), parenthesised queries and VALUES;
 * every physical table read is registered as a source on the way. The clauses that choose rows or
 * order (ON, WHERE, QUALIFY, GROUP BY, HAVING, ORDER BY) are read here as indirect lineage.
 */
final class QueryReader {

  private final Analysis a;

  QueryReader(Analysis a) {
    this.a = a;
  }

  /** The output columns of {@code s}, read inside {@code outer} with {@code ctes} in sight. */
  List<QueryColumn> query(Select s, Scope outer, Ctes ctes) {
    if (s == null) {
      return List.of();
    }
    Ctes inner = a.with.define(s.getWithItemsList(), outer, ctes);
    List<QueryColumn> out;
    if (s instanceof PlainSelect ps) {
      out = plain(ps, outer, inner);
    } else if (s instanceof SetOperationList so) {
      out = setOperation(so, outer, inner);
    } else if (s instanceof ParenthesedSelect p) {
      out = aliased(query(p.getSelect(), outer, inner), p.getAlias());
    } else if (s instanceof Values v) {
      out = values(v, outer, inner);
    } else {
      out = List.of();
    }
    if (s.getOrderByElements() != null && !(s instanceof PlainSelect)) {
      // ORDER BY of a set operation names its output columns
      Scope scope = outer.enter();
      scope.add(Relation.output("", out));
      for (OrderByElement o : s.getOrderByElements()) {
        a.expressions.indirect(o.getExpression(), scope, inner, IndirectKind.SORT);
      }
    }
    return out;
  }

  private List<QueryColumn> plain(PlainSelect ps, Scope outer, Ctes ctes) {
    Scope scope = outer.enter();
    List<Expression> conditions = new ArrayList<>();
    a.from.add(ps.getFromItem(), scope, ctes, conditions);
    if (ps.getJoins() != null) {
      for (Join j : ps.getJoins()) {
        a.from.join(j, scope, ctes, conditions);
      }
    }
    if (ps.getLateralViews() != null) {
      for (LateralView lv : ps.getLateralViews()) {
        a.from.lateralView(lv, scope, ctes);
      }
    }
    List<QueryColumn> out = selectList(ps, scope, ctes);
    for (Expression c : conditions) {
      a.expressions.indirect(
          c, scope, ctes, IndirectKind.JOIN); // every condition the FROM gathered is an ON
    }
    a.expressions.indirect(ps.getWhere(), scope, ctes, IndirectKind.FILTER);
    a.expressions.indirect(ps.getQualify(), scope, ctes, IndirectKind.FILTER);
    a.expressions.indirect(ps.getHaving(), scope, ctes, IndirectKind.GROUP_BY);
    GroupByElement g = ps.getGroupBy();
    if (g != null && g.getGroupByExpressionList() != null) {
      for (Object o : g.getGroupByExpressionList()) {
        if (o instanceof Expression ge) {
          a.expressions.indirect(ge, scope, ctes, IndirectKind.GROUP_BY);
        }
      }
    }
    if (g != null && g.getGroupingSets() != null) {
      for (Object set : g.getGroupingSets()) {
        if (set instanceof Expression ge) {
          a.expressions.indirect(ge, scope, ctes, IndirectKind.GROUP_BY);
        }
      }
    }
    if (ps.getOrderByElements() != null) {
      ps.getOrderByElements()
          .forEach(o -> a.expressions.indirect(o.getExpression(), scope, ctes, IndirectKind.SORT));
    }
    return out;
  }

  /**
   * {@code *} and {@code t.*} expand where the columns are known; an aliased item may be named by a
   * later one.
   */
  private List<QueryColumn> selectList(PlainSelect ps, Scope scope, Ctes ctes) {
    List<QueryColumn> out = new ArrayList<>();
    for (SelectItem<?> item : ps.getSelectItems()) {
      Expression e = item.getExpression();
      if (e instanceof AllTableColumns atc) {
        scope.find(a.names.table(atc.getTable())).ifPresent(r -> out.addAll(r.expand()));
      } else if (e instanceof AllColumns) {
        for (Relation r : scope.relations()) {
          out.addAll(r.expand());
        }
      } else {
        QueryColumn c = new QueryColumn(outputName(item), a.expressions.columnsOf(e, scope, ctes));
        out.add(c);
        if (item.getAlias() != null) {
          scope.aliasSelectItem(c);
        }
      }
    }
    return out;
  }

  private String outputName(SelectItem<?> item) {
    if (item.getAlias() != null) {
      return a.names.part(item.getAlias().getName());
    }
    Expression e = item.getExpression();
    if (e instanceof Column c) {
      return a.names.column(c);
    }
    return String.valueOf(e).toLowerCase(Locale.ROOT);
  }

  private List<QueryColumn> setOperation(SetOperationList so, Scope outer, Ctes ctes) {
    List<QueryColumn> out = null;
    for (Select branch : so.getSelects()) {
      List<QueryColumn> b = query(branch, outer, ctes);
      if (out == null) {
        out = new ArrayList<>();
        for (QueryColumn c : b) {
          out.add(
              new QueryColumn(
                  c.name(),
                  new LinkedHashSet<>(c.sources()))); // own sets: later branches add to them
        }
      } else {
        for (int i = 0; i < Math.min(out.size(), b.size()); i++) {
          out.get(i).sources().addAll(b.get(i).sources());
        }
      }
    }
    return out == null ? List.of() : out;
  }

  /**
   * A VALUES list: columns {@code column1…n} deriving from nothing; subqueries in its rows are
   * read.
   */
  List<QueryColumn> values(Values v, Scope outer, Ctes ctes) {
    Scope scope = outer.enter();
    int width = 0;
    ExpressionList<?> rows = v.getExpressions();
    if (rows != null) {
      for (Object row : rows) {
        if (row instanceof Expression e) {
          a.expressions.subqueriesOnly(e, scope, ctes);
        }
        if (width == 0) {
          width = row instanceof ExpressionList<?> l ? l.size() : 1;
        }
      }
    }
    List<QueryColumn> out = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      out.add(new QueryColumn("column" + (i + 1), Set.of()));
    }
    return aliased(out, v.getAlias());
  }

  /** Applies an alias column list ({@code AS d(a, b)}) to a derived table's columns. */
  List<QueryColumn> aliased(List<QueryColumn> cols, Alias alias) {
    if (alias == null || alias.getAliasColumns() == null || alias.getAliasColumns().isEmpty()) {
      return cols;
    }
    return QueryColumn.rename(
        cols, alias.getAliasColumns().stream().map(c -> a.names.part(c.name)).toList());
  }
}
