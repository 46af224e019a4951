package io.github.lineage.parser;

import io.github.lineage.core.model.FileLineage;
import io.github.lineage.core.model.StatementLineage;
import io.github.lineage.dbt.DbtLineage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * {@link DbtLineage}'s parse cache on the parser's own global parse-cache store (docs/dbt.md,
 * "Parse cache"): keys {@code dbt:<DbtLineage cache key>}, which already covers what the render
 * depended on; written through the parse-cache topic like every entry (visible after one round
 * trip).
 *
 * <p>The store holds {@code FileLineage} values; a dbt entry also needs the columns of the model's
 * relation (a later model's {@code SELECT *} expands with them). They travel as one extra statement
 * of kind {@link #COLUMNS_KIND} whose targets are the columns, appended on write and taken off on
 * read, so the store, its topic and its eviction stay exactly as they are for plain SQL.
 */
final class DbtParseCache implements DbtLineage.ParseCache {

  static final String KEY_PREFIX = "dbt:";
  static final String COLUMNS_KIND = "DBT_RELATION_COLUMNS";

  private final TimestampedKeyValueStore<String, FileLineage> store;
  private final ParserMetrics metrics;
  private final int maxEntryBytes;
  private final Consumer<Record<String, byte[]>> send;
  private final long nowMs;

  DbtParseCache(
      TimestampedKeyValueStore<String, FileLineage> store,
      ParserMetrics metrics,
      int maxEntryBytes,
      long nowMs,
      Consumer<Record<String, byte[]>> send) {
    this.store = store;
    this.metrics = metrics;
    this.maxEntryBytes = maxEntryBytes;
    this.nowMs = nowMs;
    this.send = send;
  }

  @Override
  public Optional<DbtLineage.Parsed> get(String key) {
    ValueAndTimestamp<FileLineage> cached = store.get(KEY_PREFIX + key);
    if (cached == null || cached.value() == null) {
      metrics.cacheMiss.increment();
      return Optional.empty();
    }
    metrics.cacheHit.increment();
    return Optional.of(decode(cached.value()));
  }

  @Override
  public void put(String key, DbtLineage.Parsed parsed) {
    byte[] entry = TopologyFactory.FILE_LINEAGE_SERDE.toBytes(encode(key, parsed));
    if (entry.length <= maxEntryBytes) {
      send.accept(new Record<>(KEY_PREFIX + key, entry, nowMs));
    }
  }

  static FileLineage encode(String key, DbtLineage.Parsed parsed) {
    List<StatementLineage> statements = new ArrayList<>(parsed.statements());
    statements.add(
        new StatementLineage(-1, 0, COLUMNS_KIND, List.of(), parsed.columns(), List.of()));
    return new FileLineage(KEY_PREFIX + key, key, statements, parsed.errors());
  }

  static DbtLineage.Parsed decode(FileLineage entry) {
    List<StatementLineage> statements = new ArrayList<>();
    List<String> columns = List.of();
    for (StatementLineage s : entry.statements()) {
      if (COLUMNS_KIND.equals(s.kind())) {
        columns = s.targets();
      } else {
        statements.add(s);
      }
    }
    return new DbtLineage.Parsed(statements, entry.errors(), columns);
  }
}
