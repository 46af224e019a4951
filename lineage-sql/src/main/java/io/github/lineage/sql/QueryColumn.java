package io.github.lineage.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An output column of a query, CTE or derived table: its name and the physical columns ({@code
 * table.column}) it derives from. A column named {@code *} stands for the unexpanded columns of a
 * relation whose columns are unknown ({@code t.*}).
 */
record QueryColumn(String name, Set<String> sources) {

  static final String STAR = "*";

  boolean isStar() {
    return name.equals(STAR);
  }

  /**
   * Columns with no lineage of their own, only names (a CTE's column list before its body is read).
   */
  static List<QueryColumn> named(List<String> names) {
    return names.stream().map(n -> new QueryColumn(n, Set.of())).toList();
  }

  /**
   * {@code cols} under the names {@code declared} (a CTE's column list, {@code AS d(a, b)}), by
   * position; a declared name past the end of {@code cols} derives from nothing.
   */
  static List<QueryColumn> rename(List<QueryColumn> cols, List<String> declared) {
    List<QueryColumn> out = new ArrayList<>(declared.size());
    for (int i = 0; i < declared.size(); i++) {
      out.add(new QueryColumn(declared.get(i), i < cols.size() ? cols.get(i).sources : Set.of()));
    }
    return out;
  }

  /**
   * The names of {@code cols}, for learning a CTAS's or view's columns; empty if a {@code *} stayed
   * unexpanded.
   */
  static Optional<List<String>> namesOf(List<QueryColumn> cols) {
    List<String> out = new ArrayList<>(cols.size());
    for (QueryColumn c : cols) {
      if (c.isStar()) {
        return Optional.empty();
      }
      out.add(c.name);
    }
    return Optional.of(out);
  }
}
