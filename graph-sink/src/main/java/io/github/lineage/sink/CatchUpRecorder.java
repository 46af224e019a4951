package io.github.lineage.sink;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the {@link CatchUpLog} of this instance's workers to the graph, every few seconds and once
 * more at close. Outside the batches' transactions on purpose: a write that fails or a crash before
 * the next one only makes the record older, so the next start may reconcile when it did not need
 * to, never the reverse.
 */
final class CatchUpRecorder implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(CatchUpRecorder.class);

  private final CatchUpLog log;
  private final CatchUpRecords records;
  private final DocumentsTopic topic;
  private final Map<Integer, Long> recorded = new HashMap<>();
  private boolean failing;

  CatchUpRecorder(CatchUpLog log, CatchUpRecords records, DocumentsTopic topic) {
    this.log = log;
    this.records = records;
    this.topic = topic;
  }

  @Override
  public synchronized void run() {
    long now = System.nanoTime();
    Map<Integer, Long> seen = log.snapshot();
    Map<Integer, Long> agoMillis = new HashMap<>();
    seen.forEach(
        (partition, nanos) -> {
          Long before = recorded.get(partition);
          if (before == null || nanos > before) {
            agoMillis.put(partition, TimeUnit.NANOSECONDS.toMillis(now - nanos));
          }
        });
    if (agoMillis.isEmpty()) {
      return;
    }
    try {
      records.recordAgo(topic, agoMillis);
      agoMillis.keySet().forEach(p -> recorded.put(p, seen.get(p)));
      if (failing) {
        LOG.info("recording the sink's catch-up in the graph works again");
        failing = false;
      }
    } catch (RuntimeException e) {
      if (!failing) {
        LOG.warn(
            "cannot record the sink's catch-up in the graph ({}); retrying, the record only gets older",
            e.getMessage());
        failing = true;
      }
    }
  }
}
