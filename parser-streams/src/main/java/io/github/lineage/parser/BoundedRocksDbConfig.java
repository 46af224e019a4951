package io.github.lineage.parser;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the off-heap memory of every RocksDB store of the process: one LRU cache holds the data,
 * index and filter blocks of all stores, and one write-buffer manager charges all memtables to the
 * same cache. The total stays near block cache + write buffer bytes however many stores and tasks
 * there are, so the parser fits a 512 MiB pod.
 *
 * <p>Streams instantiates this class by name once per store, so the shared objects are static and
 * created by the first store with the sizes found in the Streams config; they live as long as the
 * process and are never closed in {@link #close}.
 */
public final class BoundedRocksDbConfig implements RocksDBConfigSetter {

  static final String BLOCK_CACHE_BYTES_CONFIG = "lineage.rocksdb.block.cache.bytes";
  static final String WRITE_BUFFER_BYTES_CONFIG = "lineage.rocksdb.write.buffer.bytes";
  private static final long FALLBACK_BLOCK_CACHE = 32L << 20;
  private static final long FALLBACK_WRITE_BUFFER = 16L << 20;

  /** Share of the cache reserved for index and filter blocks, so data blocks cannot evict them. */
  private static final double HIGH_PRIORITY_RATIO = 0.1;

  private static final Logger LOG = LoggerFactory.getLogger(BoundedRocksDbConfig.class);

  private static Cache cache;
  private static WriteBufferManager writeBufferManager;
  private static long writeBufferBytes;

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    ensureShared(configs);
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(cache);
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setTableFormatConfig(table);
    options.setWriteBufferManager(writeBufferManager);
    // Small memtables: the manager enforces the total, these keep one store from taking it all.
    options.setWriteBufferSize(Math.max(1L << 20, Math.min(writeBufferBytes / 4, 8L << 20)));
    options.setMaxWriteBufferNumber(2);
  }

  private static synchronized void ensureShared(Map<String, Object> configs) {
    if (cache != null) {
      return;
    }
    long blockCache = bytes(configs.get(BLOCK_CACHE_BYTES_CONFIG), FALLBACK_BLOCK_CACHE);
    writeBufferBytes = bytes(configs.get(WRITE_BUFFER_BYTES_CONFIG), FALLBACK_WRITE_BUFFER);
    // The memtables are charged to the cache, so it must hold both budgets.
    cache = new LRUCache(blockCache + writeBufferBytes, -1, false, HIGH_PRIORITY_RATIO);
    writeBufferManager = new WriteBufferManager(writeBufferBytes, cache);
    LOG.info(
        "RocksDB memory bounded: {} MiB block cache + {} MiB write buffers, shared by every store",
        blockCache >> 20,
        writeBufferBytes >> 20);
  }

  private static long bytes(Object value, long fallback) {
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value instanceof String s && !s.isBlank()) {
      return Long.parseLong(s.trim());
    }
    return fallback;
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache and write-buffer manager are shared by every store of the process: closing them
    // here would break the stores still open.
  }
}
