package io.github.lineage.sql;

import net.sf.jsqlparser.schema.Table;

/**
 * Storage paths where a table name stands: Spark's {@code parquet.`path`} (and the other file
 * formats), a quoted name holding {@code /} or a URI scheme ({@code s3://…}, {@code gs://…},
 * {@code hdfs://…}), a Snowflake stage ({@code @stage}). docs/design.md §4: a path is never a table,
 * so it is left out of table lineage.
 */
final class Paths {

  private Paths() {}

  static boolean isPath(Table t) {
    String name = t.getName();
    if (name == null) {
      return false;
    }
    if (looksLikePath(unquote(name))) {
      return true;
    }
    String schema = t.getSchemaName();
    return schema != null && name.startsWith("`") && Repairs.FILE_FORMATS.contains(unquote(schema).toLowerCase(java.util.Locale.ROOT))
        && t.getDatabaseName() == null;
  }

  /** A URI ({@code scheme://}), a stage ({@code @name}), or a file-system path ({@code /} inside). */
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
