package io.github.lineage.sql;

import java.util.Locale;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;

/**
 * Normalises identifiers as docs/design.md §4 asks: quotes, brackets and backticks removed,
 * lower-cased unless a double-quoted part is case-sensitive in the chosen dialect.
 */
final class Names {

  private final boolean quotedCaseSensitive;
  private final boolean stages;

  Names(boolean quotedCaseSensitive) {
    this(quotedCaseSensitive, false);
  }

  /**
   * @param stages whether {@code @name} where a table stands is a Snowflake stage (see {@link
   *     Paths})
   */
  Names(boolean quotedCaseSensitive, boolean stages) {
    this.quotedCaseSensitive = quotedCaseSensitive;
    this.stages = stages;
  }

  boolean stages() {
    return stages;
  }

  /**
   * The full name of a table as written: {@code db.schema.table}, {@code schema.table} or {@code
   * table}.
   */
  String table(Table t) {
    String full = t.getFullyQualifiedName();
    return full == null ? "" : name(full);
  }

  /** The column's own name (without qualifier). */
  String column(Column c) {
    return part(c.getColumnName());
  }

  /** The column's qualifier ({@code a} in {@code a.x}, {@code s.t} in {@code s.t.x}), or null. */
  String qualifier(Column c) {
    Table t = c.getTable();
    if (t == null) {
      return null;
    }
    String q = table(t);
    return q.isEmpty() ? null : q;
  }

  /** A possibly dotted name: each part unquoted (quotes may wrap several parts, BigQuery style). */
  String name(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    int n = s.length();
    boolean quoted = false;
    while (i < n) {
      char c = s.charAt(i);
      char close = c == '"' ? '"' : c == '`' ? '`' : c == '[' ? ']' : 0;
      if (close != 0) {
        int end = s.indexOf(close, i + 1);
        if (end < 0) {
          end = n;
        }
        String inner = s.substring(i + 1, end);
        out.append(c == '"' && quotedCaseSensitive ? inner : inner.toLowerCase(Locale.ROOT));
        quoted = true;
        i = end + 1;
        continue;
      }
      out.append(Character.toLowerCase(c));
      i++;
    }
    String r = out.toString();
    // ".." (default schema in T-SQL, db..table) collapses to one dot
    if (r.contains("..")) {
      r = r.replace("..", ".");
    }
    if (quoted) {
      return r.strip();
    }
    return r;
  }

  String part(String s) {
    if (s == null) {
      return "";
    }
    return name(s);
  }

  /** Last dotted segment of a normalised name. */
  static String last(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(dot + 1);
  }
}
