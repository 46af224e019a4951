package io.github.lineage.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.LateralSubSelect;
import net.sf.jsqlparser.statement.select.LateralView;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.Values;

/**
 * FROM items into the {@link Relation}s of a scope (docs/design.md §4, sources): a table is a
 * source unless its name is a CTE's or a storage path; CTEs, derived tables, table functions and
 * VALUES lists are never sources, what they read is. ON conditions are handed back to the caller,
 * which reads them as indirect JOIN lineage (or, for DELETE, for their subqueries only).
 */
final class FromReader {

  private final Analysis a;

  FromReader(Analysis a) {
    this.a = a;
  }

  /**
   * Adds the relation(s) of {@code fi} to {@code scope}; ON conditions inside it go to {@code
   * conditions}.
   */
  void add(FromItem fi, Scope scope, Ctes ctes, List<Expression> conditions) {
    if (fi == null) {
      return;
    }
    if (fi instanceof Table t) {
      table(t, scope, ctes);
    } else if (fi instanceof LateralSubSelect ls) {
      // LATERAL sees the FROM items before it
      List<QueryColumn> cols = a.queries.query(ls.getSelect(), scope, ctes);
      scope.add(
          Relation.derived(
              Relation.Kind.SUBQUERY, aliasOf(fi), a.queries.aliased(cols, ls.getAlias())));
    } else if (fi instanceof ParenthesedSelect p) {
      List<QueryColumn> cols = a.queries.query(p.getSelect(), scope.leave(), ctes);
      scope.add(
          Relation.derived(
              Relation.Kind.SUBQUERY, aliasOf(fi), a.queries.aliased(cols, p.getAlias())));
    } else if (fi instanceof ParenthesedFromItem pf) {
      add(pf.getFromItem(), scope, ctes, conditions);
      if (pf.getJoins() != null) {
        for (Join j : pf.getJoins()) {
          join(j, scope, ctes, conditions);
        }
      }
    } else if (fi instanceof TableFunction tf) {
      function(tf, scope, ctes);
    } else if (fi instanceof Values v) {
      scope.add(
          Relation.derived(Relation.Kind.SUBQUERY, aliasOf(fi), a.queries.values(v, scope, ctes)));
    } else if (fi instanceof Select s) {
      scope.add(
          Relation.derived(
              Relation.Kind.SUBQUERY, aliasOf(fi), a.queries.query(s, scope.leave(), ctes)));
    }
  }

  /** The right item of a join, and its ON condition into {@code conditions}. */
  void join(Join j, Scope scope, Ctes ctes, List<Expression> conditions) {
    add(j.getFromItem(), scope, ctes, conditions);
    if (j.getOnExpressions() != null) {
      conditions.addAll(j.getOnExpressions());
    }
  }

  /**
   * Hive's {@code LATERAL VIEW explode(x) v AS c}: the columns of the alias derive from the
   * generator's.
   */
  void lateralView(LateralView lv, Scope scope, Ctes ctes) {
    Set<String> from = a.expressions.columnsOf(lv.getGeneratorFunction(), scope, ctes);
    String alias = lv.getTableAlias() == null ? "" : a.names.part(lv.getTableAlias().getName());
    List<QueryColumn> cols = new ArrayList<>();
    if (lv.getColumnAlias() != null) {
      Alias ca = lv.getColumnAlias();
      if (ca.getAliasColumns() != null && !ca.getAliasColumns().isEmpty()) {
        ca.getAliasColumns().forEach(c -> cols.add(new QueryColumn(a.names.part(c.name), from)));
      } else {
        cols.add(new QueryColumn(a.names.part(ca.getName()), from));
      }
    }
    scope.add(Relation.derived(Relation.Kind.LATERAL_VIEW, alias, cols));
  }

  private void table(Table t, Scope scope, Ctes ctes) {
    if (Paths.isPath(t, a.names.stages())) {
      // parquet.`/path`, a stage: read, but never a table (docs/design.md §4); its columns are
      // unknown
      scope.add(Relation.path(t.getAlias() != null ? a.names.part(t.getAlias().getName()) : ""));
      return;
    }
    String name = a.names.table(t);
    String alias = t.getAlias() != null ? a.names.part(t.getAlias().getName()) : Names.last(name);
    Optional<List<QueryColumn>> cte = name.indexOf('.') < 0 ? ctes.find(name) : Optional.empty();
    if (cte.isPresent()) {
      scope.add(
          Relation.derived(Relation.Kind.CTE, alias, a.queries.aliased(cte.get(), t.getAlias())));
      return;
    }
    if (name.isEmpty()) {
      return;
    }
    a.result.read(name);
    Optional<List<QueryColumn>> cols =
        a.catalogColumns(name)
            .map(cs -> cs.stream().map(c -> new QueryColumn(c, Set.of(name + "." + c))).toList());
    scope.add(Relation.table(alias, name, cols));
  }

  /** UNNEST, FLATTEN, generate_series…: never a source; its columns derive from its arguments. */
  private void function(TableFunction tf, Scope scope, Ctes ctes) {
    Set<String> from = a.expressions.columnsOf(tf.getFunction(), scope, ctes);
    String alias = aliasOf(tf);
    List<QueryColumn> cols = new ArrayList<>();
    Alias al = tf.getAlias();
    if (al != null && al.getAliasColumns() != null && !al.getAliasColumns().isEmpty()) {
      al.getAliasColumns().forEach(c -> cols.add(new QueryColumn(a.names.part(c.name), from)));
    } else if (!alias.isEmpty()) {
      cols.add(new QueryColumn(alias, from)); // BigQuery: UNNEST(x) AS v makes v a value
    }
    scope.add(Relation.function(alias, cols, from));
  }

  private String aliasOf(FromItem fi) {
    Alias al = fi.getAlias();
    return al == null ? "" : a.names.part(al.getName());
  }
}
