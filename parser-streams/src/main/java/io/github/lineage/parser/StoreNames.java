package io.github.lineage.parser;

/**
 * The state stores of the parser topology, named once. Each is a persistent RocksDB store with a
 * changelog topic ({@code <application.id>-<name>-changelog}), so it survives restarts, rebalances
 * and a wiped state directory.
 */
public final class StoreNames {

  /** Key {@code source:path} → the latest event not yet parsed ({@link Pending}). */
  public static final String DEBOUNCE = "debounce-pending";
  /** Key {@code sha256:parserVersion} → {@code FileLineage} JSON. */
  public static final String PARSE_CACHE = "parse-cache";
  /** Key {@code source:path} → {@code sha256:parserVersion} of the last document emitted. */
  public static final String LAST_EMITTED = "last-emitted";

  private StoreNames() {}
}
