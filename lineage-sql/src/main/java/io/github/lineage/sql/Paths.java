package io.github.lineage.sql;

import net.sf.jsqlparser.schema.Table;

/**
 * Storage paths where a table name stands: Spark's {@code parquet.`path`} (and the other file
 * formats), a quoted name holding {@code /} or a URI scheme ({@code s3://…}, {@code gs://…}, {@code
 * hdfs://…}), a Snowflake stage ({@code @stage}). docs/design.md §4: a path is never a table, so it
 * is left out of table lineage.
 */
final class Paths {

  private Paths() {}

  /**
   * @param stages whether an unquoted {@code @name} is a Snowflake stage (Snowflake dialect);
   *     elsewhere it is a T-SQL table variable, a table of its batch. A quoted {@code `@…`} is
   *     always a stage: {@link Repairs#stageReferences} writes stage references so.
   */
  static boolean isPath(Table t, boolean stages) {
    String name = t.getName();
    String full = t.getFullyQualifiedName();
    if (name == null || full == null) {
      return false;
    }
    if (full.startsWith("`@") || full.startsWith("\"@")) {
      return true; // (JSqlParser's getName() of `@x` is "`": the whole name is looked at)
    }
    String bare = unquote(name);
    if (bare.startsWith("@")) {
      return stages || bare.indexOf('/') >= 0;
    }
    if (looksLikePath(bare)) {
      return true;
    }
    String schema = t.getSchemaName();
    return schema != null
        && name.startsWith("`")
        && Repairs.FILE_FORMATS.contains(unquote(schema).toLowerCase(java.util.Locale.ROOT))
        && t.getDatabaseName() == null;
  }

  /**
   * A URI ({@code scheme://}), a stage ({@code @name}), or a file-system path ({@code /} inside).
   */
  static boolean looksLikePath(String s) {
    return s.startsWith("@") || s.indexOf('/') >= 0 || s.contains("://");
  }

  private static String unquote(String s) {
    if (s.length() >= 2) {
      char c = s.charAt(0);
      if (c == '`' || c == '"' || c == '[') {
        return s.substring(1, s.length() - 1);
      }
    }
    return s;
  }
}
