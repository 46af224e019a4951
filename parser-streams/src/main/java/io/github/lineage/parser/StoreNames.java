package io.github.lineage.parser;

/**
 * The state stores of the parser topology, named once. Each is a persistent RocksDB store backed by
 * a topic, so it survives restarts, rebalances and a wiped state directory: the per-file stores by
 * their changelog ({@code <application.id>-<name>-changelog}), the global parse cache by {@link
 * ParserConfig#parseCacheTopic()}.
 */
public final class StoreNames {

  /** Key {@code source:path} → the latest event not yet parsed ({@link Pending}). */
  public static final String DEBOUNCE = "debounce-pending";

  /** Global. Key {@code sha256:parserVersion} → {@code FileLineage} JSON. */
  public static final String PARSE_CACHE = "parse-cache";

  /** Key {@code source:path} → {@code sha256:parserVersion} of the last document emitted. */
  public static final String LAST_EMITTED = "last-emitted";

  /**
   * Key {@code source:path} → the event whose document came from a parse-cache hit while {@code
   * lineage.parse-cache} was on for the file. Once the flag is off for the file (the guard rolled
   * it back, or a person switched it off) the parser re-parses the event fresh, so a wrong cache
   * entry leaves no wrong document behind.
   */
  public static final String CACHE_SERVED = "parse-cache-served";

  /**
   * dbt projects, partitioned by project. Key {@code <projectKey>\u0000<path>} → the file's latest
   * content and the fingerprint of the last document emitted for it ({@link DbtFile}).
   */
  public static final String DBT_FILES = "dbt-project-files";

  /**
   * dbt projects. Key {@code <projectKey>} → wall-clock time of its last change not yet rendered.
   */
  public static final String DBT_PENDING = "dbt-pending";

  private StoreNames() {}
}
