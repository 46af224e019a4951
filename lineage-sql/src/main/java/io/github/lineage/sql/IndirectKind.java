package io.github.lineage.sql;

/**
 * The clause kinds of indirect column lineage (docs/design.md §4): OpenLineage's indirect
 * transformation subtypes. Declaration order is the order a statement reports them in.
 */
enum IndirectKind {
  /** WHERE, QUALIFY, MERGE's {@code WHEN … AND p}, INSERT ALL's WHEN. */
  FILTER,
  /** ON of a join, MERGE's ON. */
  JOIN,
  /** GROUP BY, grouping sets, HAVING. */
  GROUP_BY,
  /** ORDER BY of a query. */
  SORT,
  /** PARTITION BY / ORDER BY of a window function. */
  WINDOW
}
