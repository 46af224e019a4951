package io.github.lineage.parser;

import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.Flags;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collapses a burst of events for one file into its last event (flag {@code lineage.debounce}).
 * Each event replaces the key's pending one in a persistent store; a wall-clock punctuator forwards
 * every key that has been quiet for the window. Wall-clock, not stream time: stream time only moves
 * with new records, so a quiet key would never flush. Pending keys live in the changelog-backed
 * store, so they survive a restart and flush after it.
 *
 * <p>With the flag off for a key, or a window of 0, its events pass straight through; a key still
 * pending from before is dropped in favour of the newer event, so order is kept.
 *
 * <p>The decoded events of pending keys are also kept in memory, up to {@link
 * #DECODED_BUDGET_BYTES} per task, so that a flush reads neither the store nor the JSON again; the
 * store stays the record of what is pending (a restart, or a key beyond the budget, reads it).
 */
final class DebounceProcessor implements Processor<String, DecodedChange, String, DecodedChange> {

  private static final Logger LOG = LoggerFactory.getLogger(DebounceProcessor.class);

  /** Bytes of raw events per task whose decoded form is kept for the flush. */
  static final long DECODED_BUDGET_BYTES = 4L * 1024 * 1024;

  private final Flags flags;
  private final ParserMetrics metrics;
  private final long windowMs;
  private final Duration punctuationInterval;
  private final DueIndex index = new DueIndex();
  private final Map<String, DecodedChange> decoded = new HashMap<>();
  private long decodedBytes;
  private ProcessorContext<String, DecodedChange> context;
  private KeyValueStore<String, Pending> store;

  DebounceProcessor(
      Flags flags, ParserMetrics metrics, Duration window, Duration punctuationInterval) {
    this.flags = flags;
    this.metrics = metrics;
    this.windowMs = window.toMillis();
    this.punctuationInterval = punctuationInterval;
  }

  @Override
  public void init(ProcessorContext<String, DecodedChange> context) {
    this.context = context;
    this.store = context.getStateStore(StoreNames.DEBOUNCE);
    // init runs after the store was restored: what was pending before a restart is due again.
    index.clear();
    decoded.clear();
    decodedBytes = 0;
    try (KeyValueIterator<String, Pending> all = store.all()) {
      all.forEachRemaining(kv -> index.put(kv.key, kv.value.lastSeenMs() + windowMs));
    }
    if (index.size() > 0) {
      LOG.info(
          "task {}: {} debounced keys pending from before the restart",
          context.taskId(),
          index.size());
    }
    context.schedule(punctuationInterval, PunctuationType.WALL_CLOCK_TIME, this::flushDue);
  }

  @Override
  public void process(Record<String, DecodedChange> record) {
    String key = record.key();
    if (windowMs == 0 || !flags.isEnabled(Flag.DEBOUNCE, key)) {
      if (index.contains(key)) {
        index.remove(key);
        forget(key);
        store.delete(key);
        metrics.deduplicated.increment();
      }
      context.forward(record);
      return;
    }
    long now = context.currentSystemTimeMs();
    store.put(key, new Pending(record.value().origin(), now));
    forget(key);
    long size = rawSize(record.value());
    if (decodedBytes + size <= DECODED_BUDGET_BYTES) {
      decoded.put(key, record.value());
      decodedBytes += size;
    }
    if (index.put(key, now + windowMs)) {
      metrics.deduplicated.increment();
    }
  }

  private void forget(String key) {
    DecodedChange previous = decoded.remove(key);
    if (previous != null) {
      decodedBytes -= rawSize(previous);
    }
  }

  private static long rawSize(DecodedChange change) {
    byte[] value = change.origin().value();
    return value == null ? 0 : value.length;
  }

  private DecodedChange pendingChange(String key) {
    DecodedChange kept = decoded.get(key);
    if (kept != null) {
      return kept;
    }
    Pending pending = store.get(key);
    if (pending == null) {
      return null;
    }
    try {
      return DecodeProcessor.decode(pending.origin());
    } catch (RuntimeException e) {
      // It decoded when it arrived; only a store written by another version could fail here.
      LOG.error("pending event of {} no longer decodes, dropped: {}", key, e.getMessage());
      store.delete(key);
      return null;
    }
  }

  private void flushDue(long nowMs) {
    List<String> due = index.pollDue(nowMs);
    for (String key : due) {
      DecodedChange change = pendingChange(key);
      if (change == null) {
        continue;
      }
      // Forward first, then forget: a crash in between re-sends rather than loses the event.
      context.forward(new Record<>(key, change, change.origin().timestamp()));
      forget(key);
      store.delete(key);
    }
    if (!due.isEmpty()) {
      LOG.debug(
          "task {}: flushed {} quiet keys, {} still pending",
          context.taskId(),
          due.size(),
          index.size());
    }
  }
}
