package io.github.lineage.sql;

import io.github.lineage.core.model.ColumnEdge;
import io.github.lineage.core.model.StatementLineage;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.LambdaExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.LateralSubSelect;
import net.sf.jsqlparser.statement.select.LateralView;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * Table and column lineage of queries: walks a JSqlParser AST with explicit scopes (FROM items of
 * one SELECT, enclosing scopes for correlated subqueries, CTE definitions). One instance per
 * statement; not thread-safe.
 *
 * <p>Column resolution rule: a qualified column resolves through the FROM item with that alias or
 * table name. An unqualified one resolves to the FROM item known (catalog, CTE or derived table
 * columns) to have it; otherwise to an earlier SELECT-list alias (lateral alias reference);
 * otherwise to the only FROM item whose columns are unknown. With several such items and no catalog
 * it is ambiguous and gives no edge (we pick by qualifier only, never by guess).
 */
final class StatementAnalyzer {

  /** An output column of a query: its name and the physical columns it derives from. */
  record Col(String name, Set<String> sources) {}

  /** A FROM item as its SELECT sees it. */
  static final class Rel {
    final String alias; // how the SELECT refers to it
    final String table; // physical table name, null for derived tables, CTEs and functions
    final List<Col> cols; // known output columns, null if unknown
    final Set<String> fixed; // a table function: every column of it derives from its arguments

    Rel(String alias, String table, List<Col> cols, Set<String> fixed) {
      this.alias = alias;
      this.table = table;
      this.cols = cols;
      this.fixed = fixed;
    }

    boolean matches(String q) {
      if (q.equals(alias) || q.equals(table)) {
        return true;
      }
      return table != null && (table.endsWith("." + q) || q.endsWith("." + table));
    }
  }

  static final class Scope {
    final Scope parent;
    final List<Rel> rels = new ArrayList<>();
    final Map<String, Col> selectAliases = new HashMap<>();

    Scope(Scope parent) {
      this.parent = parent;
    }
  }

  /** CTE definitions visible at a point, innermost first. */
  record Ctes(Ctes parent, Map<String, List<Col>> defs) {
    List<Col> find(String name) {
      for (Ctes c = this; c != null; c = c.parent) {
        List<Col> d = c.defs.get(name);
        if (d != null) {
          return d;
        }
      }
      return null;
    }
  }

  private static final Set<String> PSEUDO_COLUMNS =
      Set.of(
          "current_timestamp", "current_date", "current_time", "current_user", "session_user", "user",
          "localtimestamp", "localtime", "sysdate", "systimestamp", "getdate", "now", "true", "false", "null",
          "rownum", "level", "sysdatetime", "current_role", "current_schema", "current_catalog");

  private final Names names;
  private final Catalog.Builder catalog;
  final LinkedHashSet<String> sources = new LinkedHashSet<>();
  private final Map<String, LinkedHashSet<String>> edges = new LinkedHashMap<>();

  /** Clause kinds of indirect column lineage (docs/design.md §4), in report order. */
  enum Indirect { FILTER, JOIN, GROUP_BY, SORT, WINDOW }

  private final Map<Indirect, LinkedHashSet<String>> indirect = new EnumMap<>(Indirect.class);
  private final LinkedHashSet<String> outputs = new LinkedHashSet<>(); // every target column written

  StatementAnalyzer(Names names, Catalog.Builder catalog) {
    this.names = names;
    this.catalog = catalog;
  }

  Names names() {
    return names;
  }

  Optional<List<String>> catalogColumns(String table) {
    return catalog.columns(table);
  }

  // ---------------------------------------------------------------- queries

  /** The output columns of {@code s}; registers every physical table it reads as a source. */
  List<Col> query(Select s, Scope outer, Ctes ctes) {
    if (s == null) {
      return List.of();
    }
    Ctes inner = withItems(s.getWithItemsList(), outer, ctes);
    List<Col> out;
    if (s instanceof PlainSelect ps) {
      out = plain(ps, outer, inner);
    } else if (s instanceof SetOperationList so) {
      out = setOperation(so, outer, inner);
    } else if (s instanceof ParenthesedSelect p) {
      out = query(p.getSelect(), outer, inner);
      out = renamed(out, p.getAlias());
    } else if (s instanceof Values v) {
      out = values(v, outer, inner);
    } else {
      out = List.of();
    }
    if (s.getOrderByElements() != null && !(s instanceof PlainSelect)) {
      // ORDER BY of a set operation names its output columns
      Scope scope = new Scope(outer);
      scope.rels.add(new Rel("", null, out, null));
      for (OrderByElement o : s.getOrderByElements()) {
        indirect(o.getExpression(), scope, inner, Indirect.SORT);
      }
    }
    return out;
  }

  Ctes withItems(List<WithItem<?>> items, Scope outer, Ctes ctes) {
    if (items == null || items.isEmpty()) {
      return ctes;
    }
    boolean recursive = items.stream().anyMatch(WithItem::isRecursive);
    Map<String, List<Col>> defs = new HashMap<>();
    Ctes scope = new Ctes(ctes, defs);
    for (WithItem<?> wi : items) {
      String name = names.part(wi.getAliasName());
      ParenthesedSelect body = wi.getSelect();
      List<String> declared = declaredColumns(wi);
      if (body == null) {
        defs.put(name, declared == null ? null : declared.stream().map(c -> new Col(c, Set.of())).toList());
        continue;
      }
      if (recursive) {
        // a provisional definition so the recursive branch resolves; a second pass picks up what
        // the first pass learned about the CTE's own columns
        defs.put(name, declared == null ? List.of() : declared.stream().map(c -> new Col(c, Set.of())).toList());
        defs.put(name, rename(query(body, outer, scope), declared));
      }
      defs.put(name, rename(query(body, outer, scope), declared));
    }
    return scope;
  }

  private List<String> declaredColumns(WithItem<?> wi) {
    List<SelectItem<?>> list = wi.getWithItemList();
    if (list == null || list.isEmpty()) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (SelectItem<?> si : list) {
      Expression e = si.getExpression();
      out.add(e instanceof Column c ? names.column(c) : names.part(String.valueOf(e)));
    }
    return out;
  }

  private List<Col> plain(PlainSelect ps, Scope outer, Ctes ctes) {
    Scope scope = new Scope(outer);
    List<Expression> conditions = new ArrayList<>();
    addFrom(ps.getFromItem(), scope, ctes, conditions);
    if (ps.getJoins() != null) {
      for (Join j : ps.getJoins()) {
        addJoin(j, scope, ctes, conditions);
      }
    }
    if (ps.getLateralViews() != null) {
      for (LateralView lv : ps.getLateralViews()) {
        Set<String> from = columnsOf(lv.getGeneratorFunction(), scope, ctes);
        String alias = lv.getTableAlias() == null ? "" : names.part(lv.getTableAlias().getName());
        List<Col> cols = new ArrayList<>();
        if (lv.getColumnAlias() != null) {
          Alias ca = lv.getColumnAlias();
          if (ca.getAliasColumns() != null && !ca.getAliasColumns().isEmpty()) {
            ca.getAliasColumns().forEach(c -> cols.add(new Col(names.part(c.name), from)));
          } else {
            cols.add(new Col(names.part(ca.getName()), from));
          }
        }
        scope.rels.add(new Rel(alias, null, cols, null));
      }
    }
    List<Col> out = new ArrayList<>();
    for (SelectItem<?> item : ps.getSelectItems()) {
      Expression e = item.getExpression();
      if (e instanceof AllTableColumns atc) {
        Rel r = findRel(scope, names.table(atc.getTable()));
        if (r != null) {
          out.addAll(expand(r));
        }
      } else if (e instanceof AllColumns) {
        for (Rel r : scope.rels) {
          out.addAll(expand(r));
        }
      } else {
        Col c = new Col(outputName(item), columnsOf(e, scope, ctes));
        out.add(c);
        if (item.getAlias() != null) {
          scope.selectAliases.putIfAbsent(c.name, c);
        }
      }
    }
    for (Expression c : conditions) {
      indirect(c, scope, ctes, Indirect.JOIN); // every condition addFrom and addJoin gathered is an ON
    }
    indirect(ps.getWhere(), scope, ctes, Indirect.FILTER);
    indirect(ps.getQualify(), scope, ctes, Indirect.FILTER);
    indirect(ps.getHaving(), scope, ctes, Indirect.GROUP_BY);
    GroupByElement g = ps.getGroupBy();
    if (g != null && g.getGroupByExpressionList() != null) {
      for (Object o : g.getGroupByExpressionList()) {
        if (o instanceof Expression ge) {
          indirect(ge, scope, ctes, Indirect.GROUP_BY);
        }
      }
    }
    if (g != null && g.getGroupingSets() != null) {
      for (Object set : g.getGroupingSets()) {
        if (set instanceof Expression ge) {
          indirect(ge, scope, ctes, Indirect.GROUP_BY);
        }
      }
    }
    if (ps.getOrderByElements() != null) {
      ps.getOrderByElements().forEach(o -> indirect(o.getExpression(), scope, ctes, Indirect.SORT));
    }
    return out;
  }

  private String outputName(SelectItem<?> item) {
    if (item.getAlias() != null) {
      return names.part(item.getAlias().getName());
    }
    Expression e = item.getExpression();
    if (e instanceof Column c) {
      return names.column(c);
    }
    return String.valueOf(e).toLowerCase(java.util.Locale.ROOT);
  }

  private List<Col> setOperation(SetOperationList so, Scope outer, Ctes ctes) {
    List<Col> out = null;
    for (Select branch : so.getSelects()) {
      List<Col> b = query(branch, outer, ctes);
      if (out == null) {
        out = new ArrayList<>();
        for (Col c : b) {
          out.add(new Col(c.name, new LinkedHashSet<>(c.sources)));
        }
      } else {
        for (int i = 0; i < Math.min(out.size(), b.size()); i++) {
          out.get(i).sources.addAll(b.get(i).sources);
        }
      }
    }
    return out == null ? List.of() : out;
  }

  private List<Col> values(Values v, Scope outer, Ctes ctes) {
    Scope scope = new Scope(outer);
    int width = 0;
    ExpressionList<?> rows = v.getExpressions();
    if (rows != null) {
      for (Object row : rows) {
        if (row instanceof Expression e) {
          subqueriesOnly(e, scope, ctes);
        }
        if (width == 0) {
          width = row instanceof ExpressionList<?> l ? l.size() : 1;
        }
      }
    }
    List<Col> out = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      out.add(new Col("column" + (i + 1), Set.of()));
    }
    return renamed(out, v.getAlias());
  }

  private void addJoin(Join j, Scope scope, Ctes ctes, List<Expression> conditions) {
    addFrom(j.getRightItem(), scope, ctes, conditions);
    if (j.getOnExpressions() != null) {
      conditions.addAll(j.getOnExpressions());
    }
  }

  void addFrom(FromItem fi, Scope scope, Ctes ctes, List<Expression> conditions) {
    if (fi == null) {
      return;
    }
    if (fi instanceof Table t) {
      if (Paths.isPath(t, names.stages())) {
        // parquet.`/path`, a stage: read, but never a table (docs/design.md §4); its columns are unknown
        scope.rels.add(new Rel(t.getAlias() != null ? names.part(t.getAlias().getName()) : "", null, List.of(), null));
        return;
      }
      String name = names.table(t);
      String alias = t.getAlias() != null ? names.part(t.getAlias().getName()) : Names.last(name);
      List<Col> cte = name.indexOf('.') < 0 && ctes != null ? ctes.find(name) : null;
      if (cte != null) {
        scope.rels.add(new Rel(alias, null, renamed(cte, t.getAlias()), null));
        return;
      }
      if (name.isEmpty()) {
        return;
      }
      sources.add(name);
      List<Col> cols =
          catalog
              .columns(name)
              .map(cs -> cs.stream().map(c -> new Col(c, Set.of(name + "." + c))).toList())
              .orElse(null);
      scope.rels.add(new Rel(alias, name, cols, null));
    } else if (fi instanceof LateralSubSelect ls) {
      List<Col> cols = query(ls.getSelect(), scope, ctes);
      scope.rels.add(new Rel(aliasOf(fi), null, renamed(cols, ls.getAlias()), null));
    } else if (fi instanceof ParenthesedSelect p) {
      List<Col> cols = query(p.getSelect(), scope.parent, ctes);
      scope.rels.add(new Rel(aliasOf(fi), null, renamed(cols, p.getAlias()), null));
    } else if (fi instanceof ParenthesedFromItem pf) {
      addFrom(pf.getFromItem(), scope, ctes, conditions);
      if (pf.getJoins() != null) {
        for (Join j : pf.getJoins()) {
          addJoin(j, scope, ctes, conditions);
        }
      }
    } else if (fi instanceof TableFunction tf) {
      // UNNEST, FLATTEN, generate_series…: never a source; its columns derive from its arguments
      Set<String> from = columnsOf(tf.getFunction(), scope, ctes);
      String alias = aliasOf(fi);
      List<Col> cols = new ArrayList<>();
      Alias a = fi.getAlias();
      if (a != null && a.getAliasColumns() != null && !a.getAliasColumns().isEmpty()) {
        a.getAliasColumns().forEach(c -> cols.add(new Col(names.part(c.name), from)));
      } else if (!alias.isEmpty()) {
        cols.add(new Col(alias, from)); // BigQuery: UNNEST(x) AS v makes v a value
      }
      scope.rels.add(new Rel(alias, null, cols, from));
    } else if (fi instanceof Values v) {
      scope.rels.add(new Rel(aliasOf(fi), null, values(v, scope, ctes), null));
    } else if (fi instanceof Select s) {
      List<Col> cols = query(s, scope.parent, ctes);
      scope.rels.add(new Rel(aliasOf(fi), null, cols, null));
    }
  }

  private String aliasOf(FromItem fi) {
    Alias a = fi.getAlias();
    return a == null ? "" : names.part(a.getName());
  }

  /** Applies an alias column list ({@code AS d(a, b)}) to a derived table's columns. */
  private List<Col> renamed(List<Col> cols, Alias alias) {
    if (cols == null || alias == null || alias.getAliasColumns() == null || alias.getAliasColumns().isEmpty()) {
      return cols;
    }
    return rename(cols, alias.getAliasColumns().stream().map(c -> names.part(c.name)).toList());
  }

  private static List<Col> rename(List<Col> cols, List<String> declared) {
    if (declared == null || cols == null) {
      return cols;
    }
    List<Col> out = new ArrayList<>();
    for (int i = 0; i < declared.size(); i++) {
      out.add(new Col(declared.get(i), i < cols.size() ? cols.get(i).sources : Set.of()));
    }
    return out;
  }

  static List<Col> expand(Rel r) {
    if (r.cols != null) {
      return r.cols;
    }
    if (r.table != null) {
      return List.of(new Col("*", Set.of(r.table + ".*")));
    }
    if (r.fixed != null && !r.fixed.isEmpty()) {
      return List.of(new Col("*", r.fixed));
    }
    return List.of();
  }

  // ---------------------------------------------------------------- columns

  private Rel findRel(Scope scope, String q) {
    for (Scope s = scope; s != null; s = s.parent) {
      for (Rel r : s.rels) {
        if (r.matches(q)) {
          return r;
        }
      }
    }
    return null;
  }

  private static Set<String> colFrom(Rel r, String name) {
    if (r.fixed != null) {
      return r.fixed;
    }
    if (r.table != null) {
      return Set.of(r.table + "." + name);
    }
    if (r.cols != null) {
      Set<String> out = new LinkedHashSet<>();
      for (Col c : r.cols) {
        if (c.name.equals(name)) {
          return c.sources;
        }
      }
      for (Col c : r.cols) {
        if (c.name.equals("*")) {
          for (String s : c.sources) {
            out.add(s.endsWith(".*") ? s.substring(0, s.length() - 1) + name : s);
          }
        }
      }
      return out;
    }
    return Set.of();
  }

  private static boolean knows(Rel r, String name) {
    if (r.cols == null) {
      return false;
    }
    for (Col c : r.cols) {
      if (c.name.equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean mayHave(Rel r) {
    if (r.fixed != null) {
      return false; // a table function's columns are its alias (columns)
    }
    if (r.cols == null) {
      return r.table != null || r.fixed != null;
    }
    for (Col c : r.cols) {
      if (c.name.equals("*")) {
        return true;
      }
    }
    return false;
  }

  Set<String> resolve(Column col, Scope scope) {
    String name = names.column(col);
    String q = names.qualifier(col);
    if (q != null) {
      Rel r = findRel(scope, q);
      if (r != null) {
        return colFrom(r, name);
      }
      // BigQuery-style struct access (col.field): the first part may be a column
      int dot = q.indexOf('.');
      String head = dot < 0 ? q : q.substring(0, dot);
      for (Scope s = scope; s != null; s = s.parent) {
        for (Rel cand : s.rels) {
          if (knows(cand, head)) {
            return colFrom(cand, head);
          }
        }
      }
      return Set.of();
    }
    if (PSEUDO_COLUMNS.contains(name)) {
      return Set.of();
    }
    return unqualified(name, scope);
  }

  private Set<String> unqualified(String name, Scope scope) {
    for (Scope s = scope; s != null; s = s.parent) {
      if (s.rels.isEmpty()) {
        continue;
      }
      for (Rel r : s.rels) {
        if (knows(r, name)) {
          return colFrom(r, name);
        }
      }
      if (s == scope && s.selectAliases.containsKey(name)) {
        return s.selectAliases.get(name).sources;
      }
      Rel only = null;
      int candidates = 0;
      for (Rel r : s.rels) {
        if (mayHave(r)) {
          only = r;
          candidates++;
        }
      }
      if (candidates == 1) {
        return colFrom(only, name);
      }
      if (candidates > 1) {
        return Set.of();
      }
    }
    return Set.of();
  }

  /** Source columns read by an expression (into subqueries too); registers tables read. */
  Set<String> columnsOf(Expression e, Scope scope, Ctes ctes) {
    Set<String> out = new LinkedHashSet<>();
    if (e != null) {
      e.accept(new Collector(scope, ctes, out), null);
    }
    return out;
  }

  /** Registers the tables read by subqueries of a condition; its columns give no edges. */
  void subqueriesOnly(Expression e, Scope scope, Ctes ctes) {
    if (e != null) {
      e.accept(new Collector(scope, ctes, null), null);
    }
  }

  /**
   * A clause that decides which rows or in what order, not what values, reach the target: the
   * columns it reads (into its subqueries too) are indirect sources of {@code kind}; the tables its
   * subqueries read are sources.
   */
  void indirect(Expression e, Scope scope, Ctes ctes, Indirect kind) {
    if (e != null) {
      Set<String> cols = new LinkedHashSet<>();
      e.accept(new Collector(scope, ctes, cols, kind), null);
      if (!cols.isEmpty()) {
        indirect.computeIfAbsent(kind, k -> new LinkedHashSet<>()).addAll(cols);
      }
    }
  }

  private final class Collector extends ExpressionVisitorAdapter<Void> {
    private final Scope scope;
    private final Ctes ctes;
    private final Set<String> out; // null: only walk into subqueries
    private final Indirect clause; // the indirect clause being read, null for a value

    Collector(Scope scope, Ctes ctes, Set<String> out) {
      this(scope, ctes, out, null);
    }

    Collector(Scope scope, Ctes ctes, Set<String> out, Indirect clause) {
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

    private void subquery(Select select) {
      for (Col c : query(select, scope, ctes)) {
        if (out != null) {
          out.addAll(c.sources);
        }
      }
    }

    @Override
    public <S> Void visit(AnalyticExpression a, S context) {
      // PARTITION BY / ORDER BY of a window add no direct sources: they are indirect (WINDOW,
      // docs/design.md §4); the ORDER BY of an ordered-set aggregate (PERCENTILE_CONT(p) WITHIN GROUP
      // (ORDER BY x)) is its argument.
      accept(a.getExpression());
      boolean withinGroup = a.getType() == net.sf.jsqlparser.expression.AnalyticType.WITHIN_GROUP
          || a.getType() == net.sf.jsqlparser.expression.AnalyticType.WITHIN_GROUP_OVER;
      if (withinGroup && a.getOrderByElements() != null) {
        a.getOrderByElements().forEach(o -> accept(o.getExpression()));
      }
      List<Expression> window = new ArrayList<>();
      if (a.getPartitionExpressionList() != null) {
        for (Object p : a.getPartitionExpressionList()) {
          if (p instanceof Expression pe) {
            window.add(pe);
          }
        }
      }
      if (!withinGroup && a.getOrderByElements() != null) {
        a.getOrderByElements().forEach(o -> window.add(o.getExpression()));
      }
      for (Expression w : window) {
        indirect(w, scope, ctes, Indirect.WINDOW);
        if (clause != null && out != null) {
          out.addAll(columnsOf(w, scope, ctes)); // QUALIFY ROW_NUMBER() OVER (…) = 1 filters by them too
        }
      }
      accept(a.getOffset());
      accept(a.getDefaultValue());
      if (out == null) {
        accept(a.getFilterExpression());
      }
      return null;
    }

    @Override
    public <S> Void visit(net.sf.jsqlparser.expression.AnyComparisonExpression any, S context) {
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

  // ---------------------------------------------------------------- edges

  /** Adds {@code target.column ← sources}; edges with no source (constants) are dropped. */
  void edge(String targetTable, String column, Set<String> from) {
    outputs.add(targetTable + "." + column);
    if (from.isEmpty()) {
      return;
    }
    edges.computeIfAbsent(targetTable + "." + column, k -> new LinkedHashSet<>()).addAll(from);
  }

  /** Maps query output columns onto a target table's columns by position. */
  void mapOutputs(String target, List<String> targetColumns, List<Col> outs) {
    if (targetColumns == null) {
      for (Col c : outs) {
        edge(target, c.name, c.sources);
      }
      return;
    }
    if (outs.size() == 1 && outs.get(0).name.equals("*") && targetColumns.size() > 1) {
      edge(target, "*", outs.get(0).sources); // unknown positions: keep it at table-star level
      return;
    }
    for (int i = 0; i < Math.min(targetColumns.size(), outs.size()); i++) {
      edge(target, targetColumns.get(i), outs.get(i).sources);
    }
  }

  /**
   * The indirect edges: every target column the statement writes depends on every column read by
   * its filters, joins, groupings, sorts and windows, kind by kind (the clauses of the queries feeding
   * it, at any depth, and of its own UPDATE/MERGE conditions).
   */
  List<StatementLineage.Indirect> indirectEdges() {
    List<StatementLineage.Indirect> out = new ArrayList<>();
    if (indirect.isEmpty()) {
      return out;
    }
    for (String target : outputs) {
      indirect.forEach((kind, cols) -> out.add(new StatementLineage.Indirect(target, List.copyOf(cols), kind.name())));
    }
    return out;
  }

  List<ColumnEdge> edges() {
    List<ColumnEdge> out = new ArrayList<>(edges.size());
    edges.forEach((t, s) -> out.add(new ColumnEdge(t, List.copyOf(s))));
    return out;
  }

  /** Output column names, for learning a CTAS's or view's columns; null if a '*' stayed unexpanded. */
  static List<String> namesOf(List<Col> outs) {
    List<String> out = new ArrayList<>();
    for (Col c : outs) {
      if (c.name.equals("*")) {
        return null;
      }
      out.add(c.name);
    }
    return out;
  }
}
