package io.github.lineage.sql;

import java.util.Locale;
import java.util.Set;

/**
 * T-SQL batches without semicolons, for {@link StatementSplitter}: decides whether a statement
 * keyword at the start of a line begins a new statement. It does unless the statement so far cannot
 * end there: the previous significant token is an operator, a comma or a word after which a
 * statement is never complete (THEN, AS, OR, UNION, …), or the keyword continues the statement's
 * own form ({@code UPDATE t} then {@code SET}, {@code INSERT INTO t} then {@code SELECT}). Keywords
 * are looked at only at line starts outside parentheses, so the cost is a few character comparisons
 * a line.
 */
final class TsqlBatches {

  /** Keywords that always start a statement (unless the previous token continues one). */
  private static final Set<String> STARTERS =
      Set.of(
          "insert",
          "update",
          "delete",
          "merge",
          "create",
          "alter",
          "drop",
          "truncate",
          "declare",
          "exec",
          "execute",
          "print",
          "use",
          "select",
          "with",
          "set");

  /** Words after which a statement is never complete. */
  private static final Set<String> CONTINUING =
      Set.of(
          "then",
          "else",
          "as",
          "or",
          "and",
          "not",
          "for",
          "after",
          "before",
          "instead",
          "of",
          "on",
          "by",
          "union",
          "all",
          "intersect",
          "except",
          "minus",
          "distinct",
          "into",
          "from",
          "table",
          "where",
          "set",
          "join",
          "in",
          "is",
          "with",
          "return",
          "select",
          "values",
          "using",
          "begin",
          "when",
          "top",
          "procedure",
          "proc",
          "function",
          "view",
          "trigger",
          "exists",
          "like",
          "between",
          "having",
          "output");

  private final String sql;
  private int lastSig = -1;

  TsqlBatches(String sql) {
    this.sql = sql;
  }

  /** Records a significant character (the first of a quoted token or a word). */
  void significant(char c, int at) {
    lastSig = at;
  }

  /**
   * Whether the keyword line at {@code at} starts a new statement; {@code start} is the offset of
   * the current statement's first character.
   */
  boolean startsStatement(int start, int at) {
    String word = wordAt(at);
    if (!STARTERS.contains(word) || lastSig < start) {
      return false;
    }
    char prev = sql.charAt(lastSig);
    if (!(Character.isLetterOrDigit(prev)
        || prev == '_'
        || prev == ')'
        || prev == '\''
        || prev == '"'
        || prev == ']'
        || prev == '`'
        || prev == '@'
        || prev == '#')) {
      return false; // an operator, ',', '.', '=' …: the expression goes on
    }
    if (Character.isLetter(prev) || prev == '_') {
      if (CONTINUING.contains(wordAround(lastSig))) {
        return false;
      }
    }
    String head = wordAt(start);
    if (head.equals("with") && prev == ')') {
      return false; // WITH c AS (…) then the statement the CTEs belong to
    }
    switch (word) {
      case "select":
        return !(head.equals("insert")
            || head.equals("create")
            || head.equals("alter")
            || head.equals("with")
            || head.equals("declare"));
      case "set":
        return !(head.equals("update")
            || head.equals("merge")
            || head.equals("alter")
            || head.equals("create"));
      case "exec", "execute":
        return !head.equals("insert");
      case "with":
        return ctesFollow(at + 4);
      default:
        return true;
    }
  }

  /** {@code WITH name AS (} or {@code WITH name (}: a CTE, not a table hint or WITH ROLLUP. */
  private boolean ctesFollow(int from) {
    int i = skipWs(from);
    int end = identEnd(i);
    if (end == i) {
      return false;
    }
    String name = sql.substring(i, end).toLowerCase(Locale.ROOT);
    if (name.equals("rollup")
        || name.equals("cube")
        || name.equals("ties")
        || name.equals("check")
        || name.equals("nocheck")) {
      return false;
    }
    int k = skipWs(end);
    return k < sql.length() && (sql.charAt(k) == '(' || sql.regionMatches(true, k, "as", 0, 2));
  }

  /**
   * The end of a line holding only {@code GO} (optionally a count, a {@code --} comment or a {@code
   * ;}) when {@code at} starts one, else -1.
   */
  static int goLineEnd(String sql, int at) {
    if (!sql.regionMatches(true, at, "go", 0, 2)) {
      return -1;
    }
    int n = sql.length();
    int i = at + 2;
    if (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
      return -1;
    }
    while (i < n && (sql.charAt(i) == ' ' || sql.charAt(i) == '\t')) {
      i++;
    }
    while (i < n && Character.isDigit(sql.charAt(i))) {
      i++;
    }
    while (i < n && (sql.charAt(i) == ' ' || sql.charAt(i) == '\t' || sql.charAt(i) == ';')) {
      i++;
    }
    if (i + 1 < n && sql.charAt(i) == '-' && sql.charAt(i + 1) == '-') {
      return i; // the splitter skips the comment itself
    }
    return i >= n || sql.charAt(i) == '\n' || sql.charAt(i) == '\r' ? i : -1;
  }

  private String wordAt(int at) {
    return sql.substring(at, identEnd(at)).toLowerCase(Locale.ROOT);
  }

  private String wordAround(int at) {
    int s = at;
    while (s > 0 && isIdent(sql.charAt(s - 1))) {
      s--;
    }
    return wordAt(s);
  }

  private int identEnd(int i) {
    int e = i;
    while (e < sql.length() && isIdent(sql.charAt(e))) {
      e++;
    }
    return e;
  }

  private static boolean isIdent(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private int skipWs(int i) {
    while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
      i++;
    }
    return i;
  }
}
