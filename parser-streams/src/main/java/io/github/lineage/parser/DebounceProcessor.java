package io.github.lineage.parser;

import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.Flags;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collapses a burst of events for one file into its last event (flag {@code lineage.batching}).
 * Each event replaces the key's pending one in a persistent store; a wall-clock punctuator forwards
 * every key that has been quiet for the window. Wall-clock, not stream time: stream time only moves
 * with new records, so a quiet key would never flush (FIELD-NOTES). Pending keys live in the
 * changelog-backed store, so they survive a restart and flush after it.
 *
 * <p>With the flag off for a key its events pass straight through; a key still pending from
 * before the flag went off is dropped in favour of the newer event, so order is kept.
 */
final class DebounceProcessor implements Processor<String, FileChange, String, FileChange> {

  private static final Logger LOG = LoggerFactory.getLogger(DebounceProcessor.class);

  private final Flags flags;
  private final ParserMetrics metrics;
  private final long windowMs;
  private final Duration punctuationInterval;
  private final DueIndex index = new DueIndex();
  private ProcessorContext<String, FileChange> context;
  private KeyValueStore<String, Pending> store;

  DebounceProcessor(Flags flags, ParserMetrics metrics, Duration window, Duration punctuationInterval) {
    this.flags = flags;
    this.metrics = metrics;
    this.windowMs = window.toMillis();
    this.punctuationInterval = punctuationInterval;
  }

  @Override
  public void init(ProcessorContext<String, FileChange> context) {
    this.context = context;
    this.store = context.getStateStore(StoreNames.DEBOUNCE);
    // init runs after the store was restored: what was pending before a restart is due again.
    index.clear();
    try (KeyValueIterator<String, Pending> all = store.all()) {
      all.forEachRemaining(kv -> index.put(kv.key, kv.value.lastSeenMs() + windowMs));
    }
    if (index.size() > 0) {
      LOG.info("task {}: {} debounced keys pending from before the restart", context.taskId(), index.size());
    }
    context.schedule(punctuationInterval, PunctuationType.WALL_CLOCK_TIME, this::flushDue);
  }

  @Override
  public void process(Record<String, FileChange> record) {
    String key = record.key();
    if (!flags.isEnabled(Flag.BATCHING, key)) {
      if (index.contains(key)) {
        index.remove(key);
        store.delete(key);
        metrics.deduplicated.increment();
      }
      context.forward(record);
      return;
    }
    long now = context.currentSystemTimeMs();
    store.put(key, new Pending(record.value().origin(), now));
    if (index.put(key, now + windowMs)) {
      metrics.deduplicated.increment();
    }
  }

  private void flushDue(long nowMs) {
    List<String> due = index.pollDue(nowMs);
    for (String key : due) {
      Pending pending = store.get(key);
      if (pending == null) {
        continue;
      }
      FileChange change;
      try {
        change = DecodeProcessor.decode(pending.origin());
      } catch (RuntimeException e) {
        // It decoded when it arrived; only a store written by another version could fail here.
        LOG.error("pending event of {} no longer decodes, dropped: {}", key, e.getMessage());
        store.delete(key);
        continue;
      }
      // Forward first, then forget: a crash in between re-sends rather than loses the event.
      context.forward(new Record<>(key, change, pending.origin().timestamp()));
      store.delete(key);
    }
    if (!due.isEmpty()) {
      LOG.debug("task {}: flushed {} quiet keys, {} still pending", context.taskId(), due.size(), index.size());
    }
  }
}
