package io.github.lineage.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * A WITH clause into {@link Ctes}: each item's output columns (renamed by its column list, if any),
 * read in order so a later item sees the earlier ones (docs/design.md §4: CTEs, recursive too). The
 * tables the bodies read are sources of the statement.
 */
final class WithClause {

  private final Analysis a;

  WithClause(Analysis a) {
    this.a = a;
  }

  /**
   * The CTEs visible after {@code items}, inside {@code ctes}; {@code ctes} itself when there are
   * none.
   */
  Ctes define(List<WithItem<?>> items, Scope outer, Ctes ctes) {
    if (items == null || items.isEmpty()) {
      return ctes;
    }
    boolean recursive = items.stream().anyMatch(WithItem::isRecursive);
    Ctes level = ctes.nest();
    for (WithItem<?> wi : items) {
      String name = a.names.part(wi.getAliasName());
      ParenthesedSelect body = wi.getSelect();
      Optional<List<String>> declared = declaredColumns(wi);
      if (body == null) {
        if (declared.isPresent()) {
          level.define(name, QueryColumn.named(declared.get()));
        } else {
          level.forget(name);
        }
        continue;
      }
      if (recursive) {
        // a provisional definition so the recursive branch resolves; a second pass picks up what
        // the first pass learned about the CTE's own columns
        level.define(name, declared.map(QueryColumn::named).orElse(List.of()));
        level.define(name, body(body, outer, level, declared));
      }
      level.define(name, body(body, outer, level, declared));
    }
    return level;
  }

  private List<QueryColumn> body(
      ParenthesedSelect body, Scope outer, Ctes level, Optional<List<String>> declared) {
    List<QueryColumn> cols = a.queries.query(body, outer, level);
    return declared.isPresent() ? QueryColumn.rename(cols, declared.get()) : cols;
  }

  /** The column list of {@code WITH c (a, b) AS …}, if written. */
  private Optional<List<String>> declaredColumns(WithItem<?> wi) {
    List<SelectItem<?>> list = wi.getWithItemList();
    if (list == null || list.isEmpty()) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    for (SelectItem<?> si : list) {
      Expression e = si.getExpression();
      out.add(e instanceof Column c ? a.names.column(c) : a.names.part(String.valueOf(e)));
    }
    return Optional.of(out);
  }
}
