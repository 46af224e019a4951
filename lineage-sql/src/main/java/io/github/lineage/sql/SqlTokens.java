package io.github.lineage.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tokens of one statement for the textual rewrites and fallbacks ({@link Repairs}, {@link
 * StorageStatements}, {@link MultiInsert}): words, string literals, quoted identifiers and single
 * punctuation characters, each with its offsets and parenthesis depth; comments and whitespace are
 * dropped. One linear pass, no regular expressions, so it is safe on megabyte statements.
 */
final class SqlTokens {

  enum Kind {
    WORD,
    STRING,
    QUOTED,
    PUNCT
  }

  /** A token: {@code text.substring(start, end)}; depth counts the '(' open before it. */
  record Token(Kind kind, int start, int end, int depth, String text) {
    boolean is(String word) {
      return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    boolean isPunct(char c) {
      return kind == Kind.PUNCT && text.length() == 1 && text.charAt(0) == c;
    }

    String lower() {
      return text.toLowerCase(Locale.ROOT);
    }

    /** A string literal's content, its doubled quotes undone. */
    String unquoted() {
      if (text.length() < 2) {
        return "";
      }
      char q = text.charAt(0);
      return text.substring(1, text.length() - 1).replace(String.valueOf(q) + q, String.valueOf(q));
    }
  }

  private SqlTokens() {}

  static List<Token> of(String sql) {
    return of(sql, Integer.MAX_VALUE);
  }

  /**
   * The first {@code limit} tokens of {@code sql} (fallbacks that look only at the head stop
   * early).
   */
  static List<Token> of(String sql, int limit) {
    List<Token> out = new ArrayList<>();
    int n = sql.length();
    int i = 0;
    int depth = 0;
    while (i < n && out.size() < limit) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        while (i < n && sql.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int close = sql.indexOf("*/", i + 2);
        i = close < 0 ? n : close + 2;
      } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
        int end = quotedEnd(sql, i, c == '[' ? ']' : c);
        out.add(
            new Token(c == '\'' ? Kind.STRING : Kind.QUOTED, i, end, depth, sql.substring(i, end)));
        i = end;
      } else if (Character.isLetterOrDigit(c) || c == '_' || c == '@' || c == '$' || c == '#') {
        int end = i + 1;
        while (end < n
            && (Character.isLetterOrDigit(sql.charAt(end))
                || sql.charAt(end) == '_'
                || sql.charAt(end) == '$'
                || sql.charAt(end) == '@'
                || sql.charAt(end) == '#')) {
          end++;
        }
        out.add(new Token(Kind.WORD, i, end, depth, sql.substring(i, end)));
        i = end;
      } else {
        if (c == ')') {
          depth = Math.max(0, depth - 1);
        }
        out.add(new Token(Kind.PUNCT, i, i + 1, depth, String.valueOf(c)));
        if (c == '(') {
          depth++;
        }
        i++;
      }
    }
    return out;
  }

  private static int quotedEnd(String sql, int open, char close) {
    int n = sql.length();
    int i = open + 1;
    while (i < n) {
      if (sql.charAt(i) == close) {
        if (close != ']' && i + 1 < n && sql.charAt(i + 1) == close) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return n;
  }

  /** Index of the ')' closing the '(' at {@code open}, else the last index. */
  static int closing(List<Token> ts, int open) {
    int depth = ts.get(open).depth();
    for (int k = open + 1; k < ts.size(); k++) {
      if (ts.get(k).isPunct(')') && ts.get(k).depth() == depth) {
        return k;
      }
    }
    return ts.size() - 1;
  }

  /** Index of the end of a dotted name starting at {@code k} (exclusive). */
  static int nameEnd(List<Token> ts, int k) {
    int j = k;
    while (j < ts.size() && (ts.get(j).kind() == Kind.WORD || ts.get(j).kind() == Kind.QUOTED)) {
      j++;
      if (j < ts.size() && ts.get(j).isPunct('.') && j + 1 < ts.size()) {
        j++;
      } else {
        break;
      }
    }
    return j;
  }

  /** The source text of tokens {@code [from, to)}. */
  static String text(String sql, List<Token> ts, int from, int to) {
    if (from >= to) {
      return "";
    }
    return sql.substring(ts.get(from).start(), ts.get(to - 1).end());
  }
}
