package io.github.lineage.sql;

/**
 * Safe textual rewrites for JSqlParser 5.4 misreadings that parse without error but give wrong
 * lineage (FIELD-NOTES): {@code INSERT OVERWRITE tab SELECT} (read as table OVERWRITE, alias tab)
 * and T-SQL {@code t (NOLOCK)} (read as a table function). Linear scans, no regular expressions;
 * statements without the trigger words are returned unchanged (the common case costs one scan).
 */
final class Preprocessor {

  private Preprocessor() {}

  static String apply(String sql) {
    String s = insertOverwrite(sql);
    return tableHints(s);
  }

  /** INSERT OVERWRITE x → INSERT OVERWRITE TABLE x (unless TABLE, DIRECTORY or LOCAL follows). */
  static String insertOverwrite(String sql) {
    int i = word(sql, 0, "insert");
    if (i < 0) {
      return sql;
    }
    int j = word(sql, skipWs(sql, i), "overwrite");
    if (j < 0) {
      return sql;
    }
    int k = skipWs(sql, j);
    if (word(sql, k, "table") >= 0 || word(sql, k, "directory") >= 0 || word(sql, k, "local") >= 0) {
      return sql;
    }
    return sql.substring(0, k) + "TABLE " + sql.substring(k);
  }

  /** {@code t (NOLOCK)} → {@code t WITH (NOLOCK)}: a table hint, not a function call of t. */
  static String tableHints(String sql) {
    int at = indexOfIgnoreCase(sql, "nolock", 0);
    if (at < 0) {
      return sql;
    }
    StringBuilder out = null;
    int copied = 0;
    while (at >= 0) {
      int open = at - 1;
      while (open >= 0 && Character.isWhitespace(sql.charAt(open))) {
        open--;
      }
      if (open >= 0 && sql.charAt(open) == '(') {
        int before = open - 1;
        while (before >= 0 && Character.isWhitespace(sql.charAt(before))) {
          before--;
        }
        boolean hasWith = before >= 3 && sql.regionMatches(true, before - 3, "with", 0, 4);
        if (!hasWith) {
          if (out == null) {
            out = new StringBuilder(sql.length() + 16);
          }
          out.append(sql, copied, open).append("WITH ");
          copied = open;
        }
      }
      at = indexOfIgnoreCase(sql, "nolock", at + 6);
    }
    if (out == null) {
      return sql;
    }
    out.append(sql, copied, sql.length());
    return out.toString();
  }

  /** Offset after {@code w} if it stands at {@code i} as a whole word, else -1. */
  private static int word(String s, int i, String w) {
    if (i < 0 || !s.regionMatches(true, i, w, 0, w.length())) {
      return -1;
    }
    int end = i + w.length();
    if (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) {
      return -1;
    }
    return end;
  }

  private static int skipWs(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  static int indexOfIgnoreCase(String s, String w, int from) {
    int n = s.length() - w.length();
    char first = w.charAt(0);
    for (int i = from; i <= n; i++) {
      char c = s.charAt(i);
      if ((c == first || Character.toLowerCase(c) == first) && s.regionMatches(true, i, w, 0, w.length())) {
        return i;
      }
    }
    return -1;
  }
}
