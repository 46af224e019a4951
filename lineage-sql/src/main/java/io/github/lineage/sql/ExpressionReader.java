package io.github.lineage.sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.AnalyticType;
import net.sf.jsqlparser.expression.AnyComparisonExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.LambdaExpression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * The columns an expression reads (functions, CASE conditions and branches, CAST, aggregate
 * arguments; docs/design.md §4), resolved in a {@link Scope}, and the tables its subqueries read.
 * Three uses: a value ({@link #columnsOf}: direct sources), a clause choosing rows or order ({@link
 * #indirect}), and a condition whose only lineage is its subqueries' tables ({@link
 * #subqueriesOnly}).
 */
final class ExpressionReader {

  /** Names JSqlParser reads as columns that are functions or constants: they give no edge. */
  private static final Set<String> PSEUDO_COLUMNS =
      Set.of(
          "current_timestamp",
          "current_date",
          "current_time",
          "current_user",
          "session_user",
          "user",
          "localtimestamp",
          "localtime",
          "sysdate",
          "systimestamp",
          "getdate",
          "now",
          "true",
          "false",
          "null",
          "rownum",
          "level",
          "sysdatetime",
          "current_role",
          "current_schema",
          "current_catalog");

  private final Analysis a;

  ExpressionReader(Analysis a) {
    this.a = a;
  }

  /**
   * Source columns read by {@code e} (into subqueries too); registers the tables its subqueries
   * read.
   */
  Set<String> columnsOf(Expression e, Scope scope, Ctes ctes) {
    Set<String> out = new LinkedHashSet<>();
    if (e != null) {
      e.accept(new Collector(scope, ctes, out, null), null);
    }
    return out;
  }

  /** Registers the tables read by the subqueries of a condition; its columns give no edges. */
  void subqueriesOnly(Expression e, Scope scope, Ctes ctes) {
    if (e != null) {
      e.accept(new Collector(scope, ctes, null, null), null);
    }
  }

  /**
   * A clause that decides which rows or in what order, not what values, reach the target: the
   * columns it reads (into its subqueries too) are indirect sources of {@code kind}; the tables its
   * subqueries read are sources.
   */
  void indirect(Expression e, Scope scope, Ctes ctes, IndirectKind kind) {
    if (e != null) {
      Set<String> cols = new LinkedHashSet<>();
      e.accept(new Collector(scope, ctes, cols, kind), null);
      a.result.indirect(kind, cols);
    }
  }

  private Set<String> resolve(Column col, Scope scope) {
    String name = a.names.column(col);
    String q = a.names.qualifier(col);
    if (q != null) {
      return scope.resolveQualified(q, name);
    }
    return PSEUDO_COLUMNS.contains(name) ? Set.of() : scope.resolve(name);
  }

  /**
   * The AST walk: JSqlParser's adapter visits every sub-expression; the overrides are where lineage
   * differs.
   */
  private final class Collector extends ExpressionVisitorAdapter<Void> {
    private final Scope scope;
    private final Ctes ctes;
    private final Set<String> out; // null: only walk into subqueries
    private final IndirectKind clause; // the indirect clause being read, null for a value

    Collector(Scope scope, Ctes ctes, Set<String> out, IndirectKind clause) {
      super(null);
      this.scope = scope;
      this.ctes = ctes;
      this.out = out;
      this.clause = clause;
    }

    @Override
    public <S> Void visit(Column column, S context) {
      if (out != null) {
        out.addAll(resolve(column, scope));
      }
      return null;
    }

    @Override
    public <S> Void visit(ParenthesedSelect select, S context) {
      subquery(select);
      return null;
    }

    @Override
    public <S> Void visit(Select select, S context) {
      subquery(select);
      return null;
    }

    /** A subquery in an expression is correlated: it sees the enclosing query's relations. */
    private void subquery(Select select) {
      for (QueryColumn c : a.queries.query(select, scope, ctes)) {
        if (out != null) {
          out.addAll(c.sources());
        }
      }
    }

    @Override
    public <S> Void visit(AnalyticExpression w, S context) {
      // PARTITION BY / ORDER BY of a window add no direct sources: they are indirect (WINDOW,
      // docs/design.md §4); the ORDER BY of an ordered-set aggregate (PERCENTILE_CONT(p) WITHIN
      // GROUP
      // (ORDER BY x)) is its argument.
      accept(w.getExpression());
      boolean withinGroup =
          w.getType() == AnalyticType.WITHIN_GROUP || w.getType() == AnalyticType.WITHIN_GROUP_OVER;
      if (withinGroup && w.getOrderByElements() != null) {
        w.getOrderByElements().forEach(o -> accept(o.getExpression()));
      }
      List<Expression> window = new ArrayList<>();
      if (w.getPartitionExpressionList() != null) {
        for (Object p : w.getPartitionExpressionList()) {
          if (p instanceof Expression pe) {
            window.add(pe);
          }
        }
      }
      if (!withinGroup && w.getOrderByElements() != null) {
        w.getOrderByElements().forEach(o -> window.add(o.getExpression()));
      }
      for (Expression e : window) {
        indirect(e, scope, ctes, IndirectKind.WINDOW);
        if (clause != null && out != null) {
          out.addAll(
              columnsOf(e, scope, ctes)); // QUALIFY ROW_NUMBER() OVER (…) = 1 filters by them too
        }
      }
      accept(w.getOffset());
      accept(w.getDefaultValue());
      if (out == null) {
        accept(w.getFilterExpression());
      }
      return null;
    }

    @Override
    public <S> Void visit(AnyComparisonExpression any, S context) {
      subquery(any.getSelect());
      return null;
    }

    @Override
    public <S> Void visit(AllColumns allColumns, S context) {
      return null; // COUNT(*)
    }

    @Override
    public <S> Void visit(AllTableColumns allColumns, S context) {
      return null;
    }

    @Override
    public <S> Void visit(LambdaExpression lambda, S context) {
      return null;
    }

    private void accept(Expression e) {
      if (e != null) {
        e.accept(this, null);
      }
    }
  }
}
