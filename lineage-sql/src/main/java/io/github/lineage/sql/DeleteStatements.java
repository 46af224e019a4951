package io.github.lineage.sql;

import io.github.lineage.core.model.StatementKind;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.truncate.Truncate;

/**
 * DELETE and TRUNCATE (docs/design.md §4): the deleted tables are targets, {@code USING} and joins
 * are read; DELETE writes no column, so its conditions count only for the tables their subqueries
 * read.
 */
final class DeleteStatements {

  private DeleteStatements() {}

  // JSqlParser 5.4 still fills the deprecated USING table list for some forms, not the new one.
  @SuppressWarnings("deprecation")
  static StatementKind delete(Delete d, Analysis a) {
    Ctes ctes = a.with.define(d.getWithItemsList(), Scope.top(), Ctes.NONE);
    Scope scope = Scope.top();
    List<Expression> conditions = new ArrayList<>();
    if (d.getUsingFromItemList() != null) {
      for (FromItem fi : d.getUsingFromItemList()) {
        a.from.add(fi, scope, ctes, conditions);
      }
    } else if (d.getUsingList() != null) {
      for (Table t : d.getUsingList()) {
        a.from.add(t, scope, ctes, conditions);
      }
    }
    if (d.getJoins() != null) {
      for (Join j : d.getJoins()) {
        a.from.join(j, scope, ctes, conditions);
      }
    }
    List<Table> tables =
        d.getTables() != null && !d.getTables().isEmpty() ? d.getTables() : List.of();
    if (tables.isEmpty() && d.getTable() != null) {
      tables = List.of(d.getTable());
    }
    for (Table t : tables) {
      String name = a.names.table(t);
      // MySQL: DELETE a FROM tab a JOIN … — the target is the table aliased a
      String target = name;
      for (Relation r : scope.relations()) {
        if (r.table().isPresent() && name.equals(r.alias())) {
          target = r.table().get();
        }
      }
      a.result.write(target);
    }
    if (d.getTables() != null && !d.getTables().isEmpty() && d.getTable() != null) {
      // the FROM table of a multi-table DELETE is read, not written (unless listed)
      String from = a.names.table(d.getTable());
      if (!a.result.writes().contains(from)) {
        a.result.read(from);
      }
    }
    a.result.writes().forEach(a.result::unread);
    conditions.add(d.getWhere());
    for (Expression c : conditions) {
      a.expressions.subqueriesOnly(c, scope, ctes);
    }
    return StatementKind.DELETE;
  }

  static StatementKind truncate(Truncate t, Analysis a) {
    if (t.getTables() != null && !t.getTables().isEmpty()) {
      t.getTables().forEach(x -> a.result.write(a.names.table(x)));
    } else if (t.getTable() != null) {
      a.result.write(a.names.table(t.getTable()));
    }
    return StatementKind.TRUNCATE;
  }
}
