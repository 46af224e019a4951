package io.github.lineage.sql;

import io.github.lineage.core.model.StatementKind;
import java.util.Optional;

/**
 * Safe textual rewrites for JSqlParser 5.4 misreadings that parse without error but give wrong
 * lineage: {@code INSERT OVERWRITE tab SELECT} (read as table OVERWRITE, alias tab) and T-SQL
 * {@code t (NOLOCK)} (read as a table function). Linear scans, no regular expressions; statements
 * without the trigger words are returned unchanged (the common case costs one scan).
 */
final class Preprocessor {

  private Preprocessor() {}

  static String apply(String sql) {
    String s = blankLines(sql);
    s = insertOverwrite(s);
    s = dollarQuotes(s);
    return tableHints(s);
  }

  /**
   * Drops whitespace-only lines: JSqlParser 5.4 takes two or more blank lines for the end of a
   * statement and silently parses only what came before (or fails on what follows), while real SQL
   * often has blank lines between CTEs or clauses. Safe for lineage everywhere: inside a string
   * literal or a comment the text never yields lineage.
   */
  static String blankLines(String sql) {
    int first = sql.indexOf('\n');
    if (first < 0 || !hasBlankLine(sql, first)) {
      return sql;
    }
    StringBuilder out = new StringBuilder(sql.length());
    int lineStart = 0;
    int n = sql.length();
    while (lineStart < n) {
      int nl = sql.indexOf('\n', lineStart);
      int lineEnd = nl < 0 ? n : nl + 1;
      if (!isBlank(sql, lineStart, nl < 0 ? n : nl) || lineStart == 0) {
        out.append(sql, lineStart, lineEnd);
      }
      lineStart = lineEnd;
    }
    return out.toString();
  }

  private static boolean hasBlankLine(String sql, int from) {
    for (int nl = from; nl >= 0; nl = sql.indexOf('\n', nl + 1)) {
      int next = sql.indexOf('\n', nl + 1);
      if (next > 0 && isBlank(sql, nl + 1, next)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isBlank(String sql, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = sql.charAt(i);
      if (c != ' ' && c != '\t' && c != '\r' && c != '\f') {
        return false;
      }
    }
    return true;
  }

  /**
   * $tag$ … $tag$ → '' : JSqlParser's lexer reads only $$ … $$; a dollar-quoted body is a literal
   * (function bodies, strings) and never lineage.
   */
  static String dollarQuotes(String sql) {
    int at = sql.indexOf('$');
    if (at < 0) {
      return sql;
    }
    StringBuilder out = null;
    int copied = 0;
    while (at >= 0 && at < sql.length()) {
      int tagEnd = StatementSplitter.dollarTagEnd(sql, at);
      if (tagEnd < 0) {
        at = sql.indexOf('$', at + 1);
        continue;
      }
      String tag = sql.substring(at, tagEnd);
      int close = sql.indexOf(tag, tagEnd);
      int stop = close < 0 ? sql.length() : close + tag.length();
      if (out == null) {
        out = new StringBuilder(sql.length());
      }
      out.append(sql, copied, at).append("''");
      copied = stop;
      at = stop >= sql.length() ? -1 : sql.indexOf('$', stop);
    }
    if (out == null) {
      return sql;
    }
    out.append(sql, copied, sql.length());
    return out.toString();
  }

  /**
   * INSERT OVERWRITE x → INSERT OVERWRITE TABLE x (unless TABLE, DIRECTORY or LOCAL follows), also
   * after a WITH clause; Snowflake's INSERT OVERWRITE INTO x → INSERT OVERWRITE TABLE x.
   */
  static String insertOverwrite(String sql) {
    int at = indexOfIgnoreCase(sql, "overwrite", 0);
    while (at >= 0) {
      int before = at - 1;
      while (before >= 0 && Character.isWhitespace(sql.charAt(before))) {
        before--;
      }
      int j = word(sql, at, "overwrite");
      if (j > 0 && before >= 5 && sql.regionMatches(true, before - 5, "insert", 0, 6)) {
        int k = skipWs(sql, j);
        int into = word(sql, k, "into");
        if (into > 0) {
          return sql.substring(0, k)
              + "TABLE"
              + sql.substring(into); // Snowflake INSERT OVERWRITE INTO t
        }
        if (word(sql, k, "table") < 0
            && word(sql, k, "directory") < 0
            && word(sql, k, "local") < 0) {
          return sql.substring(0, k) + "TABLE " + sql.substring(k);
        }
      }
      at = indexOfIgnoreCase(sql, "overwrite", at + 9);
    }
    return sql;
  }

  /**
   * The body of {@code CREATE PROCEDURE/FUNCTION … BEGIN body END}: offsets {start, end} of the
   * text between the first BEGIN and the last END, or null when {@code sql} is not such a routine.
   */
  static int[] routineBody(String sql) {
    if (word(sql, 0, "create") < 0) {
      return null;
    }
    int begin = wordIndex(sql, "begin", 0);
    if (begin < 0) {
      return null;
    }
    int proc = wordIndex(sql, "procedure", 0);
    int func = wordIndex(sql, "function", 0);
    if (!((proc >= 0 && proc < begin) || (func >= 0 && func < begin))) {
      return null;
    }
    int end = -1;
    for (int at = wordIndex(sql, "end", begin); at >= 0; at = wordIndex(sql, "end", at + 3)) {
      end = at;
    }
    return end < 0 ? null : new int[] {begin + 5, end};
  }

  private static int wordIndex(String s, String w, int from) {
    for (int at = indexOfIgnoreCase(s, w, from); at >= 0; at = indexOfIgnoreCase(s, w, at + 1)) {
      boolean startOk =
          at == 0 || !(Character.isLetterOrDigit(s.charAt(at - 1)) || s.charAt(at - 1) == '_');
      if (startOk && word(s, at, w) >= 0) {
        return at;
      }
    }
    return -1;
  }

  /**
   * The statement inside a procedure body's control flow: {@code IF c THEN stmt}, {@code ELSEIF c
   * THEN stmt}, {@code ELSE stmt}, {@code WHILE c DO stmt}, {@code LOOP stmt}, {@code REPEAT stmt},
   * {@code BEGIN stmt} and {@code label: stmt} give {@code stmt}; {@code END IF}, {@code END LOOP},
   * {@code UNTIL c END REPEAT} and the like give the empty string. Conditions carry no lineage of a
   * table edge; the statements they guard do.
   */
  static String stripControlFlow(String sql) {
    String rest = sql.strip();
    while (!rest.isEmpty()) {
      int end;
      if ((end = word(rest, 0, "if")) >= 0
          || (end = word(rest, 0, "elseif")) >= 0
          || (end = word(rest, 0, "elsif")) >= 0
          || (end = word(rest, 0, "while")) >= 0) {
        int body = bodyStart(rest, end);
        if (body < 0) {
          return rest;
        }
        rest = rest.substring(body).strip();
      } else if ((end = word(rest, 0, "else")) >= 0
          || (end = word(rest, 0, "loop")) >= 0
          || (end = word(rest, 0, "repeat")) >= 0
          || (end = word(rest, 0, "begin")) >= 0) {
        rest = rest.substring(end).strip();
      } else if ((end = word(rest, 0, "end")) >= 0 || word(rest, 0, "until") >= 0) {
        int k = end >= 0 ? skipWs(rest, end) : 0;
        if (end >= 0 && k < rest.length() && !isControlWord(rest, k)) {
          return rest;
        }
        return "";
      } else {
        int colon = labelEnd(rest);
        if (colon < 0) {
          return rest;
        }
        rest = rest.substring(colon + 1).strip();
      }
    }
    return rest;
  }

  private static final String[] BODY_WORDS = {"then", "do", "loop", "begin"};
  private static final String[] STATEMENT_WORDS = {
    "insert",
    "update",
    "delete",
    "merge",
    "truncate",
    "select",
    "with",
    "create",
    "set",
    "exec",
    "execute",
    "return",
    "break",
    "continue",
    "print"
  };

  /**
   * Where the statement guarded by an IF/WHILE condition starts, searching outside parentheses:
   * after THEN, DO or LOOP; at BEGIN (T-SQL); else at the first statement keyword (T-SQL's {@code
   * IF cond INSERT …}). -1 when there is none.
   */
  private static int bodyStart(String s, int from) {
    int depth = 0;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth = Math.max(0, depth - 1);
      } else if (c == '\'') {
        int close = s.indexOf('\'', i + 1);
        i = close < 0 ? s.length() : close;
      } else if (depth == 0
          && (i == 0 || !(Character.isLetterOrDigit(s.charAt(i - 1)) || s.charAt(i - 1) == '_'))) {
        for (String w : BODY_WORDS) {
          int end = word(s, i, w);
          if (end >= 0) {
            return w.equals("begin") ? i : end;
          }
        }
        for (String w : STATEMENT_WORDS) {
          if (word(s, i, w) >= 0) {
            return i;
          }
        }
      }
    }
    return -1;
  }

  private static boolean isControlWord(String s, int k) {
    for (String w : new String[] {"if", "loop", "while", "repeat", "case", "for"}) {
      if (word(s, k, w) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** The offset of the ':' ending a leading {@code label:}, else -1 (never a {@code ::} cast). */
  private static int labelEnd(String s) {
    int i = 0;
    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
      i++;
    }
    if (i == 0
        || i >= s.length()
        || s.charAt(i) != ':'
        || (i + 1 < s.length() && s.charAt(i + 1) == ':')) {
      return -1;
    }
    return i;
  }

  /**
   * The kind of a statement JSqlParser cannot read but that carries no lineage by nature (utility
   * commands, DROP/ALTER, function definitions), judged by its leading keywords; empty otherwise.
   */
  static Optional<StatementKind> utilityKind(String sql) {
    int end = 0;
    while (end < sql.length() && (Character.isLetter(sql.charAt(end)) || sql.charAt(end) == '_')) {
      end++;
    }
    String head = sql.substring(0, end).toLowerCase(java.util.Locale.ROOT);
    switch (head) {
      case "drop":
        return Optional.of(StatementKind.DROP);
      case "alter":
        return Optional.of(StatementKind.ALTER);
      case "analyze",
      "analyse",
      "cache",
      "uncache",
      "refresh",
      "add",
      "list",
      "msck",
      "describe",
      "desc",
      "show",
      "set",
      "use",
      "reset",
      "explain",
      "vacuum",
      "optimize",
      "grant",
      "revoke",
      "comment",
      "call",
      "exec",
      "execute",
      "declare",
      "print",
      "go",
      "begin",
      "commit",
      "rollback",
      "start",
      "end",
      "load",
      "unset":
        return Optional.of(StatementKind.OTHER);
      case "create":
        {
          int k = skipWs(sql, end);
          for (String w : new String[] {"or replace", "temporary", "temp"}) {
            if (sql.regionMatches(true, k, w, 0, w.length())) {
              k = skipWs(sql, k + w.length());
            }
          }
          for (String w :
              new String[] {
                "function",
                "macro",
                "index",
                "unique",
                "sequence",
                "role",
                "user",
                "schema",
                "database",
                "type",
                "extension",
                "trigger",
                "procedure",
                "stage",
                "file format",
                "warehouse"
              }) {
            if (word(sql, k, w.contains(" ") ? w.substring(0, w.indexOf(' ')) : w) >= 0) {
              return Optional.of(StatementKind.OTHER);
            }
          }
          return Optional.empty();
        }
      default:
        return Optional.empty();
    }
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
          out.append(sql, copied, open).append(" WITH ");
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
      if ((c == first || Character.toLowerCase(c) == first)
          && s.regionMatches(true, i, w, 0, w.length())) {
        return i;
      }
    }
    return -1;
  }
}
