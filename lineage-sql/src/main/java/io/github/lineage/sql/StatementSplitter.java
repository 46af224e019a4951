package io.github.lineage.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts SQL text into statements at top-level {@code ;}, in one pass over the characters (no regular
 * expressions). A {@code ;} inside '…', "…", `…`, […], $tag$…$tag$, {@code --} and (nested) {@code
 * /* *}{@code /} comments does not end a statement; a last statement without {@code ;} is kept;
 * chunks holding only whitespace and comments are dropped. A BOM is skipped and CR, LF and CRLF all
 * count as one line break.
 */
public final class StatementSplitter {

  private final boolean backslashEscapes;
  private final boolean goSeparators;
  private final boolean keywordLines;

  /**
   * @param backslashEscapes whether {@code \'} escapes a quote inside strings (MySQL, BigQuery,
   *     Spark)
   */
  public StatementSplitter(boolean backslashEscapes) {
    this(backslashEscapes, false, false);
  }

  /**
   * @param goSeparators a line holding only {@code GO} (T-SQL's batch separator, optionally with a
   *     count) ends a statement and is dropped
   * @param keywordLines T-SQL batches without semicolons: a line starting with a statement keyword
   *     ({@link TsqlBatches}) ends the statement before it
   */
  public StatementSplitter(boolean backslashEscapes, boolean goSeparators, boolean keywordLines) {
    this.backslashEscapes = backslashEscapes;
    this.goSeparators = goSeparators;
    this.keywordLines = keywordLines;
  }

  /**
   * The splitter the engine uses for {@code dialect}: GO lines separate statements in T-SQL and
   * when no dialect is set (nowhere else is a line of only GO valid SQL); keyword lines only in
   * T-SQL.
   */
  public static StatementSplitter forDialect(java.util.Optional<Dialect> dialect) {
    boolean tsql = dialect.map(d -> d == Dialect.TSQL).orElse(false);
    return new StatementSplitter(
        dialect.map(Dialect::backslashEscapes).orElse(false), tsql || dialect.isEmpty(), tsql);
  }

  public List<SqlChunk> split(String sql) {
    List<SqlChunk> out = new ArrayList<>();
    int n = sql.length();
    int i = 0;
    if (n > 0 && sql.charAt(0) == '\uFEFF') {
      i = 1;
    }
    int line = 1;
    int start = -1; // offset of the first significant char of the current statement
    int startLine = 0;
    int depth = 0;
    int maxDepth = 0;
    // CREATE PROCEDURE/FUNCTION … BEGIN …; …; END: a ';' inside the body does not end the statement
    boolean routineCandidate = false;
    boolean routine = false;
    int blocks = 0;
    int cases = 0;
    boolean afterEnd = false;
    boolean lineFresh = true; // no significant character yet on this line
    TsqlBatches batch = keywordLines ? new TsqlBatches(sql) : null;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\n') {
        line++;
        i++;
        lineFresh = true;
        continue;
      }
      if (c == '\r') {
        line++;
        i += (i + 1 < n && sql.charAt(i + 1) == '\n') ? 2 : 1;
        lineFresh = true;
        continue;
      }
      if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        while (i < n && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
          i++;
        }
        continue;
      }
      if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int nest = 1;
        i += 2;
        while (i < n && nest > 0) {
          char d = sql.charAt(i);
          if (d == '*' && i + 1 < n && sql.charAt(i + 1) == '/') {
            nest--;
            i += 2;
          } else if (d == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
            nest++;
            i += 2;
          } else {
            line += lineBreak(sql, i);
            i++;
          }
        }
        continue;
      }
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      boolean fresh = lineFresh;
      lineFresh = false;
      if (fresh
          && depth == 0
          && blocks == 0
          && (goSeparators || batch != null)
          && Character.isLetter(c)) {
        int goEnd = goSeparators ? TsqlBatches.goLineEnd(sql, i) : -1;
        boolean cut =
            goEnd >= 0 || (batch != null && start >= 0 && batch.startsStatement(start, i));
        if (cut && start >= 0) {
          out.add(new SqlChunk(out.size(), startLine, sql.substring(start, i).strip(), maxDepth));
          start = -1;
          depth = 0;
          maxDepth = 0;
          routineCandidate = false;
          routine = false;
          cases = 0;
          afterEnd = false;
        }
        if (goEnd >= 0) {
          i = goEnd;
          continue;
        }
      }
      if (batch != null) {
        batch.significant(c, i);
      }
      if (c == ';' && blocks == 0) {
        if (start >= 0) {
          out.add(new SqlChunk(out.size(), startLine, sql.substring(start, i).strip(), maxDepth));
          start = -1;
        }
        depth = 0;
        maxDepth = 0;
        routineCandidate = false;
        routine = false;
        cases = 0;
        afterEnd = false;
        i++;
        continue;
      }
      if (start < 0) {
        start = i;
        startLine = line;
        routineCandidate = sql.regionMatches(true, i, "create", 0, 6);
      }
      if (routineCandidate && Character.isLetter(c)) {
        int end = i + 1;
        while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
          end++;
        }
        int len = end - i;
        boolean wasEnd = afterEnd;
        afterEnd = false;
        if (!routine) {
          routine = isWord(sql, i, len, "procedure") || isWord(sql, i, len, "function");
        } else if (isWord(sql, i, len, "begin")) {
          blocks++;
        } else if (blocks > 0 && isWord(sql, i, len, "case")) {
          if (!wasEnd) {
            cases++; // END CASE: the END already closed it
          }
        } else if (wasEnd
            && (isWord(sql, i, len, "if")
                || isWord(sql, i, len, "loop")
                || isWord(sql, i, len, "while")
                || isWord(sql, i, len, "repeat")
                || isWord(sql, i, len, "for"))) {
          blocks++; // END IF / END LOOP close no BEGIN: undo the END's decrement
        } else if (blocks > 0 && isWord(sql, i, len, "end")) {
          if (cases > 0) {
            cases--;
          } else {
            blocks--;
          }
          afterEnd = true;
        }
        i = end;
        continue;
      }
      switch (c) {
        case '\'', '"', '`' -> {
          int[] r = skipQuoted(sql, i, c, c == '\'' && backslashEscapes);
          i = r[0];
          line += r[1];
        }
        case '[' -> {
          int[] r = skipQuoted(sql, i, ']', false);
          i = r[0];
          line += r[1];
        }
        case '$' -> {
          int end = dollarTagEnd(sql, i);
          if (end > 0) {
            String tag = sql.substring(i, end);
            int close = sql.indexOf(tag, end);
            int stop = close < 0 ? n : close + tag.length();
            line += countLines(sql, i, stop);
            i = stop;
          } else {
            i++;
          }
        }
        case '(' -> {
          depth++;
          maxDepth = Math.max(maxDepth, depth);
          i++;
        }
        case ')' -> {
          depth = Math.max(0, depth - 1);
          i++;
        }
        default -> i++;
      }
    }
    if (start >= 0) {
      out.add(new SqlChunk(out.size(), startLine, sql.substring(start).strip(), maxDepth));
    }
    return out;
  }

  private static boolean isWord(String sql, int i, int len, String w) {
    return len == w.length() && sql.regionMatches(true, i, w, 0, len);
  }

  /** Returns {end offset, line breaks inside}; a doubled closing quote is an escaped one. */
  private static int[] skipQuoted(String sql, int open, char close, boolean backslash) {
    int n = sql.length();
    int lines = 0;
    int i = open + 1;
    while (i < n) {
      char d = sql.charAt(i);
      if (backslash && d == '\\' && i + 1 < n) {
        lines += lineBreak(sql, i + 1);
        i += 2;
        continue;
      }
      if (d == close) {
        if (i + 1 < n && sql.charAt(i + 1) == close && close != ']') {
          i += 2;
          continue;
        }
        return new int[] {i + 1, lines};
      }
      lines += lineBreak(sql, i);
      i++;
    }
    return new int[] {n, lines};
  }

  /**
   * End offset of a dollar-quote tag ($$ or $name$) starting at {@code i}, or -1 if none ($1, a$b).
   */
  static int dollarTagEnd(String sql, int i) {
    if (i > 0 && (Character.isLetterOrDigit(sql.charAt(i - 1)) || sql.charAt(i - 1) == '_')) {
      return -1;
    }
    int j = i + 1;
    int n = sql.length();
    if (j < n && Character.isDigit(sql.charAt(j))) {
      return -1;
    }
    while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
      j++;
    }
    return j < n && sql.charAt(j) == '$' ? j + 1 : -1;
  }

  /** 1 if a line ends at offset i (LF, lone CR; the CR of CRLF counts 0 so the LF counts it). */
  private static int lineBreak(String sql, int i) {
    char d = sql.charAt(i);
    if (d == '\n') {
      return 1;
    }
    if (d == '\r') {
      return i + 1 < sql.length() && sql.charAt(i + 1) == '\n' ? 0 : 1;
    }
    return 0;
  }

  private static int countLines(String sql, int from, int to) {
    int lines = 0;
    for (int k = from; k < to; k++) {
      lines += lineBreak(sql, k);
    }
    return lines;
  }
}
