package io.github.lineage.sql;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * Settings of a {@link LineageEngine}, fixed at construction.
 *
 * @param dialect the SQL dialect; empty reads every quoting style (see {@link Dialect})
 * @param statementTimeout the time bound of parsing and analysing one statement
 * @param maxStatementChars a longer statement is an error without being parsed
 * @param maxNestingDepth deeper parenthesis nesting is an error without being parsed (JSqlParser's
 *     lookahead is exponential on deep nesting and recursion could overflow the stack)
 * @param executor the shared pool that runs parses under the time bound; null lets the engine own
 *     one (closed by {@link LineageEngine#close()}); a caller-supplied pool is never shut down
 */
public record EngineOptions(
    Optional<Dialect> dialect,
    Duration statementTimeout,
    int maxStatementChars,
    int maxNestingDepth,
    ExecutorService executor) {

  public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_MAX_STATEMENT_CHARS = 1_000_000;
  public static final int DEFAULT_MAX_NESTING_DEPTH = 200;

  public EngineOptions {
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(statementTimeout, "statementTimeout");
    if (statementTimeout.isNegative() || statementTimeout.isZero()) {
      throw new IllegalArgumentException("statementTimeout must be positive: " + statementTimeout);
    }
    if (maxStatementChars <= 0 || maxNestingDepth <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  public static EngineOptions defaults() {
    return new EngineOptions(
        Optional.empty(),
        DEFAULT_STATEMENT_TIMEOUT,
        DEFAULT_MAX_STATEMENT_CHARS,
        DEFAULT_MAX_NESTING_DEPTH,
        null);
  }

  public EngineOptions withDialect(Dialect d) {
    return new EngineOptions(
        Optional.ofNullable(d), statementTimeout, maxStatementChars, maxNestingDepth, executor);
  }

  public EngineOptions withStatementTimeout(Duration t) {
    return new EngineOptions(dialect, t, maxStatementChars, maxNestingDepth, executor);
  }

  public EngineOptions withMaxStatementChars(int max) {
    return new EngineOptions(dialect, statementTimeout, max, maxNestingDepth, executor);
  }

  public EngineOptions withExecutor(ExecutorService e) {
    return new EngineOptions(dialect, statementTimeout, maxStatementChars, maxNestingDepth, e);
  }
}
