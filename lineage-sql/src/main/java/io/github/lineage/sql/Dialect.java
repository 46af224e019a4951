package io.github.lineage.sql;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * SQL dialects the engine knows how to configure JSqlParser for. Without a dialect the engine reads
 * every quoting style: a statement that fails with the default lexer is retried with square-bracket
 * quotation (and the other way round) before it is reported as an error.
 */
public enum Dialect {
  ANSI(false, false, true),
  POSTGRES(false, false, true),
  REDSHIFT(false, false, false),
  MYSQL(false, true, false),
  BIGQUERY(false, true, false),
  SNOWFLAKE(false, false, true),
  TSQL(true, false, false),
  SPARK(false, true, false),
  ORACLE(false, false, true);

  private final boolean squareBrackets;
  private final boolean backslashEscapes;
  private final boolean quotedCaseSensitive;

  Dialect(boolean squareBrackets, boolean backslashEscapes, boolean quotedCaseSensitive) {
    this.squareBrackets = squareBrackets;
    this.backslashEscapes = backslashEscapes;
    this.quotedCaseSensitive = quotedCaseSensitive;
  }

  /** T-SQL quotes identifiers with [ ]; elsewhere [ ] are array subscripts. */
  public boolean squareBrackets() {
    return squareBrackets;
  }

  /** Whether {@code \'} escapes a quote inside a string literal. */
  public boolean backslashEscapes() {
    return backslashEscapes;
  }

  /** Whether a double-quoted identifier keeps its case (ANSI, PostgreSQL, Snowflake, Oracle). */
  public boolean quotedCaseSensitive() {
    return quotedCaseSensitive;
  }

  /**
   * Parses a dialect name case-insensitively; accepts common aliases (postgresql, sqlserver, mssql,
   * hive, databricks, sparksql, mariadb, ...). Empty for an unknown name.
   */
  public static Optional<Dialect> parse(String name) {
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    String n = name.trim().toLowerCase(Locale.ROOT);
    return switch (n) {
      case "postgresql", "pg", "greenplum", "materialize", "duckdb" -> Optional.of(POSTGRES);
      case "sqlserver", "mssql", "azure", "synapse" -> Optional.of(TSQL);
      case "hive", "databricks", "sparksql", "athena", "impala" -> Optional.of(SPARK);
      case "mariadb" -> Optional.of(MYSQL);
      case "generic", "sql", "db2", "teradata", "vertica", "exasol", "trino", "presto" ->
          Optional.of(ANSI);
      default -> Arrays.stream(values()).filter(d -> d.name().equalsIgnoreCase(n)).findFirst();
    };
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
