package io.github.lineage.sql;

import io.github.lineage.sql.SqlTokens.Kind;
import io.github.lineage.sql.SqlTokens.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Rewrites of warehouse constructs JSqlParser 5.4 rejects into forms it reads, each keeping the
 * statement's lineage (docs/design.md §4): run only after a statement failed to parse, so they cost
 * nothing on SQL that parses. Token-based ({@link SqlTokens}), never a regular expression, and
 * never a guess at lineage: tables and queries stay where the statement put them; only syntax that
 * carries no lineage (table options, partition specs) is dropped or spelled the way JSqlParser
 * expects.
 */
final class Repairs {

  private Repairs() {}

  /** The repaired statement, or null when no repair applies. */
  static String apply(String sql) {
    String s = sql;
    boolean changed = false;
    for (int k = 0; k < 9; k++) {
      String t =
          switch (k) {
            case 0 -> createRebuilt(s);
            case 1 -> mergeWithoutInto(s);
            case 2 -> mergeInsertRow(s);
            case 3 -> ctesWithoutAs(s);
            case 4 -> compoundAssignments(s);
            case 5 -> exchangePartitionSpec(s);
            case 6 -> stageReferences(s);
            case 7 -> multiInsertWithoutValues(s);
            default -> fileFormatPaths(s);
          };
      if (t != null && !t.equals(s)) {
        s = t;
        changed = true;
      }
    }
    return changed ? s : null;
  }

  // ------------------------------------------------------------------ CREATE TABLE / VIEW

  private static final Set<String> CONSTRAINT_WORDS =
      Set.of(
          "primary",
          "constraint",
          "unique",
          "foreign",
          "key",
          "index",
          "check",
          "period",
          "like",
          "fulltext",
          "spatial");

  /**
   * {@code CREATE [modifiers] TABLE|VIEW name [(columns)] <options> [AS] query} → {@code CREATE
   * TABLE|VIEW name [(columns)] [AS query]}: Hive/Spark {@code USING}, {@code CLUSTERED BY … INTO n
   * BUCKETS}, {@code ROW FORMAT SERDE}, {@code STORED AS}, {@code LOCATION}, {@code TBLPROPERTIES},
   * BigQuery {@code PARTITION BY}, {@code CLUSTER BY}, {@code OPTIONS(…)}, Snowflake {@code SECURE}
   * and {@code COPY GRANTS}, Athena {@code WITH (…)} and the like carry no lineage. Spark's {@code
   * CREATE TABLE t SELECT …} (no AS) gets its AS. Column definitions keep their names only (their
   * types carry no lineage and are what JSqlParser most often rejects).
   */
  static String createRebuilt(String sql) {
    List<Token> ts = SqlTokens.of(sql);
    if (ts.isEmpty() || !ts.get(0).is("create")) {
      return null;
    }
    int k = 1;
    while (k < ts.size()
        && k < 12
        && ts.get(k).kind() == Kind.WORD
        && !ts.get(k).is("table")
        && !ts.get(k).is("view")) {
      k++;
    }
    if (k >= ts.size() || !(ts.get(k).is("table") || ts.get(k).is("view"))) {
      return null;
    }
    boolean view = ts.get(k).is("view");
    k++;
    if (k + 2 < ts.size()
        && ts.get(k).is("if")
        && ts.get(k + 1).is("not")
        && ts.get(k + 2).is("exists")) {
      k += 3;
    }
    int nameEnd = SqlTokens.nameEnd(ts, k);
    if (nameEnd == k) {
      return null;
    }
    String name = SqlTokens.text(sql, ts, k, nameEnd);
    String object = view ? "CREATE VIEW " : "CREATE TABLE ";
    int j = nameEnd;
    if (!view && j + 1 < ts.size() && (ts.get(j).is("clone") || ts.get(j).is("like"))) {
      int srcEnd = SqlTokens.nameEnd(ts, j + 1);
      return srcEnd == j + 1
          ? null
          : object
              + name
              + " "
              + ts.get(j).text().toUpperCase(java.util.Locale.ROOT)
              + " "
              + SqlTokens.text(sql, ts, j + 1, srcEnd);
    }
    List<String> columns = null;
    if (j + 1 < ts.size() && ts.get(j).isPunct('(') && !startsQuery(ts, j + 1)) {
      int close = SqlTokens.closing(ts, j);
      columns = columnNames(ts, j, close);
      j = close + 1;
    }
    int query = -1;
    for (int q = j; q < ts.size() && query < 0; q++) {
      Token t = ts.get(q);
      if (t.depth() != 0) {
        continue;
      }
      if (t.is("as")
          && q + 1 < ts.size()
          && (startsQuery(ts, q + 1) || ts.get(q + 1).isPunct('('))) {
        query = q + 1;
      } else if (!view && t.is("select")) {
        query = q;
      }
    }
    if (view && query < 0) {
      return null;
    }
    StringBuilder out = new StringBuilder(object).append(name);
    if (columns != null && !columns.isEmpty()) {
      out.append(" (");
      for (int c = 0; c < columns.size(); c++) {
        out.append(c == 0 ? "" : ", ").append(columns.get(c)).append(view ? "" : " VARCHAR");
      }
      out.append(')');
    }
    if (query >= 0) {
      out.append(" AS ").append(sql, ts.get(query).start(), sql.length());
    }
    return out.toString();
  }

  private static boolean startsQuery(List<Token> ts, int k) {
    return k < ts.size() && (ts.get(k).is("select") || ts.get(k).is("with"));
  }

  /**
   * The first token of each top-level item of the group {@code (…)} at {@code open}, constraints
   * left out.
   */
  private static List<String> columnNames(List<Token> ts, int open, int close) {
    List<String> out = new ArrayList<>();
    int depth = ts.get(open).depth() + 1;
    boolean itemStart = true;
    int angles = 0; // STRUCT<a INT64, b STRING>: the comma inside a type ends no column
    for (int k = open + 1; k < close; k++) {
      Token t = ts.get(k);
      if (t.isPunct('<')) {
        angles++;
      } else if (t.isPunct('>')) {
        angles = Math.max(0, angles - 1);
      } else if (t.depth() == depth && angles == 0 && t.isPunct(',')) {
        itemStart = true;
      } else if (itemStart) {
        itemStart = false;
        if ((t.kind() == Kind.WORD && !CONSTRAINT_WORDS.contains(t.lower()))
            || t.kind() == Kind.QUOTED) {
          out.add(t.text());
        }
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ MERGE

  /** BigQuery {@code MERGE target USING …} → {@code MERGE INTO target USING …}. */
  static String mergeWithoutInto(String sql) {
    List<Token> ts = SqlTokens.of(sql, 2);
    if (ts.size() < 2 || !ts.get(0).is("merge") || ts.get(1).is("into")) {
      return null;
    }
    return sql.substring(0, ts.get(1).start()) + "INTO " + sql.substring(ts.get(1).start());
  }

  /**
   * BigQuery {@code WHEN NOT MATCHED THEN INSERT ROW} → {@code INSERT VALUES (ROW)}: JSqlParser
   * reads the latter; {@link MergeStatements} takes an unquoted {@code ROW} value for "every source
   * column, by position" (ROW is reserved in BigQuery, so no column is named so unquoted).
   */
  static String mergeInsertRow(String sql) {
    if (Preprocessor.indexOfIgnoreCase(sql, "row", 0) < 0) {
      return null;
    }
    List<Token> ts = SqlTokens.of(sql);
    StringBuilder out = null;
    int copied = 0;
    for (int k = 1; k + 1 < ts.size(); k++) {
      if (ts.get(k).is("insert") && ts.get(k + 1).is("row") && ts.get(k - 1).is("then")) {
        if (out == null) {
          out = new StringBuilder(sql.length() + 16);
        }
        out.append(sql, copied, ts.get(k + 1).start()).append("VALUES (ROW)");
        copied = ts.get(k + 1).end();
      }
    }
    return out == null ? null : out.append(sql, copied, sql.length()).toString();
  }

  /**
   * Oracle {@code INSERT ALL|FIRST … INTO t [(cols)] …} without a VALUES clause (the subquery's
   * columns, by position) → {@code INTO t [(cols)] VALUES (ROW)}: JSqlParser requires VALUES there;
   * {@link InsertStatements} takes a lone unquoted {@code ROW} for "the select columns by position"
   * (ROW is reserved in Oracle, so no column is named so unquoted).
   */
  static String multiInsertWithoutValues(String sql) {
    List<Token> ts = SqlTokens.of(sql);
    if (ts.size() < 3
        || !ts.get(0).is("insert")
        || !(ts.get(1).is("all") || ts.get(1).is("first"))) {
      return null;
    }
    int top = ts.get(0).depth();
    StringBuilder out = null;
    int copied = 0;
    for (int k = 2; k + 1 < ts.size(); k++) {
      if (ts.get(k).depth() != top || !ts.get(k).is("into")) {
        continue;
      }
      int end = SqlTokens.nameEnd(ts, k + 1);
      if (end < ts.size() && ts.get(end).isPunct('(')) {
        end = SqlTokens.closing(ts, end) + 1;
      }
      if (end < ts.size() && ts.get(end).is("values")) {
        continue;
      }
      int at = end < ts.size() ? ts.get(end).start() : sql.length();
      if (out == null) {
        out = new StringBuilder(sql.length() + 32);
      }
      out.append(sql, copied, at).append(end < ts.size() ? "VALUES (ROW) " : " VALUES (ROW)");
      copied = at;
      k = end - 1;
    }
    return out == null ? null : out.append(sql, copied, sql.length()).toString();
  }

  // ------------------------------------------------------------------ CTEs

  /** Spark {@code WITH t (SELECT …)} → {@code WITH t AS (SELECT …)}, for each CTE of the list. */
  static String ctesWithoutAs(String sql) {
    List<Token> ts = SqlTokens.of(sql);
    List<Integer> inserts = new ArrayList<>();
    for (int k = 0; k < ts.size(); k++) {
      if (!ts.get(k).is("with")) {
        continue;
      }
      int j = k + 1;
      if (j < ts.size() && ts.get(j).is("recursive")) {
        j++;
      }
      boolean first = true;
      while (j + 2 < ts.size()) {
        Token name = ts.get(j);
        if (!(name.kind() == Kind.WORD || name.kind() == Kind.QUOTED)) {
          break;
        }
        int open;
        if (ts.get(j + 1).isPunct('(') && startsQuery(ts, j + 2)) {
          inserts.add(name.end());
          open = j + 1;
        } else if (ts.get(j + 1).is("as") && ts.get(j + 2).isPunct('(')) {
          open = j + 2;
        } else {
          break;
        }
        first = false;
        int next = SqlTokens.closing(ts, open) + 1;
        if (next < ts.size() && ts.get(next).isPunct(',')) {
          j = next + 1;
        } else {
          break;
        }
      }
      if (!first) {
        k = j;
      }
    }
    if (inserts.isEmpty()) {
      return null;
    }
    StringBuilder out = new StringBuilder(sql.length() + 4 * inserts.size());
    int copied = 0;
    for (int at : inserts) {
      out.append(sql, copied, at).append(" AS");
      copied = at;
    }
    return out.append(sql, copied, sql.length()).toString();
  }

  // ------------------------------------------------------------------ T-SQL

  private static final String COMPOUND_OPS = "+-*/%&|^";
  private static final Set<String> SET_LIST_END =
      Set.of("from", "where", "output", "option", "when", "select");

  /**
   * T-SQL compound assignment {@code x += e} (in {@code UPDATE … SET} and {@code SET @v}) → {@code
   * x = x + (e)}: the same reads and writes, in a form JSqlParser reads.
   */
  static String compoundAssignments(String sql) {
    if (sql.indexOf('=') < 0) {
      return null;
    }
    List<Token> ts = SqlTokens.of(sql);
    StringBuilder out = null;
    int copied = 0;
    for (int k = 1; k + 1 < ts.size(); k++) {
      Token op = ts.get(k);
      Token eq = ts.get(k + 1);
      if (op.kind() != Kind.PUNCT
          || COMPOUND_OPS.indexOf(op.text().charAt(0)) < 0
          || !eq.isPunct('=')
          || eq.start() != op.end()) {
        continue;
      }
      int lhs = k - 1;
      if (!(ts.get(lhs).kind() == Kind.WORD || ts.get(lhs).kind() == Kind.QUOTED)) {
        continue;
      }
      while (lhs >= 2
          && ts.get(lhs - 1).isPunct('.')
          && (ts.get(lhs - 2).kind() == Kind.WORD || ts.get(lhs - 2).kind() == Kind.QUOTED)) {
        lhs -= 2;
      }
      int end = k + 2;
      while (end < ts.size()) {
        Token t = ts.get(end);
        if (t.depth() < op.depth()
            || (t.depth() == op.depth()
                && (t.isPunct(',')
                    || t.isPunct(';')
                    || (t.kind() == Kind.WORD && SET_LIST_END.contains(t.lower()))))) {
          break;
        }
        end++;
      }
      if (end == k + 2) {
        continue;
      }
      String target = SqlTokens.text(sql, ts, lhs, k);
      if (out == null) {
        out = new StringBuilder(sql.length() + 32);
      }
      out.append(sql, copied, ts.get(lhs).start())
          .append(target)
          .append(" = ")
          .append(target)
          .append(' ')
          .append(op.text())
          .append(" (")
          .append(SqlTokens.text(sql, ts, k + 2, end))
          .append(')');
      copied = ts.get(end - 1).end();
      k = end - 1;
    }
    return out == null ? null : out.append(sql, copied, sql.length()).toString();
  }

  // ------------------------------------------------------------------ Hive

  /**
   * Hive {@code ALTER TABLE a EXCHANGE PARTITION (p='v') WITH TABLE b} → {@code … EXCHANGE
   * PARTITION p WITH TABLE b}: JSqlParser reads only Oracle's named partition; the spec carries no
   * lineage.
   */
  static String exchangePartitionSpec(String sql) {
    if (Preprocessor.indexOfIgnoreCase(sql, "exchange", 0) < 0) {
      return null;
    }
    List<Token> ts = SqlTokens.of(sql);
    for (int k = 0; k + 2 < ts.size(); k++) {
      if (ts.get(k).is("exchange") && ts.get(k + 1).is("partition") && ts.get(k + 2).isPunct('(')) {
        int close = SqlTokens.closing(ts, k + 2);
        return sql.substring(0, ts.get(k + 2).start())
            + "partition_spec"
            + sql.substring(ts.get(close).end());
      }
    }
    return null;
  }

  /**
   * Snowflake {@code FROM @db.s.stage/path/ (FILE_FORMAT => 'f', PATTERN => '…')} → {@code FROM
   * `@db.s.stage/path/`}: a stage reference JSqlParser reads as a quoted name, which {@link Paths}
   * takes for a path (never a table); its options carry no lineage.
   */
  static String stageReferences(String sql) {
    if (sql.indexOf('@') < 0) {
      return null;
    }
    List<Token> ts = SqlTokens.of(sql);
    StringBuilder out = new StringBuilder(sql.length() + 8);
    boolean stage = false;
    int copied = 0;
    for (int k = 1; k < ts.size(); k++) {
      Token t = ts.get(k);
      Token prev = ts.get(k - 1);
      if (t.kind() == Kind.WORD
          && t.text().startsWith("$")
          && prev.isPunct('.')
          && prev.end() == t.start()) {
        // alias.$1, a staged file's column by position: quoted, as JSqlParser reads only a bare $1
        out.append(sql, copied, t.start()).append('"').append(t.text()).append('"');
        copied = t.end();
        continue;
      }
      if (t.kind() != Kind.WORD
          || !t.text().startsWith("@")
          || !(prev.is("from") || prev.is("join") || prev.isPunct(','))) {
        continue;
      }
      stage = true;
      int j = k + 1;
      while (j < ts.size()
          && ts.get(j).start() == ts.get(j - 1).end()
          && !ts.get(j).isPunct(',')
          && !ts.get(j).isPunct('(')
          && !ts.get(j).isPunct(')')) {
        j++; // @stage.name/path/to/: written without spaces
      }
      int end = j;
      if (j + 1 < ts.size()
          && ts.get(j).isPunct('(')
          && ts.get(j + 1).kind() == Kind.WORD
          && j + 2 < ts.size()
          && ts.get(j + 2).isPunct('=')) {
        end = SqlTokens.closing(ts, j) + 1; // (FILE_FORMAT => …, PATTERN => …)
      }
      out.append(sql, copied, t.start())
          .append('`')
          .append(SqlTokens.text(sql, ts, k, j).replace("`", ""))
          .append('`');
      copied = ts.get(end - 1).end();
      k = end - 1;
    }
    return stage ? out.append(sql, copied, sql.length()).toString() : null;
  }

  /** Spark's file formats that {@code fmt.`path`} reads directly (see {@link Paths}). */
  static final Set<String> FILE_FORMATS =
      Set.of(
          "parquet",
          "delta",
          "csv",
          "json",
          "orc",
          "avro",
          "text",
          "binaryfile",
          "hudi",
          "iceberg",
          "xml");

  /** {@code csv.`path`} → {@code `csv`.`path`}: JSqlParser reserves some format names (CSV). */
  static String fileFormatPaths(String sql) {
    if (sql.indexOf(".`") < 0) {
      return null;
    }
    List<Token> ts = SqlTokens.of(sql);
    StringBuilder out = null;
    int copied = 0;
    for (int k = 0; k + 2 < ts.size(); k++) {
      Token t = ts.get(k);
      if (t.kind() == Kind.WORD
          && FILE_FORMATS.contains(t.lower())
          && ts.get(k + 1).isPunct('.')
          && ts.get(k + 2).kind() == Kind.QUOTED
          && ts.get(k + 2).text().charAt(0) == '`') {
        if (out == null) {
          out = new StringBuilder(sql.length() + 8);
        }
        out.append(sql, copied, t.start()).append('`').append(t.text()).append('`');
        copied = t.end();
      }
    }
    return out == null ? null : out.append(sql, copied, sql.length()).toString();
  }
}
