package io.github.lineage.sql;

import io.github.lineage.core.model.StatementKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.view.AlterView;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.select.Select;

/**
 * CREATE TABLE (DDL, AS SELECT, LIKE, CLONE) and CREATE/ALTER VIEW. Each learns the columns of what
 * it defines into the file's catalog, so a later {@code SELECT *} of the same file expands
 * (docs/design.md §4).
 */
final class CreateStatements {

  private CreateStatements() {}

  static StatementKind table(CreateTable ct, Analysis a) {
    String target = a.names.table(ct.getTable());
    a.result.write(target);
    if (ct.getSelect() != null) {
      List<QueryColumn> outs = a.queries.query(ct.getSelect(), Scope.top(), Ctes.NONE);
      Optional<List<String>> declared = declaredColumns(ct, a);
      a.result.mapOutputs(target, declared, outs);
      defineOrLearn(a, target, declared, outs);
      return StatementKind.CREATE_TABLE_AS;
    }
    Optional<String> clone = cloneSource(ct, a);
    if (clone.isPresent()) {
      // Snowflake/BigQuery CLONE copies the data too: the source feeds the clone, column by column
      String source = clone.get();
      a.result.read(source);
      Optional<List<String>> cols = a.catalogColumns(source);
      if (cols.isEmpty()) {
        a.result.edge(target, QueryColumn.STAR, Set.of(source + ".*"));
      } else {
        cols.get().forEach(c -> a.result.edge(target, c, Set.of(source + "." + c)));
        a.define(target, cols.get());
      }
      return StatementKind.CREATE_TABLE;
    }
    if (ct.getLikeTable() != null) {
      String like = a.names.table(ct.getLikeTable());
      a.result.read(like);
      a.catalogColumns(like).ifPresent(cols -> a.define(target, cols));
    }
    declaredColumns(ct, a).ifPresent(cols -> a.define(target, cols));
    return StatementKind.CREATE_TABLE;
  }

  static StatementKind view(CreateView cv, Analysis a) {
    Optional<List<String>> declared =
        Optional.ofNullable(cv.getColumnNames())
            .map(cols -> cols.stream().map(a.names::column).toList());
    view(a, a.names.table(cv.getView()), declared, cv.getSelect());
    return StatementKind.CREATE_VIEW;
  }

  static StatementKind view(AlterView av, Analysis a) {
    Optional<List<String>> declared =
        Optional.ofNullable(av.getColumnNames())
            .map(cols -> cols.stream().map(a.names::part).toList());
    view(a, a.names.table(av.getView()), declared, av.getSelect());
    return StatementKind.CREATE_VIEW;
  }

  private static void view(Analysis a, String target, Optional<List<String>> declared, Select sel) {
    a.result.write(target);
    List<QueryColumn> outs = a.queries.query(sel, Scope.top(), Ctes.NONE);
    a.result.mapOutputs(target, declared, outs);
    defineOrLearn(a, target, declared, outs);
  }

  /** A declared column list defines the table; without one, the query's output names do. */
  private static void defineOrLearn(
      Analysis a, String target, Optional<List<String>> declared, List<QueryColumn> outs) {
    if (declared.isPresent()) {
      a.define(target, declared.get());
    } else {
      a.learn(target, outs);
    }
  }

  private static Optional<List<String>> declaredColumns(CreateTable ct, Analysis a) {
    if (ct.getColumnDefinitions() != null && !ct.getColumnDefinitions().isEmpty()) {
      List<String> out = new ArrayList<>();
      for (ColumnDefinition cd : ct.getColumnDefinitions()) {
        out.add(a.names.part(cd.getColumnName()));
      }
      return Optional.of(out);
    }
    if (ct.getColumns() != null && !ct.getColumns().isEmpty()) {
      return Optional.of(ct.getColumns().stream().map(a.names::part).toList());
    }
    return Optional.empty();
  }

  /** The table of {@code CREATE TABLE t CLONE s} (JSqlParser keeps CLONE as two option strings). */
  private static Optional<String> cloneSource(CreateTable ct, Analysis a) {
    List<String> opts = ct.getTableOptionsStrings();
    if (opts == null) {
      return Optional.empty();
    }
    for (int i = 0; i + 1 < opts.size(); i++) {
      if (opts.get(i).equalsIgnoreCase("clone")) {
        return Optional.of(a.names.name(opts.get(i + 1)));
      }
    }
    return Optional.empty();
  }
}
