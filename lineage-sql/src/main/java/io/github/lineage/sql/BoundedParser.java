package io.github.lineage.sql;

import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.statement.Statement;

/**
 * Parses one statement under a time bound on a shared executor: never a thread per call
 * (JSqlParser's own {@code parse(String)} creates a single-thread executor per call). Tries the
 * COMPLEX grammar when nesting is shallow and SIMPLE otherwise or when COMPLEX fails, then — when
 * no dialect fixes the lexer — the other square-bracket setting, then once more with an offending
 * reserved word used as a name quoted (JSqlParser reserves e.g. RETURNS). All attempts share one
 * deadline.
 */
final class BoundedParser {

  /** The outcome: a statement, or a one-line reason it could not be parsed. */
  record Result(Statement statement, String error) {
    static Result ok(Statement s) {
      return new Result(s, null);
    }

    static Result failed(String message) {
      return new Result(null, message);
    }
  }

  private static final int MAX_KEYWORD_RETRIES = 3;
  // JSqlParser's own limit above which it does not try the COMPLEX grammar (exponential lookahead).
  private static final int COMPLEX_NESTING_LIMIT = 10;

  private final ExecutorService executor;
  private final Optional<Dialect> dialect;
  private final long timeoutNanos;

  BoundedParser(ExecutorService executor, Optional<Dialect> dialect, long timeoutNanos) {
    this.executor = executor;
    this.dialect = dialect;
    this.timeoutNanos = timeoutNanos;
  }

  Result parse(String sql, int maxDepth) {
    long deadline = System.nanoTime() + timeoutNanos;
    boolean brackets = dialect.map(Dialect::squareBrackets).orElse(false);
    boolean backslash = dialect.map(Dialect::backslashEscapes).orElse(false);
    String text = sql;
    Attempt first = attempt(text, brackets, backslash, maxDepth, deadline);
    if (first.statement != null || first.fatal) {
      return first.result();
    }
    Attempt best = first;
    if (dialect.isEmpty() && (text.indexOf('[') >= 0 || text.indexOf('\\') >= 0)) {
      Attempt other = attempt(text, true, true, maxDepth, deadline);
      if (other.statement != null || other.fatal) {
        return other.result();
      }
      if (text.indexOf('[') >= 0) {
        brackets = true;
      }
    }
    for (int k = 0; k < MAX_KEYWORD_RETRIES && best.quotable != null; k++) {
      text = best.quotable;
      Attempt next = attempt(text, brackets, backslash, maxDepth, deadline);
      if (next.statement != null || next.fatal) {
        return next.result();
      }
      best = next;
    }
    return first.result();
  }

  private static final class Attempt {
    Statement statement;
    String error;
    boolean fatal; // timeout or resource exhaustion: retrying would not help
    String quotable; // the text with the offending reserved word quoted, when that may help

    Result result() {
      return statement != null ? Result.ok(statement) : Result.failed(error);
    }
  }

  /**
   * COMPLEX grammar first when nesting is shallow (measured faster than SIMPLE on warehouse SQL,
   * and it reads more), SIMPLE only beyond JSqlParser's own nesting limit for COMPLEX.
   */
  private Attempt attempt(
      String sql, boolean brackets, boolean backslash, int maxDepth, long deadline) {
    boolean complexFirst = maxDepth <= COMPLEX_NESTING_LIMIT;
    Attempt a = run(sql, brackets, backslash, complexFirst, deadline);
    if (a.statement == null && !a.fatal && complexFirst) {
      Attempt simple = run(sql, brackets, backslash, false, deadline);
      if (simple.statement != null || simple.fatal) {
        return simple;
      }
    }
    return a;
  }

  private Attempt run(
      String sql, boolean brackets, boolean backslash, boolean complex, long deadline) {
    Attempt a = new Attempt();
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) {
      a.fatal = true;
      a.error = timeoutMessage();
      return a;
    }
    CCJSqlParser parser =
        CCJSqlParserUtil.newParser(sql)
            .withSquareBracketQuotation(brackets)
            .withBackslashEscapeCharacter(backslash)
            .withAllowComplexParsing(complex);
    Future<Statement> future;
    try {
      future = executor.submit(() -> parseOrWrap(parser));
    } catch (RejectedExecutionException e) {
      a.fatal = true;
      a.error = "parser pool unavailable (engine closed?)";
      return a;
    }
    try {
      a.statement = future.get(remaining, TimeUnit.NANOSECONDS);
      if (a.statement == null) {
        a.error = "empty statement";
      }
    } catch (TimeoutException e) {
      // The generated parser checks this flag in its loops; cancel interrupts the worker too.
      parser.interrupted = true;
      future.cancel(true);
      a.fatal = true;
      a.error = timeoutMessage();
    } catch (InterruptedException e) {
      parser.interrupted = true;
      future.cancel(true);
      Thread.currentThread().interrupt();
      a.fatal = true;
      a.error = "interrupted while parsing";
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof WrappedError w) {
        a.fatal = true;
        a.error = w.getMessage();
      } else if (cause instanceof ParseException pe) {
        a.error = describe(pe);
        a.quotable = quoteOffendingWord(sql, pe);
      } else if (cause != null && cause.getClass().getSimpleName().startsWith("TokenMgr")) {
        a.error = "cannot parse: " + oneLine(cause.getMessage());
      } else {
        a.error = "cannot parse: " + oneLine(String.valueOf(cause));
      }
    }
    return a;
  }

  private static Statement parseOrWrap(CCJSqlParser parser) throws ParseException {
    try {
      return parser.Statement();
    } catch (StackOverflowError e) {
      throw new WrappedError("statement too deeply nested (stack overflow while parsing)");
    } catch (OutOfMemoryError e) {
      throw new WrappedError("statement too large (out of memory while parsing)");
    } catch (ParseException | RuntimeException e) {
      throw e;
    } catch (Error e) {
      // JSqlParser's token manager throws TokenMgrError for lexical errors (an Error subclass).
      if (e.getClass().getSimpleName().equals("TokenMgrException")
          || e.getClass().getSimpleName().equals("TokenMgrError")) {
        throw new ParseException(oneLine(e.getMessage()));
      }
      throw e;
    }
  }

  private String timeoutMessage() {
    return "parse time bound of " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms exceeded";
  }

  /** "line L, column C: unexpected 'tok'" — the first line of JSqlParser's message is noisy. */
  private static String describe(ParseException pe) {
    Token t = pe.currentToken == null ? null : pe.currentToken.next;
    if (t != null) {
      String image = t.kind == 0 ? "end of statement" : "'" + abbreviate(t.image) + "'";
      return "cannot parse: unexpected "
          + image
          + " at line "
          + t.beginLine
          + ", column "
          + t.beginColumn;
    }
    return "cannot parse: " + oneLine(pe.getMessage());
  }

  /**
   * If the offending token is a word (not the first token), returns the statement with that word
   * double-quoted: JSqlParser reserves names such as RETURNS that warehouses use for tables.
   */
  static String quoteOffendingWord(String sql, ParseException pe) {
    Token t = pe.currentToken == null ? null : pe.currentToken.next;
    if (t == null || t.image == null || t.kind == 0 || pe.currentToken.kind == 0) {
      return null;
    }
    if (".".equals(t.image) && t.next != null && t.next.image != null && t.next.kind != 0) {
      t = t.next; // schema.returns: the parser stops at the dot before the reserved word
    }
    String w = t.image;
    if (w.isEmpty() || !Character.isLetter(w.charAt(0))) {
      return null;
    }
    for (int k = 0; k < w.length(); k++) {
      char c = w.charAt(k);
      if (!Character.isLetterOrDigit(c) && c != '_') {
        return null;
      }
    }
    int offset = offsetOf(sql, t.beginLine, t.beginColumn);
    if (offset < 0 || !sql.startsWith(w, offset)) {
      return null;
    }
    // Only words that stand where a name stands: after '.', or after
    // FROM/JOIN/INTO/TABLE/UPDATE/','.
    String before = sql.substring(0, offset).stripTrailing();
    String prev = lastWord(before).toLowerCase(java.util.Locale.ROOT);
    boolean nameSlot =
        before.endsWith(".")
            || before.endsWith(",")
            || prev.equals("from")
            || prev.equals("join")
            || prev.equals("into")
            || prev.equals("table")
            || prev.equals("update")
            || prev.equals("as")
            || prev.equals("select");
    if (!nameSlot) {
      return null;
    }
    return sql.substring(0, offset) + '"' + w + '"' + sql.substring(offset + w.length());
  }

  private static String lastWord(String s) {
    int end = s.length();
    int k = end;
    while (k > 0 && (Character.isLetterOrDigit(s.charAt(k - 1)) || s.charAt(k - 1) == '_')) {
      k--;
    }
    return s.substring(k, end);
  }

  /** Offset of a 1-based line/column as JSqlParser counts them (tabs count 1 in its config). */
  private static int offsetOf(String sql, int line, int column) {
    int l = 1;
    int i = 0;
    int n = sql.length();
    while (l < line && i < n) {
      char c = sql.charAt(i++);
      if (c == '\n' || (c == '\r' && (i >= n || sql.charAt(i) != '\n'))) {
        l++;
      }
    }
    int off = i + column - 1;
    return off < n ? off : -1;
  }

  private static String abbreviate(String s) {
    if (s == null) {
      return "";
    }
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  static String oneLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    String first = nl < 0 ? s : s.substring(0, nl);
    return first.length() > 300 ? first.substring(0, 300) + "…" : first.strip();
  }

  /** An unrecoverable failure inside the worker, already phrased for the user. */
  private static final class WrappedError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WrappedError(String message) {
      super(message, null, false, false);
    }
  }
}
