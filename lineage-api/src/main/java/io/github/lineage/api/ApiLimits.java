package io.github.lineage.api;

/**
 * The bounds of every read: a request outside them is a 400, never a long query. A walk that
 * reaches its node bound stops and says {@code truncated}.
 */
public final class ApiLimits {

  /** Hops a walk may follow (the same bound as {@code lineage query --depth}). */
  public static final int MAX_DEPTH = 20;

  public static final int DEFAULT_DEPTH = 5;

  /** Nodes one answer may hold. */
  public static final int MAX_NODES = 5_000;

  public static final int DEFAULT_NODES = 1_000;

  /** Edges one answer may hold, per level (table or column). */
  public static final int MAX_EDGES = 20_000;

  public static final int MAX_SEARCH = 100;
  public static final int DEFAULT_SEARCH = 20;

  /** Start names of one impact request. */
  public static final int MAX_STARTS = 100;

  public static final int MAX_NAME_LENGTH = 512;

  /** Seconds one read transaction may run before Neo4j stops it. */
  public static final int QUERY_TIMEOUT_SECONDS = 10;

  private ApiLimits() {}
}
