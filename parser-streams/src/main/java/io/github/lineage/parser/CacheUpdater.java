package io.github.lineage.parser;

import io.github.lineage.core.model.FileLineage;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global parse-cache store in step with the parse-cache topic, and bounded. A record that
 * does not decode is skipped: a cache entry is only an optimisation, it must never stop the global
 * thread.
 *
 * <p>Bounds: every {@link #SWEEP_EVERY} writes, the next {@link #SWEEP_SCAN} entries after a
 * rotating cursor are examined; those older than the TTL go, and while the store holds more than
 * its maximum, examined entries go too until it is back at the maximum. Keys are content hashes, so
 * a contiguous key range is a random sample: over the maximum this is random eviction. The topic
 * itself expires entries by the same TTL ({@code retention.ms}, see {@link CacheTopic}); a global
 * store's updater cannot write to it, so entries evicted for size stay in the topic until then (a
 * restore loads them and the next sweeps evict them again).
 */
final class CacheUpdater implements Processor<String, byte[], Void, Void> {

  static final int SWEEP_EVERY = 256;
  static final int SWEEP_SCAN = 1_024;
  private static final Logger LOG = LoggerFactory.getLogger(CacheUpdater.class);

  private final long maxEntries;
  private final long ttlMs;
  private final ParserMetrics metrics;
  private ProcessorContext<Void, Void> context;
  private TimestampedKeyValueStore<String, FileLineage> store;
  private int writesSinceSweep;
  private String cursor;

  CacheUpdater(long maxEntries, Duration ttl, ParserMetrics metrics) {
    this.maxEntries = maxEntries;
    this.ttlMs = ttl.toMillis();
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.store = context.getStateStore(StoreNames.PARSE_CACHE);
    metrics.cacheEntries.set(store.approximateNumEntries());
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
      return;
    }
    try {
      store.put(
          record.key(),
          ValueAndTimestamp.make(
              TopologyFactory.FILE_LINEAGE_SERDE.fromBytes(record.value()), record.timestamp()));
    } catch (RuntimeException e) {
      LOG.warn("parse-cache entry {} does not decode, skipped: {}", record.key(), e.getMessage());
      return;
    }
    if (++writesSinceSweep >= SWEEP_EVERY) {
      writesSinceSweep = 0;
      sweep(context.currentSystemTimeMs());
    }
  }

  /** Examines the next entries after the cursor; returns how many it evicted. */
  int sweep(long nowMs) {
    long excess = Math.max(0, store.approximateNumEntries() - maxEntries);
    int examined = 0;
    int evicted = 0;
    String last = null;
    try (KeyValueIterator<String, ValueAndTimestamp<FileLineage>> it =
        cursor == null ? store.all() : store.range(cursor, null)) {
      while (it.hasNext() && examined < SWEEP_SCAN) {
        var entry = it.next();
        last = entry.key;
        examined++;
        if (entry.key.equals(cursor)) {
          continue;
        }
        boolean expired = entry.value == null || nowMs - entry.value.timestamp() > ttlMs;
        if (expired || excess > 0) {
          store.delete(entry.key);
          evicted++;
          excess--;
          (expired ? metrics.evictedByAge : metrics.evictedBySize).increment();
        }
      }
      // The end of the key space: start again from the beginning next time.
      cursor = it.hasNext() ? last : null;
    }
    metrics.cacheEntries.set(store.approximateNumEntries());
    if (evicted > 0) {
      LOG.debug("parse cache: evicted {} of {} examined entries", evicted, examined);
    }
    return evicted;
  }
}
