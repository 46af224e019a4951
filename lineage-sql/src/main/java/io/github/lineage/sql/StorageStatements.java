package io.github.lineage.sql;

import io.github.lineage.core.model.StatementKind;
import io.github.lineage.sql.SqlTokens.Kind;
import io.github.lineage.sql.SqlTokens.Token;
import java.util.List;

/**
 * Statements that move data between a table (or a query) and storage, which JSqlParser 5.4 cannot
 * read: {@code COPY [INTO] x FROM|TO y} (Snowflake, PostgreSQL, Redshift, T-SQL), Redshift {@code
 * UNLOAD ('query') TO 's3://…'} and Hive/Spark {@code INSERT OVERWRITE [LOCAL] DIRECTORY 'path' …
 * query}. Recognised by their leading keywords (one look at the head for every other statement);
 * the table side is named by the statement itself and a query side is parsed by JSqlParser, so no
 * lineage is guessed. Paths and stages are never tables (docs/design.md §4): they are left out.
 */
final class StorageStatements {

  /**
   * What a storage statement reads and writes: raw table names as written, and the text of a query
   * whose tables are read ({@code null} when there is none).
   */
  record Plan(StatementKind kind, List<String> sources, List<String> targets, String query) {}

  private StorageStatements() {}

  /** The plan of {@code sql}, or null when it is not a storage statement. */
  static Plan plan(String sql) {
    int head = 0;
    while (head < sql.length() && Character.isLetter(sql.charAt(head))) {
      head++;
    }
    if (head == 4 && sql.regionMatches(true, 0, "copy", 0, 4)) {
      return copy(sql);
    }
    if (head == 6 && sql.regionMatches(true, 0, "unload", 0, 6)) {
      return unload(sql);
    }
    if (head == 6 && sql.regionMatches(true, 0, "insert", 0, 6)) {
      return directory(sql);
    }
    return null;
  }

  private enum SideKind {
    TABLE,
    PATH,
    QUERY
  }

  private record Side(SideKind kind, int end, String text) {}

  private static Plan copy(String sql) {
    List<Token> ts = SqlTokens.of(sql);
    int k = 1;
    if (k < ts.size() && ts.get(k).is("into")) {
      k++;
    }
    Side first = side(sql, ts, k);
    if (first == null || first.end >= ts.size()) {
      return null;
    }
    Token dir = ts.get(first.end);
    boolean from = dir.is("from");
    if (!from && !dir.is("to")) {
      return null;
    }
    Side second = side(sql, ts, first.end + 1);
    if (second == null) {
      return null;
    }
    Side src = from ? second : first;
    Side dst = from ? first : second;
    List<String> sources = src.kind == SideKind.TABLE ? List.of(src.text) : List.of();
    List<String> targets = dst.kind == SideKind.TABLE ? List.of(dst.text) : List.of();
    // A query loading a table (Snowflake's COPY transformation) reads staged files only; a query
    // unloaded to a location reads tables.
    String query = src.kind == SideKind.QUERY && dst.kind == SideKind.PATH ? src.text : null;
    return new Plan(StatementKind.COPY, sources, targets, query);
  }

  private static Side side(String sql, List<Token> ts, int k) {
    if (k >= ts.size()) {
      return null;
    }
    Token t = ts.get(k);
    if (t.isPunct('(')) {
      int close = SqlTokens.closing(ts, k);
      return new Side(SideKind.QUERY, close + 1, SqlTokens.text(sql, ts, k + 1, close));
    }
    if (t.kind() == Kind.STRING) {
      return new Side(SideKind.PATH, k + 1, t.unquoted());
    }
    if (t.kind() == Kind.WORD && (t.text().startsWith("@") || t.is("stdin") || t.is("stdout"))) {
      int j = k + 1;
      while (j < ts.size() && ts.get(j).start() == ts.get(j - 1).end()) {
        j++; // @stage/path/to: the stage's path is written without spaces
      }
      return new Side(SideKind.PATH, j, SqlTokens.text(sql, ts, k, j));
    }
    if (t.is("program") && k + 1 < ts.size() && ts.get(k + 1).kind() == Kind.STRING) {
      return new Side(SideKind.PATH, k + 2, ts.get(k + 1).unquoted());
    }
    if (t.kind() == Kind.WORD || t.kind() == Kind.QUOTED) {
      int end = SqlTokens.nameEnd(ts, k);
      String name = SqlTokens.text(sql, ts, k, end);
      if (end < ts.size() && ts.get(end).isPunct('(')) {
        end = SqlTokens.closing(ts, end) + 1; // the column list
      }
      return new Side(SideKind.TABLE, end, name);
    }
    return null;
  }

  /** Redshift {@code UNLOAD ('select …') TO 's3://…' …}: the quoted query is read. */
  private static Plan unload(String sql) {
    List<Token> ts = SqlTokens.of(sql, 6);
    if (ts.size() < 5
        || !ts.get(1).isPunct('(')
        || ts.get(2).kind() != Kind.STRING
        || !ts.get(3).isPunct(')')
        || !ts.get(4).is("to")) {
      return null;
    }
    String query = ts.get(2).unquoted().replace("\\'", "'");
    return new Plan(StatementKind.UNLOAD, List.of(), List.of(), query);
  }

  /** {@code INSERT OVERWRITE [LOCAL] DIRECTORY 'path' [ROW FORMAT …|STORED AS …|USING …] query}. */
  private static Plan directory(String sql) {
    List<Token> head = SqlTokens.of(sql, 4);
    if (head.stream().noneMatch(t -> t.is("directory"))) {
      return null; // every other INSERT: four tokens looked at, no more
    }
    List<Token> ts = SqlTokens.of(sql);
    int k = 1;
    if (k < ts.size() && (ts.get(k).is("overwrite") || ts.get(k).is("into"))) {
      k++;
    }
    if (k < ts.size() && ts.get(k).is("local")) {
      k++;
    }
    if (k >= ts.size() || !ts.get(k).is("directory")) {
      return null;
    }
    for (int q = k + 1; q < ts.size(); q++) {
      Token t = ts.get(q);
      if (t.depth() == 0 && (t.is("select") || t.is("with") || t.is("from"))) {
        return new Plan(StatementKind.INSERT, List.of(), List.of(), sql.substring(t.start()));
      }
    }
    return null;
  }
}
