package io.github.lineage.sql;

import io.github.lineage.core.model.StatementKind;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.update.Update;

/**
 * UPDATE (docs/design.md §4): the SET list gives the edges, {@code UPDATE … FROM} and joins are
 * read, ON is an indirect JOIN and WHERE an indirect FILTER. A FROM item that is the target itself
 * (T-SQL) is no read.
 */
final class UpdateStatements {

  private UpdateStatements() {}

  static StatementKind read(Update u, Analysis a) {
    Ctes ctes = a.with.define(u.getWithItemsList(), Scope.top(), Ctes.NONE);
    Scope scope = Scope.top();
    List<Expression> conditions = new ArrayList<>();
    Table t = u.getTable();
    String written = a.names.table(t);
    String alias =
        t.getAlias() != null ? a.names.part(t.getAlias().getName()) : Names.last(written);
    if (u.getStartJoins() != null) {
      for (Join j : u.getStartJoins()) {
        a.from.join(j, scope, ctes, conditions);
      }
    }
    a.from.add(u.getFromItem(), scope, ctes, conditions);
    if (u.getJoins() != null) {
      for (Join j : u.getJoins()) {
        a.from.join(j, scope, ctes, conditions);
      }
    }
    // T-SQL: UPDATE a SET … FROM tab a — the target is the FROM item aliased a
    Relation aliased = null;
    if (written.indexOf('.') < 0) {
      for (Relation r : scope.relations()) {
        if (r.table().isPresent()
            && written.equals(r.alias())
            && !written.equals(r.table().get())) {
          aliased = r;
        }
      }
    }
    String target = written;
    if (aliased != null) {
      target = aliased.table().get();
      a.result.unread(target);
    } else {
      if (scope.relations().stream().anyMatch(r -> r.table().filter(written::equals).isPresent())) {
        // T-SQL: UPDATE t SET … FROM t JOIN s — the FROM names the target again, it is no read of
        // its own (a subquery of the SET list that reads t still counts: it is analysed after
        // this).
        a.result.unread(written);
      }
      scope.addFirst(Relation.target(alias, written));
    }
    a.result.write(target);
    SetClause.read(a, target, u.getUpdateSets(), scope, ctes);
    for (Expression c : conditions) {
      a.expressions.indirect(c, scope, ctes, IndirectKind.JOIN);
    }
    a.expressions.indirect(u.getWhere(), scope, ctes, IndirectKind.FILTER);
    return StatementKind.UPDATE;
  }
}
