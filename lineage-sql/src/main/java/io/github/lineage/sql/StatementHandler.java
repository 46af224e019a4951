package io.github.lineage.sql;

import io.github.lineage.core.model.StatementLineage;
import io.github.lineage.sql.StatementAnalyzer.Col;
import io.github.lineage.sql.StatementAnalyzer.Ctes;
import io.github.lineage.sql.StatementAnalyzer.Rel;
import io.github.lineage.sql.StatementAnalyzer.Scope;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.alter.AlterOperation;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.view.AlterView;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.OracleMultiInsertBranch;
import net.sf.jsqlparser.statement.insert.OracleMultiInsertClause;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.merge.MergeInsert;
import net.sf.jsqlparser.statement.merge.MergeOperation;
import net.sf.jsqlparser.statement.merge.MergeUpdate;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * Turns one parsed statement into its {@link StatementLineage} (docs/design.md §4): kind, sources, targets and
 * column edges. DDL is learned into the file's catalog as it goes, so a later {@code SELECT *} of
 * the same file expands.
 */
final class StatementHandler {

  private final Names names;
  private final Catalog.Builder catalog;

  StatementHandler(Names names, Catalog.Builder catalog) {
    this.names = names;
    this.catalog = catalog;
  }

  StatementLineage handle(int index, int line, Statement st) {
    StatementAnalyzer a = new StatementAnalyzer(names, catalog);
    List<String> targets = new ArrayList<>();
    String kind;
    if (st instanceof Select s) {
      kind = select(a, s, targets);
    } else if (st instanceof Insert ins) {
      kind = "INSERT";
      insert(a, ins, targets);
    } else if (st instanceof Upsert up) {
      kind = "INSERT";
      String target = names.table(up.getTable());
      targets.add(target);
      if (up.getSelect() != null) {
        List<Col> outs = a.query(up.getSelect(), null, null);
        a.mapOutputs(target, targetColumns(a, target, up.getColumns(), outs), outs);
      }
    } else if (st instanceof CreateTable ct) {
      kind = createTable(a, ct, targets);
    } else if (st instanceof CreateView cv) {
      kind = "CREATE_VIEW";
      List<String> declared =
          cv.getColumnNames() == null ? null : cv.getColumnNames().stream().map(names::column).toList();
      view(a, names.table(cv.getView()), declared, cv.getSelect(), targets);
    } else if (st instanceof AlterView av) {
      kind = "CREATE_VIEW";
      List<String> declared = av.getColumnNames() == null ? null : av.getColumnNames().stream().map(names::part).toList();
      view(a, names.table(av.getView()), declared, av.getSelect(), targets);
    } else if (st instanceof Merge m) {
      kind = "MERGE";
      merge(a, m, targets);
    } else if (st instanceof Update u) {
      kind = "UPDATE";
      update(a, u, targets);
    } else if (st instanceof Delete d) {
      kind = "DELETE";
      delete(a, d, targets);
    } else if (st instanceof Truncate t) {
      kind = "TRUNCATE";
      if (t.getTables() != null && !t.getTables().isEmpty()) {
        t.getTables().forEach(x -> targets.add(names.table(x)));
      } else if (t.getTable() != null) {
        targets.add(names.table(t.getTable()));
      }
    } else if (st instanceof Drop) {
      kind = "DROP";
    } else if (st instanceof Alter al) {
      kind = alter(al, a, targets);
    } else {
      kind = "OTHER";
    }
    List<String> srcs = new ArrayList<>(a.sources);
    return new StatementLineage(index, line, kind, srcs, dedup(targets), a.edges(), a.indirectEdges());
  }

  private static List<String> dedup(List<String> xs) {
    return List.copyOf(new LinkedHashSet<>(xs));
  }

  private String select(StatementAnalyzer a, Select s, List<String> targets) {
    String moved = partitionFunction(a, s, targets);
    if (moved != null) {
      return moved;
    }
    List<Col> outs = a.query(s, null, null);
    PlainSelect ps = s instanceof PlainSelect p ? p : null;
    if (ps == null && s instanceof ParenthesedSelect p && p.getSelect() instanceof PlainSelect inner) {
      ps = inner;
    }
    if (ps == null && s instanceof net.sf.jsqlparser.statement.select.SetOperationList so
        && !so.getSelects().isEmpty() && so.getSelects().get(0) instanceof PlainSelect first) {
      ps = first; // SELECT … INTO t FROM a UNION SELECT … FROM b
    }
    if (ps != null && ps.getIntoTables() != null && !ps.getIntoTables().isEmpty()) {
      for (Table t : ps.getIntoTables()) {
        String target = names.table(t);
        targets.add(target);
        a.mapOutputs(target, null, outs);
        learn(target, outs);
      }
      return "SELECT_INTO";
    }
    return "SELECT";
  }

  private void insert(StatementAnalyzer a, Insert ins, List<String> targets) {
    Ctes ctes = a.withItems(ins.getWithItemsList(), null, null);
    if (ins.isOracleMultiInsert() && ins.getOracleMultiInsertBranches() != null) {
      multiInsert(a, ins, ctes, targets);
      return;
    }
    if (Paths.isPath(ins.getTable(), names.stages())) {
      // Spark INSERT INTO delta.`/path` …: a path, never a table (docs/design.md §4)
      a.query(ins.getSelect(), null, ctes);
      return;
    }
    String target = names.table(ins.getTable());
    targets.add(target);
    Select sel = ins.getSelect();
    List<Col> excluded = new ArrayList<>();
    if (sel != null) {
      List<Col> outs = a.query(sel, null, ctes);
      List<String> cols = targetColumns(a, target, ins.getColumns(), outs);
      a.mapOutputs(target, cols, outs);
      for (int i = 0; i < outs.size(); i++) {
        String name = cols != null && i < cols.size() ? cols.get(i) : outs.get(i).name();
        excluded.add(new Col(name, outs.get(i).sources()));
      }
    }
    if (ins.getConflictAction() != null && ins.getConflictAction().getUpdateSets() != null) {
      // ON CONFLICT DO UPDATE SET c = excluded.c: the target (and EXCLUDED) are not read tables
      Scope scope = new Scope(null);
      Table t = ins.getTable();
      String alias = t.getAlias() != null ? names.part(t.getAlias().getName()) : Names.last(target);
      scope.rels.add(new Rel(alias, target, null, null));
      scope.rels.add(new Rel("excluded", null, excluded, null));
      updateSets(a, target, ins.getConflictAction().getUpdateSets(), scope, ctes);
    }
  }

  /** INSERT column list; else the target's DDL when it matches the SELECT's width; else output names. */
  private List<String> targetColumns(StatementAnalyzer a, String target, ExpressionList<Column> declared, List<Col> outs) {
    if (declared != null && !declared.isEmpty()) {
      return declared.stream().map(names::column).toList();
    }
    List<String> ddl = a.catalogColumns(target).orElse(null);
    if (ddl != null && StatementAnalyzer.namesOf(outs) != null && ddl.size() >= outs.size()) {
      return ddl;
    }
    return null;
  }

  private String createTable(StatementAnalyzer a, CreateTable ct, List<String> targets) {
    String target = names.table(ct.getTable());
    targets.add(target);
    if (ct.getSelect() != null) {
      List<Col> outs = a.query(ct.getSelect(), null, null);
      List<String> declared = declaredColumns(ct);
      a.mapOutputs(target, declared, outs);
      learn(target, declared != null ? outs.subList(0, 0) : outs);
      if (declared != null) {
        catalog.add(target, declared);
      }
      return "CREATE_TABLE_AS";
    }
    String clone = cloneSource(ct);
    if (clone != null) {
      // Snowflake/BigQuery CLONE copies the data too: the source feeds the clone, column by column
      a.sources.add(clone);
      List<String> cols = a.catalogColumns(clone).orElse(null);
      if (cols == null) {
        a.edge(target, "*", Set.of(clone + ".*"));
      } else {
        cols.forEach(c -> a.edge(target, c, Set.of(clone + "." + c)));
        catalog.add(target, cols);
      }
      return "CREATE_TABLE";
    }
    if (ct.getLikeTable() != null) {
      String like = names.table(ct.getLikeTable());
      a.sources.add(like);
      a.catalogColumns(like).ifPresent(cols -> catalog.add(target, cols));
    }
    List<String> declared = declaredColumns(ct);
    if (declared != null) {
      catalog.add(target, declared);
    }
    return "CREATE_TABLE";
  }

  private List<String> declaredColumns(CreateTable ct) {
    if (ct.getColumnDefinitions() != null && !ct.getColumnDefinitions().isEmpty()) {
      List<String> out = new ArrayList<>();
      for (ColumnDefinition cd : ct.getColumnDefinitions()) {
        out.add(names.part(cd.getColumnName()));
      }
      return out;
    }
    if (ct.getColumns() != null && !ct.getColumns().isEmpty()) {
      return ct.getColumns().stream().map(names::part).toList();
    }
    return null;
  }

  private void view(StatementAnalyzer a, String target, List<String> declared, Select sel, List<String> targets) {
    targets.add(target);
    List<Col> outs = a.query(sel, null, null);
    a.mapOutputs(target, declared, outs);
    if (declared != null) {
      catalog.add(target, declared);
    } else {
      learn(target, outs);
    }
  }

  private void learn(String target, List<Col> outs) {
    List<String> cols = StatementAnalyzer.namesOf(outs);
    if (cols != null && !cols.isEmpty()) {
      catalog.add(target, cols);
    }
  }

  private void merge(StatementAnalyzer a, Merge m, List<String> targets) {
    String target = names.table(m.getTable());
    targets.add(target);
    Ctes ctes = a.withItems(m.getWithItemsList(), null, null);
    Scope sourceScope = new Scope(null);
    List<Expression> conditions = new ArrayList<>();
    FromItem using = m.getFromItem() != null ? m.getFromItem() : m.getUsingTable();
    a.addFrom(using, sourceScope, ctes, conditions);
    // MERGE … SET may name the target's columns; INSERT VALUES only reads the source
    Scope both = new Scope(null);
    String alias = m.getTable().getAlias() != null ? names.part(m.getTable().getAlias().getName()) : Names.last(target);
    both.rels.add(new Rel(alias, target, null, null));
    both.rels.addAll(sourceScope.rels);
    if (m.getOnCondition() != null) {
      a.indirect(m.getOnCondition(), both, ctes, StatementAnalyzer.Indirect.JOIN);
    }
    List<MergeOperation> ops = m.getOperations();
    if (ops == null) {
      ops = new ArrayList<>();
      if (m.getMergeUpdate() != null) {
        ops.add(m.getMergeUpdate());
      }
      if (m.getMergeInsert() != null) {
        ops.add(m.getMergeInsert());
      }
    }
    for (MergeOperation op : ops) {
      // WHEN [NOT] MATCHED AND p and Oracle's WHERE choose rows: indirect FILTER sources
      if (op instanceof MergeUpdate mu) {
        a.indirect(mu.getAndPredicate(), both, ctes, StatementAnalyzer.Indirect.FILTER);
        a.indirect(mu.getWhereCondition(), both, ctes, StatementAnalyzer.Indirect.FILTER);
        a.indirect(mu.getDeleteWhereCondition(), both, ctes, StatementAnalyzer.Indirect.FILTER);
      } else if (op instanceof MergeInsert mi) {
        a.indirect(mi.getAndPredicate(), sourceScope, ctes, StatementAnalyzer.Indirect.FILTER);
        a.indirect(mi.getWhereCondition(), sourceScope, ctes, StatementAnalyzer.Indirect.FILTER);
      } else if (op instanceof net.sf.jsqlparser.statement.merge.MergeDelete md) {
        a.indirect(md.getAndPredicate(), both, ctes, StatementAnalyzer.Indirect.FILTER);
      }
      if (op instanceof MergeUpdate mu) {
        updateSets(a, target, mu.getUpdateSets(), both, ctes);
      } else if (op instanceof MergeInsert mi && mi.getColumns() == null && isInsertRow(mi)) {
        insertRow(a, target, sourceScope);
      } else if (op instanceof MergeInsert mi && mi.getColumns() != null && mi.getValues() != null) {
        for (int i = 0; i < Math.min(mi.getColumns().size(), mi.getValues().size()); i++) {
          Set<String> from = a.columnsOf(mi.getValues().get(i), sourceScope, ctes);
          a.edge(target, names.column(mi.getColumns().get(i)), from);
        }
      }
    }
  }

  private void updateSets(StatementAnalyzer a, String target, List<UpdateSet> sets, Scope scope, Ctes ctes) {
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
          a.edge(target, names.column(cols.get(i)), a.columnsOf((Expression) vals.get(i), scope, ctes));
        }
      } else if (vals.size() == 1 && vals.get(0) instanceof Select sub) {
        List<Col> outs = a.query(sub, scope, ctes);
        for (int i = 0; i < Math.min(cols.size(), outs.size()); i++) {
          a.edge(target, names.column(cols.get(i)), outs.get(i).sources());
        }
      }
    }
  }

  private void update(StatementAnalyzer a, Update u, List<String> targets) {
    Ctes ctes = a.withItems(u.getWithItemsList(), null, null);
    Scope scope = new Scope(null);
    List<Expression> conditions = new ArrayList<>();
    String written = names.table(u.getTable());
    Table t = u.getTable();
    String alias = t.getAlias() != null ? names.part(t.getAlias().getName()) : Names.last(written);
    if (u.getStartJoins() != null) {
      for (Join j : u.getStartJoins()) {
        a.addFrom(j.getRightItem(), scope, ctes, conditions);
        if (j.getOnExpressions() != null) {
          conditions.addAll(j.getOnExpressions());
        }
      }
    }
    a.addFrom(u.getFromItem(), scope, ctes, conditions);
    if (u.getJoins() != null) {
      for (Join j : u.getJoins()) {
        a.addFrom(j.getRightItem(), scope, ctes, conditions);
        if (j.getOnExpressions() != null) {
          conditions.addAll(j.getOnExpressions());
        }
      }
    }
    // T-SQL: UPDATE a SET … FROM tab a — the target is the FROM item aliased a
    String target = written;
    Rel aliased = null;
    if (written.indexOf('.') < 0) {
      for (Rel r : scope.rels) {
        if (r.table != null && written.equals(r.alias) && !written.equals(r.table)) {
          aliased = r;
        }
      }
    }
    if (aliased != null) {
      target = aliased.table;
      a.sources.remove(target);
    } else {
      if (scope.rels.stream().anyMatch(r -> written.equals(r.table))) {
        // T-SQL: UPDATE t SET … FROM t JOIN s — the FROM names the target again, it is no read of
        // its own (a subquery of the SET list that reads t still counts: it is analysed after this).
        a.sources.remove(written);
      }
      scope.rels.add(0, new Rel(alias, written, null, null));
    }
    targets.add(target);
    updateSets(a, target, u.getUpdateSets(), scope, ctes);
    for (Expression c : conditions) {
      a.indirect(c, scope, ctes, StatementAnalyzer.Indirect.JOIN);
    }
    a.indirect(u.getWhere(), scope, ctes, StatementAnalyzer.Indirect.FILTER);
  }

  private void delete(StatementAnalyzer a, Delete d, List<String> targets) {
    Ctes ctes = a.withItems(d.getWithItemsList(), null, null);
    Scope scope = new Scope(null);
    List<Expression> conditions = new ArrayList<>();
    if (d.getUsingFromItemList() != null) {
      for (FromItem fi : d.getUsingFromItemList()) {
        a.addFrom(fi, scope, ctes, conditions);
      }
    } else if (d.getUsingList() != null) {
      for (Table t : d.getUsingList()) {
        a.addFrom(t, scope, ctes, conditions);
      }
    }
    if (d.getJoins() != null) {
      for (Join j : d.getJoins()) {
        a.addFrom(j.getRightItem(), scope, ctes, conditions);
        if (j.getOnExpressions() != null) {
          conditions.addAll(j.getOnExpressions());
        }
      }
    }
    List<Table> tables = d.getTables() != null && !d.getTables().isEmpty() ? d.getTables() : List.of();
    if (tables.isEmpty() && d.getTable() != null) {
      tables = List.of(d.getTable());
    }
    for (Table t : tables) {
      String name = names.table(t);
      // MySQL: DELETE a FROM tab a JOIN … — the target is the table aliased a
      String target = name;
      for (Rel r : scope.rels) {
        if (r.table != null && name.equals(r.alias)) {
          target = r.table;
        }
      }
      targets.add(target);
    }
    if (d.getTables() != null && !d.getTables().isEmpty() && d.getTable() != null) {
      // the FROM table of a multi-table DELETE is read, not written (unless listed)
      String from = names.table(d.getTable());
      if (!targets.contains(from)) {
        a.sources.add(from);
      }
    }
    targets.forEach(a.sources::remove);
    conditions.add(d.getWhere());
    Scope withTarget = new Scope(null);
    withTarget.rels.addAll(scope.rels);
    for (Expression c : conditions) {
      a.subqueriesOnly(c, withTarget, ctes);
    }
  }

  /** The table of {@code CREATE TABLE t CLONE s} (JSqlParser keeps CLONE as two option strings). */
  private String cloneSource(CreateTable ct) {
    List<String> opts = ct.getTableOptionsStrings();
    if (opts == null) {
      return null;
    }
    for (int i = 0; i + 1 < opts.size(); i++) {
      if (opts.get(i).equalsIgnoreCase("clone")) {
        return names.name(opts.get(i + 1));
      }
    }
    return null;
  }

  /**
   * {@code ALTER TABLE a SWAP WITH b} (Snowflake) and {@code ALTER TABLE a EXCHANGE PARTITION … WITH
   * TABLE b} (Hive, Oracle): a now holds what b held, so b feeds a (kind EXCHANGE); other ALTERs carry
   * no lineage.
   */
  private String alter(Alter al, StatementAnalyzer a, List<String> targets) {
    if (al.getAlterExpressions() == null || al.getTable() == null) {
      return "ALTER";
    }
    for (AlterExpression ae : al.getAlterExpressions()) {
      String with = null;
      if (ae.getOperation() == AlterOperation.EXCHANGE_PARTITION && ae.getExchangePartitionTableName() != null) {
        with = ae.getExchangePartitionTableName();
      } else if (ae.getOptionalSpecifier() != null && ae.getOptionalSpecifier().regionMatches(true, 0, "swap with ", 0, 10)) {
        with = ae.getOptionalSpecifier().substring(10).strip();
      }
      if (with != null) {
        a.sources.add(names.name(with));
        targets.add(names.table(al.getTable()));
        return "EXCHANGE";
      }
    }
    return "ALTER";
  }

  /**
   * Vertica's partition functions name their tables as string arguments: {@code
   * SWAP_PARTITIONS_BETWEEN_TABLES('staging', min, max, 'target')} (kind EXCHANGE), {@code
   * MOVE_PARTITIONS_TO_TABLE} and {@code COPY_PARTITIONS_TO_TABLE} (kind INSERT): the first feeds the
   * last. Null for any other SELECT.
   */
  private String partitionFunction(StatementAnalyzer a, Select s, List<String> targets) {
    if (!(s instanceof PlainSelect ps) || ps.getFromItem() != null || ps.getSelectItems() == null
        || ps.getSelectItems().size() != 1 || !(ps.getSelectItems().get(0).getExpression() instanceof Function f)
        || f.getName() == null || f.getParameters() == null || f.getParameters().size() != 4) {
      return null;
    }
    String fn = f.getName().toLowerCase(java.util.Locale.ROOT);
    if (!(fn.equals("swap_partitions_between_tables") || fn.equals("move_partitions_to_table")
        || fn.equals("copy_partitions_to_table"))) {
      return null;
    }
    if (!(f.getParameters().get(0) instanceof StringValue from) || !(f.getParameters().get(3) instanceof StringValue to)) {
      return null;
    }
    a.sources.add(names.name(from.getValue()));
    targets.add(names.name(to.getValue()));
    return fn.startsWith("swap") ? "EXCHANGE" : "INSERT";
  }

  /**
   * Oracle {@code INSERT ALL|FIRST [WHEN c THEN] INTO t1 (cols) VALUES (…) INTO t2 … SELECT …}: every
   * INTO is a target, mapping its own VALUES (over the SELECT's output columns) onto its own columns;
   * an INTO without VALUES takes the SELECT's columns by position. WHEN conditions give no edges.
   */
  private void multiInsert(StatementAnalyzer a, Insert ins, Ctes ctes, List<String> targets) {
    List<Col> outs = a.query(ins.getSelect(), null, ctes);
    Scope scope = new Scope(null);
    scope.rels.add(new Rel("", null, outs, null));
    for (OracleMultiInsertBranch b : ins.getOracleMultiInsertBranches()) {
      if (b.getWhenExpression() != null) {
        a.indirect(b.getWhenExpression(), scope, ctes, StatementAnalyzer.Indirect.FILTER);
      }
      for (OracleMultiInsertClause c : b.getClauses()) {
        String target = names.table(c.getTable());
        targets.add(target);
        List<Expression> values = rowOf(c.getSelect());
        if (values == null) {
          a.mapOutputs(target, targetColumns(a, target, c.getColumns(), outs), outs);
          continue;
        }
        List<String> cols = c.getColumns() == null ? a.catalogColumns(target).orElse(null)
            : c.getColumns().stream().map(names::column).toList();
        for (int i = 0; i < values.size(); i++) {
          Expression v = values.get(i);
          String col = cols != null && i < cols.size() ? cols.get(i)
              : v instanceof Column vc ? names.column(vc) : null;
          if (col != null) {
            a.edge(target, col, a.columnsOf(v, scope, ctes));
          }
        }
      }
    }
  }

  /** The one row of {@code VALUES (…)}, or null when the clause has no VALUES. */
  private static List<Expression> rowOf(Select s) {
    if (!(s instanceof Values v) || v.getExpressions() == null) {
      return null;
    }
    ExpressionList<?> rows = v.getExpressions();
    List<Expression> out = new ArrayList<>();
    if (rows.size() == 1 && rows.get(0) instanceof ExpressionList<?> inner) {
      inner.forEach(e -> out.add((Expression) e));
    } else {
      rows.forEach(e -> out.add((Expression) e));
    }
    return out;
  }

  /** {@code INSERT VALUES (ROW)}: what {@link Repairs} makes of BigQuery's {@code INSERT ROW}. */
  private static boolean isInsertRow(MergeInsert mi) {
    ExpressionList<?> values = mi.getValues();
    return values != null && values.size() == 1 && values.get(0) instanceof Column c && c.getTable() == null
        && "ROW".equals(c.getColumnName());
  }

  /**
   * BigQuery {@code INSERT ROW}: every column of the source row, by position, into the target; by the
   * target's DDL when known, else by the source's column names; an unknown source stays at table-star
   * level ({@code t.* <- s.*}).
   */
  private void insertRow(StatementAnalyzer a, String target, Scope sourceScope) {
    List<Col> outs = new ArrayList<>();
    for (Rel r : sourceScope.rels) {
      outs.addAll(StatementAnalyzer.expand(r));
    }
    a.mapOutputs(target, a.catalogColumns(target).orElse(null), outs);
  }
}
