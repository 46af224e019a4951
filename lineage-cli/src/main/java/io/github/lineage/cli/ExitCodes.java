package io.github.lineage.cli;

/**
 * The exit codes of every {@code lineage} command, distinct so that a script can tell a mistake in
 * the command line from a server that is down (documented in the README and in {@code lineage
 * --help}).
 */
final class ExitCodes {

  static final int OK = 0;

  /**
   * An unexpected failure (a bug: the stack trace with LINEAGE_DEBUG set), or a command that ran to
   * its end with some of its input failing ({@code lineage parse}: a file unreadable or not UTF-8).
   */
  static final int FAILURE = 1;

  /**
   * The command line is wrong: unknown option, missing argument, values out of range (picocli's own
   * 2).
   */
  static final int USAGE = 2;

  /** {@code lineage impact}: the change removes something that is still read downstream. */
  static final int IMPACT = 3;

  /** A setting is wrong: an environment variable, a settings file, a port that cannot be bound. */
  static final int CONFIG = 4;

  /**
   * A server cannot be reached or refuses us: Kafka, Neo4j (address, TLS, credentials, database).
   */
  static final int UNREACHABLE = 5;

  /** What was asked for does not exist: a path, a git revision, a table or column in the graph. */
  static final int NOT_FOUND = 6;

  static final String HELP =
      "Exit codes: 0 ok; 1 unexpected failure, or (parse) some files unreadable; 2 usage error; 3 (impact) something downstream"
          + " still reads what the change removes; 4 configuration error; 5 a server cannot be reached or refused;"
          + " 6 not found.";

  private ExitCodes() {}
}
