package io.github.lineage.sql;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Something a query reads rows from, as its SELECT sees it: a FROM item, or a target an UPDATE or
 * MERGE condition may name. How a column of it resolves depends on what it is ({@link Kind}) and on
 * whether its columns are known; {@link Scope} picks the relation, this class answers for one.
 *
 * @param alias how the query refers to it ({@code ""} when it has no name)
 * @param table the physical table, for {@link Kind#TABLE} and {@link Kind#TARGET} only
 * @param columns its columns when known (catalog, CTE, derived table, alias list); empty when
 *     unknown
 * @param arguments for a {@link Kind#FUNCTION}: the columns its arguments read, which every column
 *     of it derives from
 */
record Relation(
    Kind kind,
    String alias,
    Optional<String> table,
    Optional<List<QueryColumn>> columns,
    Set<String> arguments) {

  enum Kind {
    /**
     * A table the statement reads: a source. Every column name resolves to {@code table.column}.
     */
    TABLE,
    /**
     * The table an UPDATE, MERGE or ON CONFLICT writes: its columns resolve like a table's, it is
     * no source.
     */
    TARGET,
    /** A reference to a WITH query: never a source, its columns are those of its body. */
    CTE,
    /** A derived table, LATERAL subquery or VALUES list: never a source, what it reads is. */
    SUBQUERY,
    /** UNNEST, FLATTEN, generate_series…: never a source; its columns derive from its arguments. */
    FUNCTION,
    /**
     * Hive's {@code LATERAL VIEW explode(x) v AS c}: columns named by the alias, derived from the
     * generator.
     */
    LATERAL_VIEW,
    /** A storage path or stage read as rows (docs/design.md §4): never a table, columns unknown. */
    PATH,
    /**
     * A query's own output columns, named again by a later clause (set ORDER BY, INSERT ALL VALUES,
     * EXCLUDED).
     */
    OUTPUT
  }

  static Relation table(String alias, String table, Optional<List<QueryColumn>> columns) {
    return new Relation(Kind.TABLE, alias, Optional.of(table), columns, Set.of());
  }

  static Relation target(String alias, String table) {
    return new Relation(Kind.TARGET, alias, Optional.of(table), Optional.empty(), Set.of());
  }

  static Relation derived(Kind kind, String alias, List<QueryColumn> columns) {
    return new Relation(kind, alias, Optional.empty(), Optional.of(columns), Set.of());
  }

  static Relation function(String alias, List<QueryColumn> columns, Set<String> arguments) {
    return new Relation(Kind.FUNCTION, alias, Optional.empty(), Optional.of(columns), arguments);
  }

  static Relation path(String alias) {
    return new Relation(Kind.PATH, alias, Optional.empty(), Optional.empty(), Set.of());
  }

  static Relation output(String alias, List<QueryColumn> columns) {
    return derived(Kind.OUTPUT, alias, columns);
  }

  /**
   * Whether qualifier {@code q} names this relation: its alias, its table, or a table name written
   * with more or fewer schema parts ({@code s.t} and {@code t}, {@code db.s.t} and {@code s.t}).
   */
  boolean answersTo(String q) {
    if (q.equals(alias)) {
      return true;
    }
    if (table.isEmpty()) {
      return false;
    }
    String t = table.get();
    return q.equals(t) || t.endsWith("." + q) || q.endsWith("." + t);
  }

  /** Whether {@code column} is one of its known columns. */
  boolean lists(String column) {
    if (columns.isPresent()) {
      for (QueryColumn c : columns.get()) {
        if (c.name().equals(column)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether it may hold a column it does not list, so that an unqualified name may be its: a table
   * whose columns are unknown, or columns with an unexpanded {@code *}. A function's columns are
   * its alias columns, never more.
   */
  boolean mayHoldUnlisted() {
    if (kind == Kind.FUNCTION) {
      return false;
    }
    if (columns.isEmpty()) {
      return table.isPresent();
    }
    for (QueryColumn c : columns.get()) {
      if (c.isStar()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The physical columns that {@code column} of this relation derives from. A table answers for any
   * name (its catalog columns only decide which relation an unqualified name belongs to); a
   * relation with known columns answers by name, else through its {@code *} columns ({@code s.*}
   * gives {@code s.column}); one with unknown columns and no table (a path) derives from nothing.
   */
  Set<String> sourcesOf(String column) {
    if (kind == Kind.FUNCTION) {
      return arguments;
    }
    if (table.isPresent()) {
      return Set.of(table.get() + "." + column);
    }
    if (columns.isEmpty()) {
      return Set.of();
    }
    for (QueryColumn c : columns.get()) {
      if (c.name().equals(column)) {
        return c.sources();
      }
    }
    Set<String> out = new LinkedHashSet<>();
    for (QueryColumn c : columns.get()) {
      if (c.isStar()) {
        for (String s : c.sources()) {
          out.add(s.endsWith(".*") ? s.substring(0, s.length() - 1) + column : s);
        }
      }
    }
    return out;
  }

  /**
   * Its columns for {@code SELECT *} or {@code alias.*}: the known ones, else {@code table.*}, else
   * none.
   */
  List<QueryColumn> expand() {
    if (columns.isPresent()) {
      return columns.get();
    }
    if (table.isPresent()) {
      return List.of(new QueryColumn(QueryColumn.STAR, Set.of(table.get() + ".*")));
    }
    return List.of();
  }
}
