package io.github.lineage.parser;

import io.github.lineage.core.model.FileLineage;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global parse-cache store in step with the parse-cache topic. A record that does not
 * decode is skipped: a cache entry is only an optimisation, it must never stop the global thread.
 */
final class CacheUpdater implements Processor<String, byte[], Void, Void> {

  private static final Logger LOG = LoggerFactory.getLogger(CacheUpdater.class);

  private KeyValueStore<String, FileLineage> store;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(StoreNames.PARSE_CACHE);
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
      store.put(record.key(), TopologyFactory.FILE_LINEAGE_SERDE.fromBytes(record.value()));
    } catch (RuntimeException e) {
      LOG.warn("parse-cache entry {} does not decode, skipped: {}", record.key(), e.getMessage());
    }
  }
}
