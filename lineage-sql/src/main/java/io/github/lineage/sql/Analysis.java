package io.github.lineage.sql;

import java.util.List;
import java.util.Optional;

/**
 * The analysis of one statement: its result, the file's catalog, and the readers that walk its
 * parts. Queries, FROM items and expressions nest in each other (a subquery in a WHERE, a derived
 * table in a FROM), so the readers reach one another through this object. One per statement; not
 * thread-safe.
 */
final class Analysis {

  final Names names;
  final StatementResult result = new StatementResult();
  final QueryReader queries;
  final FromReader from;
  final ExpressionReader expressions;
  final WithClause with;
  private final Catalog.Builder catalog;

  Analysis(Names names, Catalog.Builder catalog) {
    this.names = names;
    this.catalog = catalog;
    this.queries = new QueryReader(this);
    this.from = new FromReader(this);
    this.expressions = new ExpressionReader(this);
    this.with = new WithClause(this);
  }

  /**
   * The columns of {@code table} from the catalog (its DDL, this file's or the corpus's), if known.
   */
  Optional<List<String>> catalogColumns(String table) {
    return catalog.columns(table);
  }

  /**
   * Records the columns of a table or view the statement defines, for later statements of the file.
   */
  void define(String table, List<String> columns) {
    catalog.add(table, columns);
  }

  /**
   * Records the output column names of a CTAS, view or SELECT INTO, unless a {@code *} stayed
   * unexpanded.
   */
  void learn(String table, List<QueryColumn> outs) {
    QueryColumn.namesOf(outs)
        .filter(cols -> !cols.isEmpty())
        .ifPresent(cols -> catalog.add(table, cols));
  }
}
